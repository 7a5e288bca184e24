/** The fake API over raw HTTP: auth, validation messages, status codes, PUT semantics, control routes. */
import { strict as assert } from 'assert';
import { ROUTE_NAMES, startFakeApi, type FakeApi } from '../../../tools/fake-api';

describe('fake API server', () => {
  let fake: FakeApi;
  before(async () => {
    fake = await startFakeApi({ seed: 'small', key: 'k-fake-test' });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  async function call(method: string, path: string, body?: unknown, key: string | null = fake.key): Promise<{ status: number; json: unknown; text: string; headers: Headers }> {
    const headers: Record<string, string> = {};
    if (key !== null) headers.authorization = `Bearer ${key}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(fake.url + path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, headers: res.headers };
  }
  const errorOf = (r: { json: unknown }) => (r.json as { error?: string }).error ?? '';

  it('prints a root URL without /v1 and serves a description at /', async () => {
    assert.match(fake.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await call('GET', '/', undefined, null)).status, 200);
  });

  describe('auth', () => {
    const paths: Record<(typeof ROUTE_NAMES)[number], [string, string]> = {
      listWebhooks: ['GET', '/v1/webhooks'],
      createWebhook: ['POST', '/v1/webhooks'],
      getWebhook: ['GET', '/v1/webhooks/orders-prod'],
      updateWebhook: ['PUT', '/v1/webhooks/orders-prod'],
      deleteWebhook: ['DELETE', '/v1/webhooks/orders-prod'],
      listConversations: ['GET', '/v1/webhooks/orders-prod/conversations'],
      getConversation: ['GET', '/v1/webhooks/orders-prod/conversations/x'],
      getSecret: ['GET', '/v1/webhooks/orders-prod/secret'],
      triggerWebhook: ['POST', '/v1/webhooks/orders-prod/trigger'],
      listApplications: ['GET', '/v1/applications'],
      getApplication: ['GET', '/v1/applications/order-routing'],
      createRun: ['POST', '/v1/applications/order-routing/runs'],
      getRun: ['GET', '/v1/applications/order-routing/runs/x'],
      runMetadata: ['GET', '/v1/applications/order-routing/runs/x/metadata'],
    };
    for (const route of ROUTE_NAMES) {
      it(`${route}: 401 with {"error"} without a key, and with a wrong one`, async () => {
        const [method, path] = paths[route];
        const missing = await call(method, path, undefined, null);
        assert.equal(missing.status, 401);
        assert.match(errorOf(missing), /missing API key/);
        const wrong = await call(method, path, undefined, 'nope');
        assert.equal(wrong.status, 401);
        assert.equal(errorOf(wrong), 'invalid API key');
        assert.equal(fake.state.webhookCount, 3, 'nothing changed');
      });
    }
    it('accepts "bearer" in any case', async () => {
      const res = await fetch(`${fake.url}/v1/webhooks`, { headers: { authorization: `bearer ${fake.key}` } });
      await res.arrayBuffer();
      assert.equal(res.status, 200);
    });
  });

  describe('validation', () => {
    const good = { id: 'new-hook', event_types: ['run.status'], endpoint_url: 'https://a.example.com/h', description: 'd' };
    const cases: [string, unknown, RegExp][] = [
      ['bad JSON', '{"id": ', /not valid JSON/],
      ['an empty body', '', /body is empty/],
      ['an array', '[]', /must be a JSON object/],
      ['no id', { ...good, id: undefined }, /id is required/],
      ['a bad id', { ...good, id: 'a b' }, /id "a b" is invalid/],
      ['a 65-character id', { ...good, id: 'a'.repeat(65) }, /is invalid/],
      ['no endpoint_url', { ...good, endpoint_url: undefined }, /endpoint_url is required/],
      ['a relative URL', { ...good, endpoint_url: 'hooks/x' }, /endpoint_url "hooks\/x" is not an absolute http/],
      ['a mailto URL', { ...good, endpoint_url: 'mailto:a@example.com' }, /not an absolute http/],
      ['an unknown event type', { ...good, event_types: ['run.status', 'run.deleted'] }, /unknown event type "run.deleted"; supported: run.status/],
      ['event_types not an array', { ...good, event_types: 'run.status' }, /must be an array of strings/],
      ['no event types', { ...good, event_types: [] }, /at least one event type/],
      ['a numeric description', { ...good, description: 5 }, /description must be a string/],
    ];
    for (const [name, body, message] of cases) {
      it(`create with ${name} → 400 saying so`, async () => {
        const r = await call('POST', '/v1/webhooks', body);
        assert.equal(r.status, 400);
        assert.match(errorOf(r), message);
      });
    }
    it('accepts the longest id and both URL schemes; defaults event_types', async () => {
      assert.equal((await call('POST', '/v1/webhooks', { ...good, id: 'A_-9'.repeat(16) })).status, 201);
      const r = await call('POST', '/v1/webhooks', { id: 'plain', endpoint_url: 'http://127.0.0.1:9/x' });
      assert.equal(r.status, 201);
      assert.deepEqual((r.json as { event_types: string[] }).event_types, ['run.status']);
      assert.equal((r.json as { description: string }).description, '');
    });
    it('409 on a duplicate id, 404 on unknown ids, 405 with Allow on a wrong method', async () => {
      const dup = await call('POST', '/v1/webhooks', { ...good, id: 'orders-prod' });
      assert.equal(dup.status, 409);
      assert.match(errorOf(dup), /"orders-prod" already exists/);
      for (const path of ['/v1/webhooks/ghost', '/v1/webhooks/ghost/conversations', '/v1/webhooks/ghost/secret', '/v1/webhooks/orders-prod/conversations/ghost', '/v1/nothing']) {
        assert.equal((await call('GET', path)).status, 404, path);
      }
      const patch = await call('PATCH', '/v1/webhooks/orders-prod', {});
      assert.equal(patch.status, 405);
      assert.equal(patch.headers.get('allow'), 'GET, PUT, DELETE');
    });
    it('413 for a body over 1 MB', async () => {
      assert.equal((await call('POST', '/v1/webhooks', 'x'.repeat(1024 * 1024 + 1))).status, 413);
    });
  });

  describe('webhook semantics', () => {
    it('PUT replaces the whole webhook: omitted fields are cleared or defaulted, unknown fields replaced', async () => {
      await call('POST', '/v1/webhooks', { id: 'full', event_types: ['run.status'], endpoint_url: 'https://a.example.com/', description: 'long text', labels: { a: 1 } });
      const r = await call('PUT', '/v1/webhooks/full', { endpoint_url: 'https://b.example.com/' });
      assert.equal(r.status, 200);
      const w = r.json as Record<string, unknown>;
      assert.equal(w.description, '');
      assert.deepEqual(w.event_types, ['run.status']);
      assert.equal(w.labels, undefined);
      assert.equal(w.endpoint_url, 'https://b.example.com/');
      assert.ok(Date.parse(w.updated_at as string) >= Date.parse(w.created_at as string));
    });
    it('PUT cannot rename: a different id in the body is a 400', async () => {
      const r = await call('PUT', '/v1/webhooks/orders-prod', { id: 'other', endpoint_url: 'https://a.example.com/' });
      assert.equal(r.status, 400);
      assert.match(errorOf(r), /does not match "orders-prod"/);
    });
    it('the secret is never part of the webhook object, only of /secret', async () => {
      const w = await call('GET', '/v1/webhooks/orders-prod');
      assert.ok(!w.text.includes(fake.secretOf('orders-prod') ?? '?'));
      const s = await call('GET', '/v1/webhooks/orders-prod/secret');
      assert.deepEqual(s.json, { secret: fake.secretOf('orders-prod') });
    });
    it('DELETE removes the conversations too', async () => {
      assert.ok(fake.state.conversationCount('orders-prod') > 0);
      assert.equal((await call('DELETE', '/v1/webhooks/orders-prod')).status, 204);
      assert.equal(fake.state.conversationCount('orders-prod'), 0);
    });
  });

  describe('lists', () => {
    it('conversations come newest first', async () => {
      const r = await call('GET', '/v1/webhooks/orders-prod/conversations');
      const items = (r.json as { items: { created_at: string }[] }).items;
      const times = items.map((c) => Date.parse(c.created_at));
      assert.deepEqual(times, [...times].sort((a, b) => b - a));
    });
    it('paged: limit and cursor; a bad cursor or limit is a 400', async () => {
      fake.configure({ paginate: true, pageSize: 5 });
      const first = (await call('GET', '/v1/webhooks/orders-prod/conversations')).json as { items: unknown[]; next_page_token: string };
      assert.equal(first.items.length, 5);
      const second = (await call('GET', `/v1/webhooks/orders-prod/conversations?limit=100&cursor=${first.next_page_token}`)).json as { items: unknown[]; next_page_token: string | null };
      assert.equal(second.items.length, fake.state.conversationCount('orders-prod') - 5);
      assert.equal(second.next_page_token, null);
      assert.match(errorOf(await call('GET', '/v1/webhooks/orders-prod/conversations?cursor=garbage')), /cursor "garbage" is not valid/);
      assert.match(errorOf(await call('GET', '/v1/webhooks?limit=0')), /limit must be an integer from 1 to 1000/);
      // a webhooks cursor is refused by the conversations list
      fake.configure({ pageSize: 1 });
      const hooks = (await call('GET', '/v1/webhooks')).json as { next_page_token: string };
      assert.equal((await call('GET', `/v1/webhooks/orders-prod/conversations?cursor=${hooks.next_page_token}`)).status, 400);
    });
    it('named envelope and "next" links', async () => {
      fake.configure({ envelope: 'named', paginate: true, pageSize: 2, cursorField: 'next' });
      const r = (await call('GET', '/v1/webhooks')).json as { webhooks: { id: string }[]; next: string };
      assert.deepEqual(
        r.webhooks.map((w) => w.id),
        ['empty-hook', 'orders-prod'],
      );
      const next = (await call('GET', r.next)).json as { webhooks: { id: string }[]; next: string | null };
      assert.deepEqual(
        next.webhooks.map((w) => w.id),
        ['routing-staging'],
      );
      assert.equal(next.next, null);
    });
  });

  describe('control routes', () => {
    it('config: read, change, refuse bad values and unknown fields', async () => {
      assert.equal(((await call('GET', '/_fake/config', undefined, null)).json as { envelope: string }).envelope, 'items');
      const changed = await call('POST', '/_fake/config', { envelope: 'array', createStatus: 200 }, null);
      assert.equal(changed.status, 200);
      assert.equal(fake.config.envelope, 'array');
      assert.equal(fake.config.createStatus, 200);
      assert.match(errorOf(await call('POST', '/_fake/config', { createStatus: 202 }, null)), /createStatus must be one of 200, 201/);
      assert.match(errorOf(await call('POST', '/_fake/config', { envelop: 'items' }, null)), /unknown config field "envelop"/);
    });
    it('faults: add (one or many), list, count down with times, clear; bad ones refused', async () => {
      const added = await call('POST', '/_fake/faults', { faults: [{ route: 'getWebhook', status: 503, times: 2 }, { route: 'listWebhooks', latencyMs: 1 }] }, null);
      assert.equal((added.json as { faults: unknown[] }).faults.length, 2);
      assert.equal((await call('GET', '/v1/webhooks/orders-prod')).status, 503);
      assert.equal((await call('GET', '/v1/webhooks/orders-prod')).status, 503);
      assert.equal((await call('GET', '/v1/webhooks/orders-prod')).status, 200);
      assert.equal(((await call('GET', '/_fake/faults', undefined, null)).json as { faults: unknown[] }).faults.length, 1);
      await call('DELETE', '/_fake/faults', undefined, null);
      assert.equal(((await call('GET', '/_fake/faults', undefined, null)).json as { faults: unknown[] }).faults.length, 0);
      assert.match(errorOf(await call('POST', '/_fake/faults', { route: 'nope', status: 500 }, null)), /route must be one of/);
      assert.match(errorOf(await call('POST', '/_fake/faults', { status: 500, reset: true }, null)), /at most one of/);
      assert.match(errorOf(await call('POST', '/_fake/faults', { times: 1 }, null)), /needs an effect/);
    });
    it('429 faults carry Retry-After; a custom body is sent as is', async () => {
      fake.addFault({ route: 'listWebhooks', status: 429, retryAfter: 7, times: 1 });
      const r = await call('GET', '/v1/webhooks');
      assert.equal(r.status, 429);
      assert.equal(r.headers.get('retry-after'), '7');
      fake.addFault({ route: 'listWebhooks', status: 500, body: 'Oops', times: 1 });
      const t = await call('GET', '/v1/webhooks');
      assert.equal(t.text, 'Oops');
      assert.equal(t.headers.get('content-type'), 'text/plain');
    });
    it('a handled fault carries the request out, then answers as the fault says', async () => {
      fake.addFault({ route: 'createWebhook', status: 202, body: '{"status":"queued"}', handled: true, times: 1 });
      const r = await call('POST', '/v1/webhooks', { id: 'handled-hook', event_types: ['run.status'], endpoint_url: 'https://h.example.com/' });
      assert.equal(r.status, 202);
      assert.equal(r.text, '{"status":"queued"}');
      assert.equal(fake.state.getWebhook('handled-hook')?.endpoint_url, 'https://h.example.com/', 'created all the same');
      assert.match(errorOf(await call('POST', '/_fake/faults', { handled: true, latencyMs: 5 }, null)), /handled needs an answer/);
    });
    it('reset restores data, configuration, faults and the request log', async () => {
      await call('DELETE', '/v1/webhooks/orders-prod');
      fake.configure({ envelope: 'named' });
      fake.addFault({ status: 500 });
      await call('POST', '/_fake/reset', undefined, null);
      assert.equal(fake.state.webhookCount, 3);
      assert.equal(fake.config.envelope, 'items');
      assert.equal(fake.requests.length, 0);
      assert.equal((await call('GET', '/v1/webhooks')).status, 200);
    });
    it('the request log records method, path, route, body and status', async () => {
      await call('POST', '/v1/webhooks', { id: 'logged', endpoint_url: 'https://a.example.com/' });
      const log = (await call('GET', '/_fake/requests', undefined, null)).json as { requests: { method: string; path: string; route: string; status: number; body: string }[] };
      assert.deepEqual(
        log.requests.map((r) => [r.method, r.path, r.route, r.status]),
        [['POST', '/v1/webhooks', 'createWebhook', 201]],
      );
      assert.match(log.requests[0].body, /"id":"logged"/);
    });
    it('an unknown control route is a 404 that points to the list', async () => {
      assert.match(errorOf(await call('GET', '/_fake/nope', undefined, null)), /GET \/_fake lists them/);
      assert.ok((await call('GET', '/_fake', undefined, null)).text.includes('/_fake/runs/{run_id}/status'));
    });
  });
});
