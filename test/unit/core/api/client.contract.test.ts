/** The client against the in-process fake, default configuration: every endpoint, success and failure. */
import { strict as assert } from 'assert';
import {
  conversationStatusLabel,
  isBadRequestError,
  isConflictError,
  isInvalidBaseUrlError,
  isMissingApiKeyError,
  isNotFoundError,
  isUnauthorizedError,
  NextmvClient,
  UndiciTransport,
  type ApiError,
} from '../../../../src/core/api';
import { startReceiver, type Receiver } from '../../../tools/fake-api';
import { FAST_TRANSPORT, rejectionOf, startFakeAndClient, stopFakeAndClient, type FakeAndClient } from './helpers/fakeClient';

const KEY = 'nxmv_contract_KEY_0123456789';

describe('NextmvClient contract with the fake API (default configuration)', () => {
  let ctx: FakeAndClient;
  let receiver: Receiver;

  before(async () => {
    ctx = await startFakeAndClient({ key: KEY, seed: 'small', deliveryTimeoutMs: 2000, triggerEnabled: true });
    receiver = await startReceiver({ secret: ({ path }) => ctx.fake.secretOf(path.split('/').pop() ?? '') });
  });
  after(async () => {
    await receiver.close();
    await stopFakeAndClient(ctx);
  });
  beforeEach(() => ctx.fake.reset());

  describe('webhooks', () => {
    it('lists every webhook with documented fields mapped and the raw object kept', async () => {
      const list = await ctx.client.listWebhooks();
      assert.deepEqual(
        list.map((w) => w.id),
        ['empty-hook', 'orders-prod', 'routing-staging'],
      );
      const orders = list.find((w) => w.id === 'orders-prod');
      assert.ok(orders);
      assert.deepEqual(orders.eventTypes, ['run.status']);
      assert.match(orders.endpointUrl, /^https:\/\/[a-z.-]+\.example\.com\//);
      assert.equal(orders.description, 'Production order routing');
      assert.ok(orders.createdAt && !Number.isNaN(Date.parse(orders.createdAt)));
      assert.equal(orders.raw.endpoint_url, orders.endpointUrl);
    });

    it('gets one webhook, and a missing one is NotFound naming it', async () => {
      const w = await ctx.client.getWebhook('routing-staging');
      assert.equal(w.id, 'routing-staging');
      const err = (await rejectionOf(ctx.client.getWebhook('no-such-hook'))) as ApiError;
      assert.ok(isNotFoundError(err), String(err));
      assert.equal(err.status, 404);
      assert.match(err.userMessage, /Webhook "no-such-hook" was not found/);
    });

    it('creates a webhook (201) that can then be read back', async () => {
      const created = await ctx.client.createWebhook({ id: 'new_one-1', eventTypes: ['run.status'], endpointUrl: 'https://hooks.example.com/x', description: 'made by a test' });
      assert.equal(created.id, 'new_one-1');
      assert.equal(created.description, 'made by a test');
      assert.equal(ctx.fake.requestsTo('createWebhook')[0].status, 201);
      const read = await ctx.client.getWebhook('new_one-1');
      assert.equal(read.endpointUrl, 'https://hooks.example.com/x');
      assert.equal(read.createdAt, created.createdAt);
    });

    it('rejects a duplicate id with Conflict (409)', async () => {
      const err = (await rejectionOf(ctx.client.createWebhook({ id: 'orders-prod', eventTypes: ['run.status'], endpointUrl: 'https://a.example.com/' }))) as ApiError;
      assert.ok(isConflictError(err), String(err));
      assert.match(err.userMessage, /"orders-prod" already exists/);
    });

    for (const [what, input, message] of [
      ['a bad id', { id: 'has space', eventTypes: ['run.status'], endpointUrl: 'https://a.example.com/' }, /id "has space" is invalid/],
      ['a too long id', { id: 'x'.repeat(65), eventTypes: ['run.status'], endpointUrl: 'https://a.example.com/' }, /is invalid/],
      ['a relative URL', { id: 'ok-id', eventTypes: ['run.status'], endpointUrl: '/hook' }, /endpoint_url "\/hook" is not an absolute http/],
      ['an ftp URL', { id: 'ok-id', eventTypes: ['run.status'], endpointUrl: 'ftp://a.example.com/' }, /not an absolute http/],
      ['an unknown event type', { id: 'ok-id', eventTypes: ['run.created'], endpointUrl: 'https://a.example.com/' }, /unknown event type "run.created"/],
    ] as const) {
      it(`rejects ${what} with BadRequest carrying the server's message`, async () => {
        const err = (await rejectionOf(ctx.client.createWebhook(input))) as ApiError;
        assert.ok(isBadRequestError(err), String(err));
        assert.equal(err.status, 400);
        assert.match(err.userMessage, message);
      });
    }

    it('updates with PUT, sending back fields it does not know', async () => {
      // a field only the server knows about, as a newer API might add
      const raw = await fetch(`${ctx.fake.url}/v1/webhooks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'with-extras', event_types: ['run.status'], endpoint_url: 'https://a.example.com/', description: 'd', labels: { team: 'ops' }, retries: 3 }),
      });
      assert.equal(raw.status, 201);
      const before = await ctx.client.getWebhook('with-extras');
      assert.deepEqual(before.raw.labels, { team: 'ops' });
      const updated = await ctx.client.updateWebhook({ ...before, description: 'changed', endpointUrl: 'https://b.example.com/hook' });
      assert.equal(updated.description, 'changed');
      assert.equal(updated.endpointUrl, 'https://b.example.com/hook');
      const sent = JSON.parse(ctx.fake.requestsTo('updateWebhook')[0].body) as Record<string, unknown>;
      assert.deepEqual(sent.labels, { team: 'ops' });
      assert.equal(sent.retries, 3);
      const after = await ctx.client.getWebhook('with-extras');
      assert.deepEqual(after.raw.labels, { team: 'ops' });
      assert.equal(after.createdAt, before.createdAt);
    });

    it('update of a missing webhook is NotFound; an invalid update is BadRequest', async () => {
      assert.ok(isNotFoundError(await rejectionOf(ctx.client.updateWebhook({ id: 'ghost', eventTypes: ['run.status'], endpointUrl: 'https://a.example.com/' }))));
      const w = await ctx.client.getWebhook('orders-prod');
      const err = (await rejectionOf(ctx.client.updateWebhook({ ...w, endpointUrl: 'not a url' }))) as ApiError;
      assert.ok(isBadRequestError(err));
      assert.match(err.userMessage, /endpoint_url/);
    });

    it('deletes (204); the webhook is then gone, and deleting again is NotFound', async () => {
      await ctx.client.deleteWebhook('routing-staging');
      assert.equal(ctx.fake.requestsTo('deleteWebhook')[0].status, 204);
      assert.ok(isNotFoundError(await rejectionOf(ctx.client.getWebhook('routing-staging'))));
      assert.ok(isNotFoundError(await rejectionOf(ctx.client.deleteWebhook('routing-staging'))));
      assert.deepEqual(
        (await ctx.client.listWebhooks()).map((w) => w.id),
        ['empty-hook', 'orders-prod'],
      );
    });

    it('encodes ids in paths', async () => {
      await rejectionOf(ctx.client.getWebhook('a/b?c'));
      assert.equal(ctx.fake.requests.at(-1)?.path, '/v1/webhooks/a%2Fb%3Fc');
    });
  });

  describe('conversations, secret, trigger', () => {
    it('lists conversations newest first, with request and response', async () => {
      const page = await ctx.client.listConversationsPage('orders-prod');
      assert.equal(page.items.length, ctx.fake.state.conversationCount('orders-prod'));
      assert.equal(page.nextCursor, undefined);
      const times = page.items.map((c) => Date.parse(c.createdAt ?? ''));
      assert.deepEqual(times, [...times].sort((a, b) => b - a));
      const first = page.items[0];
      assert.equal(first.webhookId, 'orders-prod');
      assert.equal(first.eventType, 'run.status');
      assert.equal(first.request?.method, 'POST');
      assert.match(first.request?.headers['Nextmv-Signature'] ?? '', /^t=\d+,v1=[0-9a-f]{64}$/);
      assert.ok(first.request?.body.startsWith('{"type":"run.status"'));
      assert.ok(first.response !== undefined || first.error !== undefined);
    });

    it('an empty webhook has no conversations; a missing webhook is NotFound', async () => {
      assert.deepEqual((await ctx.client.listConversationsPage('empty-hook')).items, []);
      assert.ok(isNotFoundError(await rejectionOf(ctx.client.listConversationsPage('ghost'))));
    });

    it('gets one conversation by id; an unknown id is NotFound', async () => {
      const [some] = (await ctx.client.listConversationsPage('orders-prod')).items;
      const one = await ctx.client.getConversation('orders-prod', some.id);
      assert.deepEqual(one, some);
      const err = (await rejectionOf(ctx.client.getConversation('orders-prod', 'conv-nope'))) as ApiError;
      assert.ok(isNotFoundError(err));
      assert.match(err.userMessage, /Conversation "conv-nope" of webhook "orders-prod"/);
    });

    it('reads the signing secret', async () => {
      const secret = await ctx.client.getSecret('orders-prod');
      assert.equal(secret, ctx.fake.secretOf('orders-prod'));
      assert.ok(isNotFoundError(await rejectionOf(ctx.client.getSecret('ghost'))));
    });

    it('triggers a signed delivery and returns the resulting conversation, which is then listed first', async () => {
      await ctx.client.createWebhook({ id: 'local', eventTypes: ['run.status'], endpointUrl: `${receiver.url}/hooks/local` });
      const conversation = await ctx.client.triggerWebhook('local', { data: { run_id: 'run-contract-1', status_v2: 'failed' } });
      assert.ok(conversation);
      assert.equal(conversation.response?.statusCode, 200);
      assert.equal(conversationStatusLabel(conversation), '200');
      assert.equal(receiver.deliveries.at(-1)?.verdict, 'valid');
      assert.equal(receiver.deliveries.at(-1)?.body, conversation.request?.body);
      assert.match(conversation.request?.body ?? '', /"run_id":"run-contract-1"/);
      assert.match(conversation.request?.body ?? '', /"status_v2":"failed"/);
      const [newest] = (await ctx.client.listConversationsPage('local')).items;
      assert.equal(newest.id, conversation.id);
    });

    it('trigger on a missing webhook is NotFound', async () => {
      assert.ok(isNotFoundError(await rejectionOf(ctx.client.triggerWebhook('ghost'))));
    });
  });

  describe('credentials and configuration', () => {
    it('a wrong key is Unauthorized, and the key appears in no message', async () => {
      const transport = new UndiciTransport(FAST_TRANSPORT);
      const wrongKey = 'nxmv_WRONG_key_987654321';
      const client = new NextmvClient({ baseUrl: ctx.fake.url, getApiKey: () => Promise.resolve(wrongKey), transport });
      try {
        const err = (await rejectionOf(client.listWebhooks())) as ApiError;
        assert.ok(isUnauthorizedError(err), String(err));
        assert.equal(err.status, 401);
        assert.match(err.userMessage, /Set API Key/);
        for (const text of [err.message, err.userMessage, String(err.serverMessage), err.stack ?? '']) assert.ok(!text.includes(wrongKey), text);
      } finally {
        await transport.close();
      }
    });

    it('no key: MissingApiKey, and nothing is sent', async () => {
      const client = new NextmvClient({ baseUrl: ctx.fake.url, getApiKey: () => Promise.resolve('  '), transport: ctx.transport });
      const count = ctx.fake.requests.length;
      assert.ok(isMissingApiKeyError(await rejectionOf(client.listWebhooks())));
      assert.equal(ctx.fake.requests.length, count);
    });

    it('an invalid base URL rejects every call with a message naming the setting; /v1 at the end is tolerated', async () => {
      for (const bad of ['', 'api cloud nextmv io', 'ftp://x.example.com', 'https://user:pw@x.example.com', 'https://x.example.com/?a=1']) {
        const client = new NextmvClient({ baseUrl: bad, getApiKey: () => Promise.resolve(KEY), transport: ctx.transport });
        const err = (await rejectionOf(client.listWebhooks())) as ApiError;
        assert.ok(isInvalidBaseUrlError(err), `${bad}: ${String(err)}`);
        assert.match(err.userMessage, /nextmvWebhooks\.apiUrl/);
        assert.ok(!err.userMessage.includes('pw@'));
      }
      const versioned = new NextmvClient({ baseUrl: `${ctx.fake.url}/v1/`, getApiKey: () => Promise.resolve(KEY), transport: ctx.transport });
      assert.equal(versioned.baseUrl, ctx.fake.url);
      assert.equal((await versioned.listWebhooks()).length, 3);
    });

    it('a base URL that is not the API root: 404 on the list says to check the setting', async () => {
      const client = new NextmvClient({ baseUrl: `${ctx.fake.url}/elsewhere`, getApiKey: () => Promise.resolve(KEY), transport: ctx.transport });
      const err = (await rejectionOf(client.listWebhooks())) as ApiError;
      assert.ok(isNotFoundError(err), String(err));
      assert.match(err.userMessage, /Check that nextmvWebhooks\.apiUrl is the Nextmv API root/);
    });

    it('the key never reaches the logs', () => {
      assert.ok(ctx.logs.length > 0, 'expected some log lines');
      const all = ctx.logs.join('\n');
      assert.ok(!all.includes(KEY));
    });
  });
});
