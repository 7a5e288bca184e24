/**
 * Injected faults: each gives the typed error the UI shows (never an unhandled rejection); GET is retried
 * where that is safe, POST never; size limit, timeouts and cancellation.
 */
import { strict as assert } from 'assert';
import {
  isBadRequestError,
  isCancelledError,
  isConflictError,
  isInvalidResponseError,
  isNetworkError,
  isNotFoundError,
  isRateLimitedError,
  isServerError,
  isTimeoutError,
  isUnauthorizedError,
  NextmvClient,
  UndiciTransport,
  type ApiError,
  type NetworkError,
  type RateLimitedError,
  type TimeoutError,
  type UndiciTransportOptions,
} from '../../../../src/core/api';
import { failOnUnhandledRejections, FAST_TRANSPORT, rejectionOf, startFakeAndClient, stopFakeAndClient, type FakeAndClient } from './helpers/fakeClient';

describe('NextmvClient under injected faults', () => {
  failOnUnhandledRejections();
  let ctx: FakeAndClient;

  before(async () => {
    ctx = await startFakeAndClient({ seed: 'small', triggerEnabled: true });
  });
  after(() => stopFakeAndClient(ctx));
  beforeEach(() => ctx.fake.reset());

  /** a client on its own transport with these options, closed afterwards */
  async function withClient(options: UndiciTransportOptions, use: (client: NextmvClient) => Promise<void>): Promise<void> {
    const transport = new UndiciTransport({ ...FAST_TRANSPORT, ...options });
    try {
      await use(new NextmvClient({ baseUrl: ctx.fake.url, getApiKey: () => Promise.resolve(ctx.fake.key), transport }));
    } finally {
      await transport.close();
    }
  }

  function expectUserMessage(err: ApiError): void {
    assert.ok(err.userMessage.length > 10, 'a message a person can read');
    assert.ok(!err.userMessage.includes(ctx.fake.key) && !err.message.includes(ctx.fake.key), 'no key in messages');
  }

  describe('status faults map to typed errors', () => {
    const cases: [number, string, (e: unknown) => boolean, RegExp][] = [
      [401, 'Unauthorized', isUnauthorizedError, /rejected the API key/],
      [403, 'Unauthorized', isUnauthorizedError, /refused access/],
      [404, 'NotFound', isNotFoundError, /was not found/],
      [409, 'Conflict', isConflictError, /already exists/],
      [400, 'BadRequest', isBadRequestError, /rejected the request/],
      [500, 'Server', isServerError, /had a problem \(500/],
    ];
    for (const [status, name, guard, message] of cases) {
      it(`${status} on GET → ${name}, not retried`, async () => {
        ctx.fake.addFault({ route: 'getWebhook', status });
        const err = (await rejectionOf(ctx.client.getWebhook('orders-prod'))) as ApiError;
        assert.ok(guard(err), String(err));
        assert.equal(err.status, status);
        assert.match(err.userMessage, message);
        expectUserMessage(err);
        assert.equal(ctx.fake.requestsTo('getWebhook').length, 1);
      });
    }

    it("shows the server's own words from a JSON error body, or from plain text", async () => {
      ctx.fake.addFault({ route: 'createWebhook', status: 400, body: '{"error":{"message":"endpoint_url is blocked by policy"}}', times: 1 });
      const a = (await rejectionOf(ctx.client.createWebhook({ id: 'x', eventTypes: ['run.status'], endpointUrl: 'https://a.example.com/' }))) as ApiError;
      assert.equal(a.serverMessage, 'endpoint_url is blocked by policy');
      assert.match(a.userMessage, /blocked by policy/);
      ctx.fake.addFault({ route: 'getWebhook', status: 500, body: 'upstream   database\n unavailable', times: 1 });
      const b = (await rejectionOf(ctx.client.getWebhook('orders-prod'))) as ApiError;
      assert.equal(b.serverMessage, 'upstream database unavailable');
    });
  });

  describe('retries', () => {
    it('GET retried on 503 until it succeeds', async () => {
      ctx.fake.addFault({ route: 'listWebhooks', status: 503, times: 2 });
      const list = await ctx.client.listWebhooks();
      assert.equal(list.length, 3);
      assert.deepEqual(
        ctx.fake.requestsTo('listWebhooks').map((r) => r.status),
        [503, 503, 200],
      );
      assert.ok(ctx.logs.some((l) => /HTTP 503, retry 1 of 3/.test(l)));
    });

    it('GET gives up after 3 retries with ServerError', async () => {
      ctx.fake.addFault({ route: 'listWebhooks', status: 502 });
      const err = await rejectionOf(ctx.client.listWebhooks());
      assert.ok(isServerError(err), String(err));
      assert.equal(ctx.fake.requestsTo('listWebhooks').length, 4);
    });

    it('GET on 429 waits as long as Retry-After says, then succeeds', async () => {
      ctx.fake.addFault({ route: 'getSecret', status: 429, retryAfter: '0.25', times: 1 });
      const started = Date.now();
      const secret = await ctx.client.getSecret('orders-prod');
      const elapsed = Date.now() - started;
      assert.equal(secret, ctx.fake.secretOf('orders-prod'));
      assert.ok(elapsed >= 240, `waited ${elapsed} ms`);
      assert.equal(ctx.fake.requestsTo('getSecret').length, 2);
    });

    it('a Retry-After longer than the client waits: RateLimited at once, with the delay', async () => {
      ctx.fake.addFault({ route: 'listConversations', status: 429, retryAfter: 120 });
      const started = Date.now();
      const err = (await rejectionOf(ctx.client.listConversationsPage('orders-prod'))) as RateLimitedError;
      assert.ok(isRateLimitedError(err), String(err));
      assert.equal(err.retryAfterSeconds, 120);
      assert.match(err.userMessage, /Try again in 120 s/);
      assert.ok(Date.now() - started < 500);
      assert.equal(ctx.fake.requestsTo('listConversations').length, 1);
    });

    it('GET retried after a connection reset', async () => {
      ctx.fake.addFault({ route: 'getWebhook', reset: true, times: 1 });
      const w = await ctx.client.getWebhook('orders-prod');
      assert.equal(w.id, 'orders-prod');
      assert.equal(ctx.fake.requestsTo('getWebhook').length, 2);
    });

    it('GET reset every time: NetworkError after the retries', async () => {
      ctx.fake.addFault({ route: 'getWebhook', reset: true });
      const err = (await rejectionOf(ctx.client.getWebhook('orders-prod'))) as NetworkError;
      assert.ok(isNetworkError(err), String(err));
      assert.match(err.code, /ECONNRESET|UND_ERR_SOCKET/);
      assert.match(err.userMessage, /closed unexpectedly/);
      assert.equal(ctx.fake.requestsTo('getWebhook').length, 4);
    });

    for (const [name, fault, guard] of [
      ['429', { status: 429, retryAfter: 0 }, isRateLimitedError],
      ['503', { status: 503 }, isServerError],
      ['a reset', { reset: true }, isNetworkError],
    ] as const) {
      it(`POST is never retried: create after ${name} reached the server exactly once`, async () => {
        ctx.fake.addFault({ route: 'createWebhook', ...fault });
        const err = await rejectionOf(ctx.client.createWebhook({ id: 'once', eventTypes: ['run.status'], endpointUrl: 'https://a.example.com/' }));
        assert.ok(guard(err), String(err));
        assert.equal(ctx.fake.requestsTo('createWebhook').length, 1);
      });
    }

    it('trigger (POST) and PUT and DELETE are not retried either', async () => {
      ctx.fake.addFault({ route: 'triggerWebhook', status: 503 });
      ctx.fake.addFault({ route: 'updateWebhook', status: 503 });
      ctx.fake.addFault({ route: 'deleteWebhook', status: 503 });
      assert.ok(isServerError(await rejectionOf(ctx.client.triggerWebhook('orders-prod'))));
      assert.ok(isServerError(await rejectionOf(ctx.client.updateWebhook({ id: 'orders-prod', eventTypes: ['run.status'], endpointUrl: 'https://a.example.com/' }))));
      assert.ok(isServerError(await rejectionOf(ctx.client.deleteWebhook('orders-prod'))));
      for (const route of ['triggerWebhook', 'updateWebhook', 'deleteWebhook'] as const) assert.equal(ctx.fake.requestsTo(route).length, 1, route);
    });
  });

  describe('a 2xx is done, whatever its body', () => {
    const input = { id: 'answered', eventTypes: ['run.status'], endpointUrl: 'https://a.example.com/hook', description: 'sent' };

    it('create answered 202 {"status":"queued"}: resolves to what was sent (and the answer\'s fields), sent once', async () => {
      ctx.fake.addFault({ route: 'createWebhook', status: 202, body: '{"status":"queued"}', handled: true, times: 1 });
      const w = await ctx.client.createWebhook(input);
      assert.deepEqual([w.id, w.endpointUrl, [...w.eventTypes], w.description], [input.id, input.endpointUrl, input.eventTypes, input.description]);
      assert.equal(w.raw.status, 'queued');
      assert.equal(ctx.fake.requestsTo('createWebhook').length, 1);
      assert.ok(ctx.fake.state.getWebhook('answered'));
    });

    it('create answered with part of the webhook: what was sent, with the fields that came back', async () => {
      ctx.fake.addFault({ route: 'createWebhook', status: 201, body: '{"id":"answered","created_at":"2026-01-02T03:04:05Z"}', times: 1 });
      const w = await ctx.client.createWebhook(input);
      assert.equal(w.endpointUrl, input.endpointUrl, 'not blanked by the partial answer');
      assert.deepEqual(w.eventTypes, input.eventTypes);
      assert.equal(w.createdAt, '2026-01-02T03:04:05Z');
    });

    it('a whole webhook in the answer is taken as the server has it', async () => {
      const w = await ctx.client.createWebhook({ ...input, id: 'whole' });
      assert.equal(w.createdAt, ctx.fake.state.getWebhook('whole')?.created_at);
      assert.equal(w.raw.updated_at, ctx.fake.state.getWebhook('whole')?.updated_at, 'raw is the answer');
      assert.equal('status' in w.raw, false);
    });

    for (const body of ['', '{"ok":true}', '[]', '"saved"']) {
      it(`update answered 200 ${body === '' ? 'with an empty body' : body}: resolves to what was sent`, async () => {
        ctx.fake.addFault({ route: 'updateWebhook', status: 200, body, handled: true, times: 1 });
        const w = await ctx.client.updateWebhook({ ...input, id: 'orders-prod', description: 'updated' });
        assert.equal(w.id, 'orders-prod');
        assert.equal(w.description, 'updated');
        assert.equal(w.endpointUrl, input.endpointUrl);
        assert.equal(ctx.fake.state.getWebhook('orders-prod')?.description, 'updated');
      });
    }

    for (const body of ['{"status":"queued"}', '{}', '[]', '"ok"']) {
      it(`trigger answered 202 ${body}: accepted (undefined), not an error`, async () => {
        ctx.fake.addFault({ route: 'triggerWebhook', status: 202, body, times: 1 });
        assert.equal(await ctx.client.triggerWebhook('orders-prod'), undefined);
        assert.equal(ctx.fake.requestsTo('triggerWebhook').length, 1);
      });
    }
  });

  describe('broken responses', () => {
    it('malformed JSON → InvalidResponse', async () => {
      ctx.fake.addFault({ route: 'listWebhooks', malformedJson: true });
      const err = (await rejectionOf(ctx.client.listWebhooks())) as ApiError;
      assert.ok(isInvalidResponseError(err), String(err));
      assert.match(err.userMessage, /not valid JSON/);
    });

    it('a body over the limit → InvalidResponse "too large"; the transport still works afterwards', async () => {
      await withClient({ maxResponseBytes: 1024 * 1024 }, async (client) => {
        ctx.fake.addFault({ route: 'listWebhooks', hugeBodyBytes: 8 * 1024 * 1024, times: 1 });
        const err = (await rejectionOf(client.listWebhooks())) as ApiError;
        assert.ok(isInvalidResponseError(err), String(err));
        assert.match(err.userMessage, /too large \(larger than 1 MB\)/);
        assert.equal((await client.listWebhooks()).length, 3);
      });
    });

    it('the default limit is 50 MB: a declared 60 MB body is refused before reading', async () => {
      // a server that announces 60 MB and sends nothing: only the Content-Length check can answer quickly
      const http = await import('node:http');
      const server = http.createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(60 * 1024 * 1024) });
        res.write('{"items":[');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const c = new NextmvClient({ baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}`, getApiKey: () => Promise.resolve('k-123456789'), transport: ctx.transport });
        const err = (await rejectionOf(c.listConversationsPage('orders-prod'))) as ApiError;
        assert.ok(isInvalidResponseError(err), String(err));
        assert.match(err.userMessage, /larger than 50 MB/);
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it('a body just under the limit is read', async () => {
      await withClient({ maxResponseBytes: 1024 * 1024 }, async (client) => {
        ctx.fake.addFault({ route: 'listWebhooks', hugeBodyBytes: 1024 * 1024 - 10 });
        assert.deepEqual(await client.listWebhooks(), []);
      });
    });
  });

  describe('timeouts and cancellation', () => {
    // the headers deadline counts from the start of the request, connect included: 200 ms here
    const SHORT = { timeouts: { connectMs: 50, headersMs: 150, bodyMs: 100 } };

    it('a stalled body → Timeout (body), not retried', async () => {
      await withClient(SHORT, async (client) => {
        ctx.fake.addFault({ route: 'getWebhook', stall: true });
        const started = Date.now();
        const err = (await rejectionOf(client.getWebhook('orders-prod'))) as TimeoutError;
        assert.ok(isTimeoutError(err), String(err));
        assert.equal(err.phase, 'body');
        assert.equal(err.timeoutMs, 100);
        assert.match(err.userMessage, /stopped sending its response midway \(nothing for 100 ms\)/);
        assert.ok(Date.now() - started < 1000);
        assert.equal(ctx.fake.requestsTo('getWebhook').length, 1);
      });
    });

    it('no headers in time → Timeout (headers)', async () => {
      await withClient(SHORT, async (client) => {
        ctx.fake.addFault({ route: 'listWebhooks', latencyMs: 3000 });
        const started = Date.now();
        const err = (await rejectionOf(client.listWebhooks())) as TimeoutError;
        assert.ok(isTimeoutError(err), String(err));
        assert.equal(err.phase, 'headers');
        assert.match(err.userMessage, /did not answer within 150 ms/);
        assert.ok(Date.now() - started >= 190, 'not before the deadline');
        assert.ok(Date.now() - started < 1000, 'gave up long before the server answered');
        assert.equal(ctx.fake.requestsTo('listWebhooks').length, 1, 'a timeout is not retried');
      });
    });

    it('latency under the timeout is just slow', async () => {
      ctx.fake.configure({ latencyMs: 50 });
      const started = Date.now();
      assert.equal((await ctx.client.listWebhooks()).length, 3);
      assert.ok(Date.now() - started >= 45);
    });

    it('abort while waiting → Cancelled, promptly', async () => {
      ctx.fake.addFault({ route: 'listWebhooks', latencyMs: 800 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 30);
      const started = Date.now();
      const err = await rejectionOf(ctx.client.listWebhooks({ signal: controller.signal }));
      assert.ok(isCancelledError(err), String(err));
      assert.ok(Date.now() - started < 400);
    });

    it('already aborted → Cancelled', async () => {
      const err = await rejectionOf(ctx.client.getWebhook('orders-prod', { signal: AbortSignal.abort() }));
      assert.ok(isCancelledError(err), String(err));
    });

    it('abort during a retry wait → Cancelled, with no further attempt', async () => {
      ctx.fake.addFault({ route: 'listWebhooks', status: 429, retryAfter: 1 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const err = await rejectionOf(ctx.client.listWebhooks({ signal: controller.signal }));
      assert.ok(isCancelledError(err), String(err));
      assert.equal(ctx.fake.requestsTo('listWebhooks').length, 1);
    });

    it('abort while paging conversations stops the iteration with Cancelled', async () => {
      ctx.fake.configure({ paginate: true, pageSize: 2 });
      const controller = new AbortController();
      let pages = 0;
      const err = await rejectionOf(
        (async () => {
          for await (const _page of ctx.client.listConversations('orders-prod', { signal: controller.signal })) {
            if (++pages === 2) controller.abort();
          }
        })(),
      );
      assert.ok(isCancelledError(err), String(err));
      assert.equal(pages, 2);
    });

    it('nothing listening → Network (ECONNREFUSED), not retried', async () => {
      const transport = new UndiciTransport(FAST_TRANSPORT);
      const c = new NextmvClient({ baseUrl: 'http://127.0.0.1:1', getApiKey: () => Promise.resolve('k-123456789'), transport });
      try {
        const err = (await rejectionOf(c.listWebhooks())) as NetworkError;
        assert.ok(isNetworkError(err), String(err));
        assert.equal(err.code, 'ECONNREFUSED');
        assert.match(err.userMessage, /refused/);
      } finally {
        await transport.close();
      }
    });
  });
});
