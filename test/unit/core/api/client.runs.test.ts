/** The client's applications and runs against the in-process fake: listing, starting, following, and each failure. */
import { strict as assert } from 'assert';
import {
  isBadRequestError,
  isFinalRunStatus,
  isInvalidResponseError,
  isNetworkError,
  isNotFoundError,
  isRateLimitedError,
  parseApplicationList,
  parseRunId,
  parseRunState,
  type ApiError,
} from '../../../../src/core/api';
import { summarizeRunStatus } from '../../../../src/core/inspector/format';
import { startReceiver, type Receiver } from '../../../tools/fake-api';
import { failOnUnhandledRejections, rejectionOf, startFakeAndClient, stopFakeAndClient, type FakeAndClient } from './helpers/fakeClient';

describe('NextmvClient: applications and runs, against the fake API', () => {
  let ctx: FakeAndClient;
  let receiver: Receiver;
  failOnUnhandledRejections();

  before(async () => {
    ctx = await startFakeAndClient({ seed: 'small', runPaceMs: 20, deliveryTimeoutMs: 500 });
    receiver = await startReceiver({ secret: ({ path }) => ctx.fake.secretOf(path.split('/').pop() ?? '') });
  });
  after(async () => {
    await receiver.close();
    await stopFakeAndClient(ctx);
  });
  beforeEach(() => ctx.fake.reset());

  for (const envelope of ['items', 'array', 'named'] as const) {
    it(`lists the applications with id, name and description (envelope: ${envelope})`, async () => {
      ctx.fake.configure({ envelope });
      const apps = await ctx.client.listApplications();
      assert.deepEqual(apps.map((a) => a.id), ['order-routing']);
      assert.equal(apps[0].name, ctx.fake.state.getApplication('order-routing')?.name);
      assert.ok(apps[0].name, 'the seeded application has a name');
      assert.equal(apps[0].raw.id, 'order-routing', 'the object as sent is kept');
    });
  }

  it('starts a run (POST, instance_id in the query) that fires signed run.status deliveries naming it, and follows its status to the end', async () => {
    await ctx.client.createWebhook({ id: 'local', eventTypes: ['run.status'], endpointUrl: `${receiver.url}/hooks/local` });
    const runId = await ctx.client.createRun('order-routing', { input: { stops: [] }, name: 'from a test', description: 'checks createRun' }, { instanceId: 'latest' });
    assert.match(runId, /\S/);
    const [request] = ctx.fake.requestsTo('createRun');
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/v1/applications/order-routing/runs?instance_id=latest');
    assert.deepEqual(JSON.parse(request.body ?? ''), { input: { stops: [] }, name: 'from a test', description: 'checks createRun' });

    const first = await ctx.client.getRunMetadata('order-routing', runId);
    assert.equal(first.runId, runId);
    assert.ok(['queued', 'running', 'succeeded'].includes(first.status ?? ''), first.status);
    await ctx.fake.runsSettled();
    const last = await ctx.client.getRunMetadata('order-routing', runId);
    assert.equal(last.status, 'succeeded');
    assert.ok(isFinalRunStatus(last.status));

    const mine = receiver.deliveries.filter((d) => d.path === '/hooks/local');
    assert.deepEqual(mine.map((d) => d.verdict), ['valid', 'valid', 'valid'], 'queued, running, succeeded — each signed with the webhook secret');
    assert.deepEqual(mine.map((d) => summarizeRunStatus(d.body)), ['queued', 'running', 'succeeded'].map((status) => ({ eventType: 'run.status', runId, applicationId: 'order-routing', status })));
  });

  it('a run asked to fail ends failed, with its error', async () => {
    const runId = await ctx.client.createRun('order-routing', { input: { fail: true } });
    assert.equal(ctx.fake.requestsTo('createRun')[0].path, '/v1/applications/order-routing/runs', 'no instance_id when none is given');
    await ctx.fake.runsSettled();
    const state = await ctx.client.getRunMetadata('order-routing', runId);
    assert.equal(state.status, 'failed');
    assert.match(state.error ?? '', /asked to fail/);
  });

  it('an unknown application is NotFound naming it, with what to do; nothing is started', async () => {
    const err = (await rejectionOf(ctx.client.createRun('no-such-app', { input: {} }))) as ApiError;
    assert.ok(isNotFoundError(err), String(err));
    assert.match(err.userMessage, /Application "no-such-app" was not found \(404\)\. Pick an application/);
    assert.equal(ctx.fake.state.listRuns().length, 0);
  });

  it("an input the API rejects is BadRequest quoting the server and saying nothing was started", async () => {
    const err = (await rejectionOf(ctx.client.createRun('order-routing', { input: null }))) as ApiError;
    assert.ok(isBadRequestError(err), String(err));
    assert.match(err.userMessage, /^Nextmv Cloud rejected the request: input is null: .*\. Nothing was started\. Fix the run's input/);
    assert.equal(ctx.fake.state.listRuns().length, 0);
  });

  it('429 on start is RateLimited with Retry-After, and the POST is not retried', async () => {
    ctx.fake.addFault({ route: 'createRun', status: 429, retryAfter: 1, times: 1 });
    const err = (await rejectionOf(ctx.client.createRun('order-routing', { input: {} }))) as ApiError;
    assert.ok(isRateLimitedError(err), String(err));
    assert.match(err.userMessage, /Try again in 1 s/);
    assert.equal(ctx.fake.requestsTo('createRun').length, 1, 'a POST is never repeated by itself');
  });

  it('a dropped connection on start is a NetworkError, sent once', async () => {
    ctx.fake.addFault({ route: 'createRun', reset: true, times: 1 });
    const err = await rejectionOf(ctx.client.createRun('order-routing', { input: {} }));
    assert.ok(isNetworkError(err), String(err));
    assert.equal(ctx.fake.requestsTo('createRun').length, 1);
  });

  it('the metadata of an unknown run is NotFound naming the run', async () => {
    const err = (await rejectionOf(ctx.client.getRunMetadata('order-routing', 'run-ghost'))) as ApiError;
    assert.ok(isNotFoundError(err));
    assert.match(err.userMessage, /run "run-ghost" of application "order-routing"/i);
  });
});

describe('runs: lenient readers', () => {
  it('applications: every envelope, null, and unusable entries counted rather than fatal', () => {
    const app = { id: 'a', name: 'A', description: 'd', default_instance_id: 'prod', type: 'custom' };
    assert.deepEqual(parseApplicationList([app]).items.map((a) => [a.id, a.defaultInstanceId]), [['a', 'prod']]);
    assert.equal(parseApplicationList({ applications: [app] }).items.length, 1);
    assert.equal(parseApplicationList({ items: [app], next_page_token: 'p2' }).nextCursor, 'p2');
    assert.deepEqual(parseApplicationList(null).items, []);
    const mixed = parseApplicationList([app, { name: 'no id' }, 'x']);
    assert.equal(mixed.items.length, 1);
    assert.equal(mixed.skipped, 2);
    assert.equal(parseApplicationList([{ id: 'b' }]).items[0].name, '', 'missing fields are empty, not undefined');
  });

  it('a run id from run_id (the SDK), id or runId; none is InvalidResponse that says the run may exist', () => {
    assert.equal(parseRunId({ run_id: 'r1' }), 'r1');
    assert.equal(parseRunId({ id: 'r2', extra: true }), 'r2');
    assert.equal(parseRunId({ runId: 'r3' }), 'r3');
    for (const body of [undefined, {}, { run_id: '' }, 'r4']) {
      assert.throws(() => parseRunId(body), (e: unknown) => isInvalidResponseError(e) && /may have started/.test((e as ApiError).userMessage));
    }
  });

  it('a run status from metadata.status_v2, status_v2 or status, in metadata or at the top level; unknown fields ignored', () => {
    assert.equal(parseRunState('r', { metadata: { status_v2: 'running', status: 'old' } }).status, 'running');
    assert.equal(parseRunState('r', { metadata: { status: 'succeeded' } }).status, 'succeeded');
    assert.equal(parseRunState('r', { status_v2: 'queued', whatever: [1] }).status, 'queued');
    assert.equal(parseRunState('r', { status: 'failed', error: 'boom' }).error, 'boom');
    assert.equal(parseRunState('r', { metadata: { status_v2: 'failed', error: 'exit 1' } }).error, 'exit 1');
    assert.equal(parseRunState('r', { metadata: { status_v2: 'succeeded', error: '' } }).error, undefined, 'an empty error is no error');
    assert.equal(parseRunState('r', {}).status, undefined);
    assert.equal(parseRunState('r', { id: 'r-real' }).runId, 'r-real');
    assert.throws(() => parseRunState('r', [1]), (e: unknown) => isInvalidResponseError(e));
  });

  it('final statuses: succeeded, failed, canceled (either spelling); queued, running, none and unknown are not', () => {
    for (const s of ['succeeded', 'failed', 'canceled', 'cancelled', 'Succeeded']) assert.ok(isFinalRunStatus(s), s);
    for (const s of ['queued', 'running', 'none', '', undefined, 'paused']) assert.ok(!isFinalRunStatus(s), String(s));
  });
});
