/**
 * Applications and runs: runs move queued → running → succeeded | failed by themselves, and every status
 * change reaches every subscribed webhook as a signed run.status delivery (the way Nextmv fires webhooks),
 * recorded as a conversation. The /trigger route is off unless asked for.
 */
import { strict as assert } from 'assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  FakeState,
  RUN_FAILURE_MESSAGE,
  seedState,
  startFakeApi,
  startReceiver,
  type FakeApi,
  type Receiver,
  type ReceivedDelivery,
  type WireConversation,
} from '../../../tools/fake-api';
import { USAGE, optionsFromArgs, parseArgs } from '../../../tools/fake-api/cli';

const ROOT = path.resolve(__dirname, '../../../..');
const APP = 'order-routing';
const EVENT_KEYS = ['type', 'event_id', 'created_at', 'data'];
const DATA_KEYS = ['run_id', 'application_id', 'application_instance_id', 'status_v2', 'status', 'error'];
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

interface RunStatusEvent {
  type: string;
  event_id: string;
  created_at: string;
  data: Record<string, string>;
}

/** The one run.status body shape, key for key and in order; returns the parsed event. */
function assertOneShape(body: string): RunStatusEvent {
  const event = JSON.parse(body) as RunStatusEvent;
  assert.deepEqual(Object.keys(event), EVENT_KEYS, body);
  assert.equal(event.type, 'run.status');
  assert.match(event.event_id, /^evt-[0-9a-f]+$/);
  assert.match(event.created_at, RFC3339);
  assert.deepEqual(Object.keys(event.data), DATA_KEYS, body);
  for (const k of DATA_KEYS) assert.equal(typeof event.data[k], 'string', k);
  assert.equal(event.data.status, event.data.status_v2 === 'none' ? '' : event.data.status_v2);
  return event;
}

interface Answer {
  status: number;
  json: unknown;
  text: string;
  headers: Headers;
}

