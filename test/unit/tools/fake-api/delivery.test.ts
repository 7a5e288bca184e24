/**
 * Real deliveries: the fake POSTs signed run.status events to local receivers that verify them exactly like
 * Nextmv's handler, and records every conversation — accepted, rejected (real 401s), unreachable, timed out.
 */
import { strict as assert } from 'assert';
import { startFakeApi, startReceiver, type FakeApi, type Receiver, type WireConversation } from '../../../tools/fake-api';

describe('fake API deliveries to a verifying receiver', () => {
  let fake: FakeApi;
  const receivers: Receiver[] = [];

  before(async () => {
    fake = await startFakeApi({ seed: 'empty', deliveryTimeoutMs: 300, triggerEnabled: true });
  });
  after(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await fake.close();
  });
  beforeEach(() => fake.reset());

  async function receiver(options: Parameters<typeof startReceiver>[0] = {}): Promise<Receiver> {
    const r = await startReceiver({ secret: ({ path }) => fake.secretOf(path.split('/').pop() ?? ''), ...options });
    receivers.push(r);
    return r;
  }

  async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const res = await fetch(fake.url + path, {
      method,
      headers: { authorization: `Bearer ${fake.key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  }

  async function createHook(id: string, endpointUrl: string): Promise<void> {
    assert.equal((await api('POST', '/v1/webhooks', { id, event_types: ['run.status'], endpoint_url: endpointUrl })).status, 201);
  }

  async function trigger(id: string, body?: unknown): Promise<WireConversation> {
    const r = await api('POST', `/v1/webhooks/${id}/trigger`, body);
    assert.equal(r.status, 200);
    return r.json as WireConversation;
  }

  for (const unit of ['seconds', 'milliseconds'] as const) {
    it(`signs with t in ${unit}; the receiver accepts it and the conversation records both sides exactly`, async () => {
      fake.configure({ signatureUnit: unit });
      const r = await receiver({ unit });
      await createHook('signed', `${r.url}/hooks/signed`);
      const c = await trigger('signed');
      const [delivery] = r.deliveries;
      assert.equal(delivery.verdict, 'valid');
      assert.equal(delivery.path, '/hooks/signed');
      // what was recorded is what was sent, byte for byte
      assert.equal(c.request.body, delivery.body);
      assert.equal(c.request.headers['Nextmv-Signature'], delivery.headers['nextmv-signature']);
      assert.equal(c.request.url, `${r.url}/hooks/signed`);
      assert.equal(c.request.method, 'POST');
      const t = /^t=(\d+),v1=[0-9a-f]{64}$/.exec(c.request.headers['Nextmv-Signature'])?.[1] ?? '';
      assert.equal(t.length, unit === 'seconds' ? 10 : 13);
      assert.equal(c.response?.status_code, 200);
      assert.equal(c.response?.body, delivery.responseBody);
      assert.equal(c.response?.headers['content-type'], 'application/json');
      assert.equal(c.error, null);
      assert.ok(Date.parse(c.response?.received_at ?? '') >= Date.parse(c.request.sent_at));
      const event = JSON.parse(c.request.body) as { type: string; data: { status_v2: string } };
      assert.equal(event.type, 'run.status');
      assert.equal(event.data.status_v2, 'succeeded');
    });
  }

  it('milliseconds sent to a handler that reads seconds (the documented Python one): a real 401 "Invalid Time Value"', async () => {
    fake.configure({ signatureUnit: 'milliseconds' });
    const r = await receiver({ unit: 'seconds' });
    await createHook('unit-mismatch', `${r.url}/hooks/unit-mismatch`);
    const c = await trigger('unit-mismatch');
    assert.equal(c.response?.status_code, 401);
    assert.equal(c.response?.body, 'Unauthorized: Invalid Time Value');
  });

  it('a receiver holding the wrong secret answers 401 "Invalid signature", recorded in the conversation', async () => {
    const r = await receiver({ secret: 'not-the-secret' });
    await createHook('wrong-secret', `${r.url}/hooks/wrong-secret`);
    const c = await trigger('wrong-secret');
    assert.equal(r.deliveries[0].verdict, 'invalidSignature');
    assert.equal(c.response?.status_code, 401);
    assert.equal(c.response?.body, 'Unauthorized: Invalid signature');
    assert.equal(c.response?.headers['content-type'], 'text/plain');
    const listed = (await api('GET', '/v1/webhooks/wrong-secret/conversations')).json as { items: WireConversation[] };
    assert.equal(listed.items[0].id, c.id);
  });

  it('an endpoint answering 500 is recorded with its status and body', async () => {
    const r = await receiver({ respond: () => ({ status: 500, body: 'boom' }) });
    await createHook('failing', `${r.url}/hooks/failing`);
    const c = await trigger('failing');
    assert.equal(r.deliveries[0].verdict, 'valid');
    assert.deepEqual([c.response?.status_code, c.response?.body], [500, 'boom']);
  });

  it('an unreachable endpoint: response null and an "unreachable" error', async () => {
    await createHook('nobody-home', 'http://127.0.0.1:1/hook');
    const c = await trigger('nobody-home');
    assert.equal(c.response, null);
    assert.match(c.error ?? '', /^unreachable: connect ECONNREFUSED 127\.0\.0\.1:1/);
  });

  it('an endpoint slower than the delivery timeout: response null and a "timeout" error', async () => {
    const r = await receiver({ delayMs: 2000 });
    await createHook('slow', `${r.url}/hooks/slow`);
    const started = Date.now();
    const c = await trigger('slow');
    assert.ok(Date.now() - started < 1500, 'gave up at the delivery timeout');
    assert.equal(c.response, null);
    assert.match(c.error ?? '', /^timeout: no response from 127\.0\.0\.1:\d+ within 300 ms$/);
    assert.equal(r.deliveries.length, 1, 'the request did reach the endpoint');
  });

  it('trigger data overrides the event data; unknown event types are refused', async () => {
    const r = await receiver();
    await createHook('custom', `${r.url}/hooks/custom`);
    const c = await trigger('custom', { event_type: 'run.status', data: { run_id: 'run-42', status_v2: 'failed', application_id: 'routing' } });
    const event = JSON.parse(c.request.body) as { data: Record<string, string> };
    assert.deepEqual([event.data.run_id, event.data.status_v2, event.data.application_id], ['run-42', 'failed', 'routing']);
    const bad = await api('POST', '/v1/webhooks/custom/trigger', { event_type: 'run.deleted' });
    assert.equal(bad.status, 400);
    assert.match((bad.json as { error: string }).error, /unknown event type "run.deleted"/);
  });

  it('POST /_fake/runs/{id}/status delivers to every subscribed webhook, each signed with its own secret', async () => {
    const r = await receiver();
    await createHook('first', `${r.url}/hooks/first`);
    await createHook('second', `${r.url}/hooks/second`);
    await createHook('third', `${r.url}/hooks/third`);
    const res = await fetch(`${fake.url}/_fake/runs/run-7/status`, { method: 'POST', body: JSON.stringify({ status: 'failed', application_id: 'routing', webhook_ids: ['first', 'second'] }) });
    const { deliveries } = (await res.json()) as { deliveries: WireConversation[] };
    assert.equal(deliveries.length, 2);
    assert.deepEqual(r.deliveries.map((d) => d.verdict).sort(), ['valid', 'valid']);
    assert.deepEqual(r.deliveries.map((d) => d.path).sort(), ['/hooks/first', '/hooks/second']);
    assert.equal(deliveries[0].request.body, deliveries[1].request.body, 'one event…');
    const signatures = new Set(deliveries.map((d) => d.request.headers['Nextmv-Signature'].split('v1=')[1]));
    assert.equal(signatures.size, 2, '…signed with two different secrets');
    const event = JSON.parse(deliveries[0].request.body) as { data: Record<string, string> };
    assert.deepEqual([event.data.run_id, event.data.status_v2, event.data.application_id], ['run-7', 'failed', 'routing']);
    assert.equal(fake.state.conversationCount('first'), 1);
    assert.equal(fake.state.conversationCount('third'), 0);
    const bad = await fetch(`${fake.url}/_fake/runs/run-7/status`, { method: 'POST', body: '{"status":"exploded"}' });
    assert.equal(bad.status, 400);
  });
});
