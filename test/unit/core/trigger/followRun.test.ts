/** followRun: polling a run and the webhook's deliveries to the end, with a virtual clock — and once against the fake API. */
import { strict as assert } from 'assert';
import { parseConversation, type Conversation, type RunState } from '../../../../src/core/api';
import { DEFAULT_FOLLOW_LIMITS, followRun, type FollowEvent, type FollowRunDeps } from '../../../../src/core/trigger/followRun';
import { sleep } from '../../../../src/core/timers';
import { startReceiver, type Receiver } from '../../../tools/fake-api';
import { startFakeAndClient, stopFakeAndClient, type FakeAndClient } from '../api/helpers/fakeClient';

const RUN = 'run-abc';

function delivery(id: string, body: unknown, statusCode = 200): Conversation {
  return parseConversation({
    id,
    webhook_id: 'hook',
    event_type: 'run.status',
    request: { url: 'https://example.com/h', method: 'POST', headers: {}, body: typeof body === 'string' ? body : JSON.stringify(body) },
    response: { status_code: statusCode, headers: {}, body: '' },
  });
}
const about = (id: string, status: string, run = RUN, key: 'type' | 'event_type' = 'type', statusCode = 200) =>
  delivery(id, { [key]: 'run.status', event_id: `evt-${id}`, data: { run_id: run, application_id: 'app', status_v2: status, error: '', unknown_field: { x: 1 } } }, statusCode);

/**
 * A scripted world: at poll i, the run's status is statuses[i] (the last one repeats) and the webhook holds
 * the deliveries listed for polls ≤ i (newest first, as the API lists them). The clock moves only in sleep().
 */
function world(statuses: string[], deliveriesByPoll: Record<number, Conversation[]>, o: { failGetRun?: number[]; failList?: number[] } = {}) {
  let clock = 0;
  let poll = -1;
  const delays: number[] = [];
  const held: Conversation[] = [];
  const deps: FollowRunDeps = {
    getRun: async () => {
      poll++;
      for (const c of deliveriesByPoll[poll] ?? []) held.unshift(c);
      if (o.failGetRun?.includes(poll)) throw new Error(`metadata failed at poll ${poll}`);
      return { runId: RUN, status: statuses[Math.min(poll, statuses.length - 1)], raw: {} } satisfies RunState;
    },
    listDeliveries: async () => {
      if (o.failList?.includes(poll)) throw new Error(`list failed at poll ${poll}`);
      return [...held];
    },
    sleep: async (ms) => {
      delays.push(ms);
      clock += ms;
      // after the run is final getRun is no longer asked: the world still moves on with the clock
      if (poll >= 0 && delays.length > poll + 1) {
        poll++;
        for (const c of deliveriesByPoll[poll] ?? []) held.unshift(c);
      }
    },
    now: () => clock,
  };
  return { deps, delays, polls: () => poll + 1 };
}