describe('fake API applications and runs', () => {
  let fake: FakeApi;
  let receivers: Receiver[] = [];

  before(async () => {
    fake = await startFakeApi({ seed: 'small', key: 'k-runs', deliveryTimeoutMs: 2000, runPaceMs: 40 });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.reset();
    // the seeded webhooks point at example.com: remove them so that no run delivers beyond this machine
    for (const w of fake.state.listWebhooks()) fake.state.deleteWebhook(w.id);
  });
  afterEach(async () => {
    await fake.runsSettled();
    await Promise.all(receivers.map((r) => r.close()));
    receivers = [];
  });

  async function call(method: string, urlPath: string, body?: unknown, key: string | null = fake.key): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (key !== null) headers.authorization = `Bearer ${key}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(fake.url + urlPath, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, headers: res.headers };
  }
  const errorOf = (r: Answer) => (r.json as { error?: string } | undefined)?.error ?? '';

  /** A verifying receiver and `count` webhooks delivering to it (`/hooks/<id>`). */
  async function receiverWithHooks(...ids: string[]): Promise<Receiver> {
    const r = await startReceiver({ secret: ({ path: p }) => fake.secretOf(p.split('/').pop() ?? ''), unit: () => fake.config.signatureUnit });
    receivers.push(r);
    for (const id of ids) assert.equal((await call('POST', '/v1/webhooks', { id, endpoint_url: `${r.url}/hooks/${id}` })).status, 201);
    return r;
  }

  async function createRun(body: unknown = { input: { stops: [] } }, query = ''): Promise<string> {
    const r = await call('POST', `/v1/applications/${APP}/runs${query}`, body);
    assert.equal(r.status, 202, r.text);
    const runId = (r.json as { run_id: string }).run_id;
    assert.equal(typeof runId, 'string');
    assert.deepEqual(Object.keys(r.json as object), ['run_id']);
    return runId;
  }

  async function metadata(runId: string, app = APP): Promise<{ id: string; metadata: Record<string, unknown> }> {
    const r = await call('GET', `/v1/applications/${app}/runs/${runId}/metadata`);
    assert.equal(r.status, 200, r.text);
    return r.json as { id: string; metadata: Record<string, unknown> };
  }

  const statusesOf = (deliveries: readonly ReceivedDelivery[], runId: string) =>
    deliveries.map((d) => JSON.parse(d.body) as RunStatusEvent).filter((e) => e.data.run_id === runId).map((e) => e.data.status_v2);

  describe('applications', () => {
    it('each seed has its applications: demo several, small and <N>x<M> one, empty none', () => {
      const apps = (seed: string) => {
        const state = new FakeState();
        seedState(state, seed, { nowMs: Date.parse('2026-05-01T12:00:00Z'), unit: 'seconds' });
        return state.listApplications();
      };
      const demo = apps('demo');
      assert.ok(demo.length >= 2);
      for (const a of demo) {
        assert.match(a.id, /^[a-z-]+$/);
        assert.ok(a.name.length > 0 && a.description.length > 0, a.id);
        assert.match(a.created_at, RFC3339);
        assert.ok(Date.parse(a.created_at) < Date.parse('2026-05-01T12:00:00Z'));
      }
      assert.deepEqual(apps('small').map((a) => a.id), ['order-routing']);
      assert.equal(apps('empty').length, 0);
      assert.equal(apps('20x5').length, 1);
      assert.deepEqual(apps('demo'), demo, 'the same every time');
    });

    it('the applications the demo deliveries name all exist', () => {
      const state = new FakeState();
      seedState(state, 'demo', { nowMs: Date.now(), unit: 'seconds' });
      const named = new Set(state.listWebhooks().flatMap((w) => state.conversationPage(w.id, undefined, Infinity).items.map((c) => (JSON.parse(c.request.body) as RunStatusEvent).data.application_id)));
      assert.deepEqual([...named].sort(), state.listApplications().map((a) => a.id));
    });

    it('a --state file from before applications existed gets the seed\'s applications; a newer one keeps its own', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-api-apps-'));
      try {
        const old = path.join(dir, 'old.json');
        fs.writeFileSync(old, JSON.stringify({ version: 1, webhooks: [], conversations: {} }));
        const a = await startFakeApi({ seed: 'small', statePath: old });
        await a.close();
        assert.deepEqual(a.state.listApplications().map((x) => x.id), [APP]);
        const mine = path.join(dir, 'mine.json');
        fs.writeFileSync(mine, JSON.stringify({ version: 1, webhooks: [], conversations: {}, applications: [{ id: 'kept', name: 'Kept', description: '', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' }] }));
        const b = await startFakeApi({ seed: 'demo', statePath: mine });
        await b.close();
        assert.deepEqual(b.state.listApplications().map((x) => x.id), ['kept']);
        assert.deepEqual((JSON.parse(fs.readFileSync(old, 'utf8')) as { applications: { id: string }[] }).applications.map((x) => x.id), [APP], 'written back');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    for (const [envelope, pick] of [
      ['items', (j: unknown) => (j as { items: unknown[] }).items],
      ['array', (j: unknown) => j as unknown[]],
      ['named', (j: unknown) => (j as { applications: unknown[] }).applications],
    ] as const) {
      it(`GET /v1/applications in the ${envelope} envelope`, async () => {
        fake.configure({ envelope });
        const r = await call('GET', '/v1/applications');
        assert.equal(r.status, 200);
        const list = pick(r.json) as { id: string; name: string; description: string; created_at: string }[];
        assert.ok(Array.isArray(list), r.text);
        assert.deepEqual(list.map((a) => a.id), [APP]);
        assert.deepEqual(Object.keys(list[0]), ['id', 'name', 'description', 'created_at', 'updated_at']);
      });
    }

    it('with paging on, the list comes whole with a null cursor', async () => {
      fake.configure({ paginate: true, pageSize: 1, cursorField: 'cursor' });
      const r = (await call('GET', '/v1/applications')).json as { items: unknown[]; cursor: unknown };
      assert.equal(r.items.length, 1);
      assert.equal(r.cursor, null);
    });

    it('GET /v1/applications/{id}; an unknown one is a 404 with {"error"}', async () => {
      const one = await call('GET', `/v1/applications/${APP}`);
      assert.equal(one.status, 200);
      assert.equal((one.json as { id: string }).id, APP);
      const ghost = await call('GET', '/v1/applications/ghost');
      assert.equal(ghost.status, 404);
      assert.equal(errorOf(ghost), 'application "ghost" not found');
    });
  });

  describe('runs', () => {
    it('POST …/runs answers 202 {"run_id"}; the metadata moves queued → running → succeeded; GET run adds the output', async () => {
      fake.configure({ runPaceMs: 150 });
      const runId = await createRun({ input: { stops: [1, 2] }, name: 'nightly', description: 'from the test', options: { 'solve.duration': '1s' } }, '?instance_id=candidate');
      assert.ok(runId.startsWith(`${APP}-`));
      const seen: string[] = [];
      const deadline = Date.now() + 5000;
      for (;;) {
        const m = await metadata(runId);
        const status = m.metadata.status_v2 as string;
        if (seen.at(-1) !== status) seen.push(status);
        if (status === 'succeeded' || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.deepEqual(seen, ['queued', 'running', 'succeeded']);
      const m = await metadata(runId);
      assert.equal(m.id, runId);
      assert.deepEqual(
        { ...m.metadata, created_at: undefined, duration: undefined, output_size: undefined },
        { application_id: APP, application_instance_id: 'candidate', created_at: undefined, duration: undefined, input_size: '{"stops":[1,2]}'.length, output_size: undefined, status_v2: 'succeeded', status: 'succeeded', error: '' },
      );
      assert.match(m.metadata.created_at as string, RFC3339);
      assert.ok((m.metadata.duration as number) >= 100, `duration ${String(m.metadata.duration)}`);
      assert.equal((m as unknown as { output?: unknown }).output, undefined, 'metadata has no output');
      const full = (await call('GET', `/v1/applications/${APP}/runs/${runId}`)).json as { name: string; description: string; output: unknown; metadata: { output_size: number } };
      assert.deepEqual([full.name, full.description], ['nightly', 'from the test']);
      assert.ok(full.output !== undefined && typeof full.output === 'object');
      assert.equal(full.metadata.output_size, JSON.stringify(full.output).length);
    });

    it('a run with no instance_id runs on "latest", and before it is done GET run has no output', async () => {
      fake.configure({ runPaceMs: 5000 });
      const runId = await createRun({ input: 'any JSON, even a string' });
      const full = (await call('GET', `/v1/applications/${APP}/runs/${runId}`)).json as { metadata: Record<string, unknown>; output?: unknown };
      assert.equal(full.metadata.application_instance_id, 'latest');
      assert.equal(full.metadata.status_v2, 'queued');
      assert.equal(full.output, undefined);
      fake.reset(); // stops it: afterEach would otherwise wait for it
    });

    it('every status change reaches every subscribed webhook, validly signed, in order, in the one body shape, and is recorded', async () => {
      const r = await receiverWithHooks('hook-a', 'hook-b');
      const runId = await createRun();
      await fake.runsSettled();
      assert.equal(r.deliveries.length, 6);
      for (const id of ['hook-a', 'hook-b']) {
        const mine = r.deliveries.filter((d) => d.path === `/hooks/${id}`);
        assert.deepEqual(mine.map((d) => d.verdict), ['valid', 'valid', 'valid'], id);
        const events = mine.map((d) => assertOneShape(d.body));
        assert.deepEqual(events.map((e) => e.data.status_v2), ['queued', 'running', 'succeeded'], id);
        for (const e of events) assert.deepEqual([e.data.run_id, e.data.application_id, e.data.application_instance_id, e.data.error], [runId, APP, 'latest', '']);
        assert.deepEqual(
          events.map((e) => Date.parse(e.created_at)),
          events.map((e) => Date.parse(e.created_at)).sort((a, b) => a - b),
        );
        // recorded as conversations like any delivery, newest first, with exactly the bytes that were sent
        const listed = (await call('GET', `/v1/webhooks/${id}/conversations`)).json as { items: WireConversation[] };
        assert.deepEqual(listed.items.map((c) => c.request.body), mine.map((d) => d.body).reverse());
        for (const c of listed.items) {
          assert.equal(c.event_type, 'run.status');
          assert.equal(c.response?.status_code, 200);
        }
      }
      // the same event goes to both webhooks, each signed with its own secret
      const a = r.deliveries.find((d) => d.path === '/hooks/hook-a');
      const b = r.deliveries.find((d) => d.path === '/hooks/hook-b' && d.body === a?.body);
      assert.ok(a && b, 'one event body for both');
      assert.notEqual(a.headers['nextmv-signature'], b.headers['nextmv-signature']);
    });

    it('each endpoint gets a run\'s events in order; a slow endpoint delays only its own deliveries', async () => {
      const fast = await receiverWithHooks('fast');
      const slow = await startReceiver({ secret: () => fake.secretOf('slow'), delayMs: 300 });
      receivers.push(slow);
      assert.equal((await call('POST', '/v1/webhooks', { id: 'slow', endpoint_url: `${slow.url}/hooks/slow` })).status, 201);
      const runId = await createRun();
      await fast.waitForDeliveries(3, 2000);
      assert.ok(slow.deliveries.length < 3, `the slow endpoint already had ${slow.deliveries.length}`);
      await fake.runsSettled();
      assert.deepEqual(statusesOf(fast.deliveries, runId), ['queued', 'running', 'succeeded']);
      assert.deepEqual(statusesOf(slow.deliveries, runId), ['queued', 'running', 'succeeded']);
      assert.deepEqual(slow.deliveries.map((d) => d.verdict), ['valid', 'valid', 'valid']);
      const recorded = (await call('GET', '/v1/webhooks/slow/conversations')).json as { items: WireConversation[] };
      assert.deepEqual(recorded.items.map((c) => assertOneShape(c.request.body).data.status_v2), ['succeeded', 'running', 'queued']);
    });

    it('signatures follow the configured unit (milliseconds here) and verify for a receiver reading it', async () => {
      fake.configure({ signatureUnit: 'milliseconds' });
      const r = await receiverWithHooks('ms-hook');
      await createRun();
      await fake.runsSettled();
      assert.deepEqual(r.deliveries.map((d) => d.verdict), ['valid', 'valid', 'valid']);
      for (const d of r.deliveries) assert.match(String(d.headers['nextmv-signature']), /^t=\d{13},v1=[0-9a-f]{64}$/);
    });

    for (const [how, body] of [
      ['"fail": true in the input', { input: { fail: true, stops: [] } }],
      ['the option fail=true', { input: { stops: [] }, options: { fail: 'true' } }],
    ] as const) {
      it(`${how}: the run fails, says why, and the last delivery says failed`, async () => {
        const r = await receiverWithHooks('fail-hook');
        const runId = await createRun(body);
        await fake.runsSettled();
        const m = await metadata(runId);
        assert.deepEqual([m.metadata.status_v2, m.metadata.status, m.metadata.error], ['failed', 'failed', RUN_FAILURE_MESSAGE]);
        const full = (await call('GET', `/v1/applications/${APP}/runs/${runId}`)).json as { output?: unknown };
        assert.equal(full.output, undefined);
        const events = r.deliveries.map((d) => assertOneShape(d.body));
        assert.deepEqual(events.map((e) => e.data.status_v2), ['queued', 'running', 'failed']);
        assert.equal(events[2].data.error, RUN_FAILURE_MESSAGE);
        assert.equal(events[1].data.error, '');
      });
    }

    it('"fail": false, a "fail" that is not true, or an array input succeed', async () => {
      const ids = [await createRun({ input: { fail: false } }), await createRun({ input: { fail: 'true' } }), await createRun({ input: [{ fail: true }] }), await createRun({ input: {}, options: { fail: 'no' } })];
      await fake.runsSettled();
      for (const id of ids) assert.equal((await metadata(id)).metadata.status_v2, 'succeeded', id);
    });

    it('a run of one application is not found under another, nor is an unknown run', async () => {
      fake.state.putApplication({ id: 'other-app', name: 'Other', description: '', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' });
      const runId = await createRun();
      const elsewhere = await call('GET', `/v1/applications/other-app/runs/${runId}/metadata`);
      assert.equal(elsewhere.status, 404);
      assert.equal(errorOf(elsewhere), `run "${runId}" of application "other-app" not found`);
      const unknown = await call('GET', `/v1/applications/${APP}/runs/run-ghost`);
      assert.equal(unknown.status, 404);
      assert.equal(errorOf(unknown), `run "run-ghost" of application "${APP}" not found`);
      for (const p of ['/v1/applications/ghost/runs/x', '/v1/applications/ghost/runs/x/metadata']) {
        const r = await call('GET', p);
        assert.equal(r.status, 404, p);
        assert.equal(errorOf(r), 'application "ghost" not found', p);
      }
    });

    describe('400 and 404 on POST …/runs, with a precise message; nothing is created', () => {
      const cases: [string, string | unknown, RegExp][] = [
        ['a body that is not JSON', '{"input": ', /^the request body is not valid JSON: /],
        ['an empty body', '', /^the request body is empty; send a JSON object$/],
        ['an array', '[{"input": 1}]', /^the request body must be a JSON object$/],
        ['a JSON string', '"input"', /^the request body must be a JSON object$/],
        ['no input', { name: 'x' }, /^input is required: the run's input, any JSON value/],
        ['a null input', { input: null }, /^input is null: /],
        ['options with a number', { input: {}, options: { duration: 10 } }, /^options must map names to strings: options\.duration is a number; send it as a string, e\.g\. "10"$/],
        ['options with an object', { input: {}, options: { nested: { a: 1 } } }, /^options must map names to strings: options\.nested is an object; send it as a string/],
        ['options with null', { input: {}, options: { x: null } }, /options\.x is null/],
        ['options as an array', { input: {}, options: ['a=b'] }, /^options must be a JSON object of strings, e\.g\. \{"solve\.duration": "10s"\}; got an array$/],
        ['options as a string', { input: {}, options: 'a=b' }, /^options must be a JSON object of strings.*got a string$/],
        ['a numeric name', { input: {}, name: 5 }, /^name must be a string$/],
        ['a configuration array', { input: {}, configuration: [] }, /^configuration must be a JSON object$/],
      ];
      for (const [name, body, message] of cases) {
        it(`${name} → 400`, async () => {
          const r = await call('POST', `/v1/applications/${APP}/runs`, body);
          assert.equal(r.status, 400, r.text);
          assert.match(errorOf(r), message);
          assert.equal(fake.state.listRuns().length, 0);
        });
      }
      it('a bad instance_id → 400', async () => {
        const r = await call('POST', `/v1/applications/${APP}/runs?instance_id=${encodeURIComponent('a b')}`, { input: {} });
        assert.equal(r.status, 400);
        assert.match(errorOf(r), /^instance_id "a b" is invalid/);
      });
      it('an unknown application → 404, even with a bad body', async () => {
        for (const body of [{ input: {} }, 'not json']) {
          const r = await call('POST', '/v1/applications/ghost/runs', body);
          assert.equal(r.status, 404);
          assert.equal(errorOf(r), 'application "ghost" not found');
        }
        assert.equal(fake.state.listRuns().length, 0);
      });
      it('GET on …/runs is a 405 that allows POST', async () => {
        const r = await call('GET', `/v1/applications/${APP}/runs`);
        assert.equal(r.status, 405);
        assert.equal(r.headers.get('allow'), 'POST');
      });
    });

    it('faults apply to the new routes: 429 with Retry-After on createRun creates nothing; 503 on runMetadata; by name in the request log', async () => {
      fake.addFault({ route: 'createRun', status: 429, retryAfter: 3, times: 1 });
      const limited = await call('POST', `/v1/applications/${APP}/runs`, { input: {} });
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('retry-after'), '3');
      assert.equal(fake.state.listRuns().length, 0);
      const runId = await createRun();
      fake.addFault({ route: 'runMetadata', status: 503, times: 1 });
      assert.equal((await call('GET', `/v1/applications/${APP}/runs/${runId}/metadata`)).status, 503);
      assert.equal((await call('GET', `/v1/applications/${APP}/runs/${runId}/metadata`)).status, 200);
      fake.addFault({ route: 'listApplications', malformedJson: true, times: 1 });
      assert.equal((await call('GET', '/v1/applications')).json, undefined, 'malformed');
      assert.deepEqual(
        fake.requests.map((r) => [r.route, r.status, r.fault]),
        [
          ['createRun', 429, 'status 429'],
          ['createRun', 202, undefined],
          ['runMetadata', 503, 'status 503'],
          ['runMetadata', 200, undefined],
          ['listApplications', 200, 'malformedJson'],
        ],
      );
      // faults are checked by route name
      const bad = await call('POST', '/_fake/faults', { route: 'createRuns', status: 500 }, null);
      assert.equal(bad.status, 400);
      assert.match(errorOf(bad), /route must be one of .*"createRun"/);
    });

    it('the new routes need the API key', async () => {
      for (const [method, p] of [['GET', '/v1/applications'], ['POST', `/v1/applications/${APP}/runs`], ['GET', `/v1/applications/${APP}/runs/x/metadata`]] as const) {
        assert.equal((await call(method, p, method === 'POST' ? { input: {} } : undefined, null)).status, 401, p);
      }
      assert.equal(fake.state.listRuns().length, 0);
    });

    it('runPaceMs: default 300, settable by /_fake/config (0 allowed), checked', async () => {
      const plain = await startFakeApi({ seed: 'empty' });
      try {
        assert.equal(plain.config.runPaceMs, 300);
      } finally {
        await plain.close();
      }
      const changed = await call('POST', '/_fake/config', { runPaceMs: 0 }, null);
      assert.equal(changed.status, 200);
      assert.equal((changed.json as { runPaceMs: number }).runPaceMs, 0);
      const r = await receiverWithHooks('fast-hook');
      await createRun();
      await fake.runsSettled();
      assert.equal(r.deliveries.length, 3);
      assert.match(errorOf(await call('POST', '/_fake/config', { runPaceMs: -1 }, null)), /runPaceMs must be an integer from 0 to 600000/);
      assert.match(errorOf(await call('POST', '/_fake/config', { runPaceMs: 'soon' }, null)), /runPaceMs must be an integer/);
    });

    it('POST /_fake/runs/{run_id}/status on a run of the fake: it takes that status, stops moving on, and the change is delivered after the earlier ones', async () => {
      fake.configure({ runPaceMs: 60_000 });
      const r = await receiverWithHooks('ctl-hook');
      const runId = await createRun();
      const res = await fetch(`${fake.url}/_fake/runs/${runId}/status`, { method: 'POST', body: JSON.stringify({ status: 'canceled' }) });
      assert.equal(res.status, 200);
      const { deliveries } = (await res.json()) as { deliveries: WireConversation[] };
      assert.equal(deliveries.length, 1);
      assert.deepEqual(statusesOf(r.deliveries, runId), ['queued', 'canceled']);
      const event = assertOneShape(deliveries[0].request.body);
      assert.deepEqual([event.data.application_id, event.data.status_v2, event.data.error], [APP, 'canceled', '']);
      assert.equal((await metadata(runId)).metadata.status_v2, 'canceled');
      await fake.runsSettled(); // resolves at once: the 60 s step was cancelled
      const bad = await fetch(`${fake.url}/_fake/runs/${runId}/status`, { method: 'POST', body: JSON.stringify({ status: 'failed', reason: 'x' }) });
      assert.equal(bad.status, 400);
      assert.match(((await bad.json()) as { error: string }).error, /unknown field "reason"; known: status, application_id/);
    });

    it('POST /_fake/runs/{run_id}/status for a run the fake does not know still delivers the one shape', async () => {
      const r = await receiverWithHooks('ext-hook');
      const res = await fetch(`${fake.url}/_fake/runs/run-elsewhere/status`, { method: 'POST', body: JSON.stringify({ status: 'failed', application_id: 'routing' }) });
      assert.equal(res.status, 200);
      const event = assertOneShape(r.deliveries[0].body);
      assert.deepEqual(
        [event.data.run_id, event.data.application_id, event.data.application_instance_id, event.data.status_v2, event.data.status],
        ['run-elsewhere', 'routing', 'latest', 'failed', 'failed'],
      );
      assert.notEqual(event.data.error, '');
    });

    it('reset() stops the runs: no more status changes, no more deliveries, no timer left', async () => {
      fake.configure({ runPaceMs: 100 });
      const r = await receiverWithHooks('reset-hook');
      const runId = await createRun();
      await r.waitForDeliveries(1);
      fake.reset();
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(statusesOf(r.deliveries, runId), ['queued']);
      assert.equal(fake.state.findRun(runId), undefined);
      // a run a minute away from its next step: after reset nothing is left waiting for it
      fake.configure({ runPaceMs: 60_000 });
      await createRun();
      assert.equal(fake.state.listRuns()[0].status, 'queued');
      fake.reset();
      const outcome = await Promise.race([fake.runsSettled().then(() => 'settled'), new Promise((resolve) => setTimeout(() => resolve('a timer is left'), 1000))]);
      assert.equal(outcome, 'settled');
    });
  });

  describe('the trigger route', () => {
    it('is off by default: 404 like a route that does not exist', async () => {
      const r = await receiverWithHooks('trig-hook');
      const off = await call('POST', '/v1/webhooks/trig-hook/trigger', {});
      assert.equal(off.status, 404);
      assert.equal(errorOf(off), 'not found');
      assert.equal(r.deliveries.length, 0);
      assert.equal(fake.config.triggerEnabled, false);
    });

    it('works when turned on (start option or /_fake/config), and its delivery has the one body shape', async () => {
      const on = await startFakeApi({ seed: 'empty', triggerEnabled: true });
      try {
        assert.equal(on.config.triggerEnabled, true);
      } finally {
        await on.close();
      }
      assert.equal((await call('POST', '/_fake/config', { triggerEnabled: true }, null)).status, 200);
      const r = await receiverWithHooks('trig-hook');
      const res = await call('POST', '/v1/webhooks/trig-hook/trigger', { event_type: 'run.status', data: { run_id: 'run-9', status_v2: 'failed' } });
      assert.equal(res.status, 200);
      assert.equal(r.deliveries[0].verdict, 'valid');
      const event = assertOneShape(r.deliveries[0].body);
      // status follows status_v2 unless given: one consistent body
      assert.deepEqual([event.data.run_id, event.data.status_v2, event.data.status], ['run-9', 'failed', 'failed']);
      assert.equal((res.json as WireConversation).request.body, r.deliveries[0].body);
      const plain = await call('POST', '/v1/webhooks/trig-hook/trigger');
      assert.equal(plain.status, 200);
      assert.equal(assertOneShape((plain.json as WireConversation).request.body).data.status_v2, 'succeeded');
      const extra = await call('POST', '/v1/webhooks/trig-hook/trigger', { data: { run_id: 'x', note: 'hi' } });
      assert.equal(extra.status, 400);
      assert.match(errorOf(extra), /^unknown data field "note"; a run.status event's data has run_id, application_id/);
      assert.match(errorOf(await call('POST', '/v1/webhooks/trig-hook/trigger', { data: { status_v2: 'exploded' } })), /data.status_v2 must be one of queued, running/);
      assert.match(errorOf(await call('POST', '/v1/webhooks/trig-hook/trigger', { data: { run_id: 7 } })), /data.run_id must be a string/);
    });
  });

  describe('command line', () => {
    it('--trigger turns the route on, --no-trigger keeps it off (and wins), --run-pace sets the pace', () => {
      assert.equal(optionsFromArgs(parseArgs(['--trigger'])).triggerEnabled, true);
      assert.equal(optionsFromArgs(parseArgs(['--no-trigger'])).triggerEnabled, false);
      assert.equal(optionsFromArgs(parseArgs(['--trigger', '--no-trigger'])).triggerEnabled, false);
      assert.equal(optionsFromArgs(parseArgs([])).triggerEnabled, undefined, 'the default comes from the config: off');
      assert.equal(optionsFromArgs(parseArgs(['--run-pace', '25'])).runPaceMs, 25);
      assert.equal(optionsFromArgs(parseArgs(['--run-pace=0'])).runPaceMs, 0);
      assert.throws(() => parseArgs(['--run-pace']), /--run-pace needs a value/);
    });

    it('--help names the new flags and how a run fails', () => {
      for (const text of ['--trigger', '--no-trigger', '--run-pace MS', 'POST /v1/applications/{app_id}/runs', '"fail": true', 'fail=true']) assert.ok(USAGE.includes(text), text);
    });
  });
});

describe('fake API runs leave nothing running after close()', () => {
  it('a process with runs still queued exits by itself once the fake is closed', async function () {
    this.timeout(20_000);
    // a one-minute pace: a timer left behind would hold the process for a minute
    const script = `
      const http = require('node:http');
      const { startFakeApi, startReceiver } = require('./test/tools/fake-api');
      (async () => {
        const fake = await startFakeApi({ seed: 'small', runPaceMs: 60000 });
        for (const w of fake.state.listWebhooks()) fake.state.deleteWebhook(w.id);
        const receiver = await startReceiver({ secret: () => fake.secretOf('local') });
        fake.state.putWebhook({ id: 'local', event_types: ['run.status'], endpoint_url: receiver.url + '/hooks/local', description: '', created_at: '', updated_at: '', secret: 's', extra: {} });
        const post = () => new Promise((resolve, reject) => {
          const req = http.request(fake.url + '/v1/applications/order-routing/runs', { method: 'POST', agent: false, headers: { authorization: 'Bearer ' + fake.key } }, (res) => {
            let text = '';
            res.on('data', (d) => (text += d));
            res.on('end', () => resolve(res.statusCode + ' ' + text));
          });
          req.on('error', reject);
          req.end('{"input":{}}');
        });
        for (let i = 0; i < 3; i++) console.log(await post());
        await receiver.waitForDeliveries(3);
        console.log('moving ' + fake.state.listRuns().map((r) => r.status).join(','));
        await Promise.all([fake.close(), receiver.close()]);
        console.log('closed');
      })().catch((err) => { console.error(err); process.exit(3); });
    `;
    const started = Date.now();
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', (c) => {
        clearTimeout(killer);
        resolve(c);
      });
    });
    assert.equal(code, 0, `exit ${String(code)} after ${Date.now() - started} ms\n${out}\n${err}`);
    const lines = out.trim().split('\n');
    assert.equal(lines.filter((l) => /^202 \{"run_id":"order-routing-[0-9a-f]+"\}$/.test(l)).length, 3, out);
    assert.ok(lines.includes('moving queued,queued,queued'), out);
    assert.equal(lines.at(-1), 'closed');
  });
});