describe('followRun', () => {
  const events: FollowEvent[] = [];
  const record = (e: FollowEvent) => events.push(e);
  const summary = () => events.map((e) => (e.kind === 'status' ? `status ${e.status}` : e.kind === 'delivery' ? `delivery ${e.conversation.id} ${e.status}` : `failed ${e.consecutive}`));
  beforeEach(() => (events.length = 0));

  it('reports each status and each delivery about the run, oldest first, and ends when the final status has its delivery', async () => {
    const w = world(['queued', 'running', 'succeeded'], {
      0: [about('c1', 'queued'), delivery('other-run', { type: 'run.status', data: { run_id: 'run-zzz', status_v2: 'queued' } })],
      1: [about('c2', 'running', RUN, 'event_type')],
      2: [about('c3', 'succeeded')],
    });
    const r = await followRun(RUN, w.deps, record, new AbortController().signal);
    assert.equal(r.end, 'finished');
    assert.equal(r.status, 'succeeded');
    assert.deepEqual(r.deliveries.map((d) => [d.conversation.id, d.status]), [['c1', 'queued'], ['c2', 'running'], ['c3', 'succeeded']]);
    assert.deepEqual(summary(), ['status queued', 'delivery c1 queued', 'status running', 'delivery c2 running', 'status succeeded', 'delivery c3 succeeded']);
  });

  it('several deliveries in one poll come oldest first; ones seen before are not reported again', async () => {
    const w = world(['running', 'running', 'succeeded'], { 1: [about('c1', 'queued'), about('c2', 'running')], 2: [about('c3', 'succeeded')] });
    const r = await followRun(RUN, w.deps, record, new AbortController().signal);
    assert.deepEqual(r.deliveries.map((d) => d.conversation.id), ['c1', 'c2', 'c3'], 'c1 was sent before c2');
    assert.equal(events.filter((e) => e.kind === 'delivery').length, 3);
  });

  it('backs off while nothing changes (×1.5 up to the maximum) and starts over after a change', async () => {
    const statuses = ['queued', ...Array(8).fill('running'), 'succeeded'];
    const w = world(statuses, { 9: [about('c9', 'succeeded')] });
    await followRun(RUN, w.deps, record, new AbortController().signal, { ...DEFAULT_FOLLOW_LIMITS, firstDelayMs: 100, maxDelayMs: 400 });
    assert.deepEqual(w.delays, [100, 100, 150, 225, 338, 400, 400, 400, 400], 'a change (queued → running) resets the pause');
  });

  it('final without the delivery of that status: waits the grace period, then ends noFinalDelivery with what arrived', async () => {
    const w = world(['running', 'failed'], { 0: [about('c1', 'running', RUN, 'type', 401)] });
    const r = await followRun(RUN, w.deps, record, new AbortController().signal, { ...DEFAULT_FOLLOW_LIMITS, finalDeliveryGraceMs: 5_000 });
    assert.equal(r.end, 'noFinalDelivery');
    assert.equal(r.status, 'failed');
    assert.deepEqual(r.deliveries.map((d) => d.conversation.id), ['c1']);
    const waited = w.delays.slice(1).reduce((a, b) => a + b, 0);
    assert.ok(waited >= 5_000, `waited ${waited} ms of virtual time after the run ended`);
  });

  it('keeps the run error from the metadata', async () => {
    const w = world(['failed'], { 0: [about('c1', 'failed')] });
    w.deps.getRun = async () => ({ runId: RUN, status: 'failed', error: 'exit 1', raw: {} });
    const r = await followRun(RUN, w.deps, record, new AbortController().signal);
    assert.equal(r.runError, 'exit 1');
  });

  it('a failed poll is reported and retried; too many in a row end failedPolling with the last error', async () => {
    const w = world(['running', 'running', 'succeeded'], { 2: [about('c1', 'succeeded')] }, { failGetRun: [0] });
    const r = await followRun(RUN, w.deps, record, new AbortController().signal);
    assert.equal(r.end, 'finished', 'one failure is not the end');
    assert.deepEqual(summary()[0], 'failed 1');

    events.length = 0;
    const broken = world(['running'], {}, { failList: [0, 1, 2, 3, 4, 5, 6] });
    const r2 = await followRun(RUN, broken.deps, record, new AbortController().signal, { ...DEFAULT_FOLLOW_LIMITS, maxConsecutiveFailures: 3 });
    assert.equal(r2.end, 'failedPolling');
    assert.match(String((r2.pollError as Error).message), /list failed at poll 2/);
    assert.deepEqual(summary(), ['status running', 'failed 1', 'failed 2', 'failed 3']);
  });

  it('stops at the time limit while the run is still going', async () => {
    const w = world(['running'], {});
    const r = await followRun(RUN, w.deps, record, new AbortController().signal, { ...DEFAULT_FOLLOW_LIMITS, maxFollowMs: 30_000 });
    assert.equal(r.end, 'timeLimit');
    assert.equal(r.status, 'running');
  });

  it('cancelled: before the first poll, or while a request or a pause is under way', async () => {
    const aborted = new AbortController();
    aborted.abort();
    assert.equal((await followRun(RUN, world(['running'], {}).deps, record, aborted.signal)).end, 'cancelled');

    const during = new AbortController();
    const w = world(['running'], {});
    w.deps.listDeliveries = async () => {
      during.abort();
      throw new Error('The request was cancelled.');
    };
    const r = await followRun(RUN, w.deps, record, during.signal);
    assert.equal(r.end, 'cancelled');
    assert.ok(!events.some((e) => e.kind === 'pollFailed'), 'a cancelled request is not a failure');

    const inPause = new AbortController();
    const p = world(['running'], {});
    p.deps.sleep = (ms, signal) => sleep(ms, signal, () => new Error('aborted'));
    const following = followRun(RUN, p.deps, record, inPause.signal);
    setTimeout(() => inPause.abort(), 5);
    assert.equal((await following).end, 'cancelled');
  });
});

describe('followRun against the fake API', () => {
  let ctx: FakeAndClient;
  let receiver: Receiver;
  before(async () => {
    ctx = await startFakeAndClient({ seed: 'empty', runPaceMs: 30 });
    receiver = await startReceiver({ secret: ({ path }) => ctx.fake.secretOf(path.split('/').pop() ?? '') });
    ctx.fake.state.putApplication({ id: 'app', name: 'App', description: '', created_at: new Date().toISOString(), updated_at: new Date().toISOString() });
  });
  after(async () => {
    await receiver.close();
    await stopFakeAndClient(ctx);
  });

  it('follows a real run of the fake to its final delivery, each one signed and verified by the receiver', async () => {
    await ctx.client.createWebhook({ id: 'hook', eventTypes: ['run.status'], endpointUrl: `${receiver.url}/hooks/hook` });
    const runId = await ctx.client.createRun('app', { input: {} });
    const statuses: string[] = [];
    const r = await followRun(
      runId,
      {
        getRun: (signal) => ctx.client.getRunMetadata('app', runId, { signal }),
        listDeliveries: async (signal) => (await ctx.client.listConversationsPage('hook', undefined, 25, { signal })).items,
        sleep: (ms, signal) => sleep(ms, signal, () => new Error('aborted')),
        now: Date.now,
      },
      (e) => e.kind === 'status' && statuses.push(e.status),
      new AbortController().signal,
      { ...DEFAULT_FOLLOW_LIMITS, firstDelayMs: 10, maxDelayMs: 20 },
    );
    assert.equal(r.end, 'finished');
    assert.equal(statuses.at(-1), 'succeeded');
    assert.deepEqual(r.deliveries.map((d) => d.status), ['queued', 'running', 'succeeded']);
    assert.deepEqual(receiver.deliveries.map((d) => d.verdict), ['valid', 'valid', 'valid']);
  });
});
