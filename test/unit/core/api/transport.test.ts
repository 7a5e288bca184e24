/** Retry policy and log redaction, with a scripted send function instead of a server. */
import { strict as assert } from 'assert';
import { CancelledError, isCancelledError, isNetworkError, NetworkError, UndiciTransport, type HttpRequest, type HttpResponse } from '../../../../src/core/api';
import { backoffMs, retryAfterMs, sendWithRetry } from '../../../../src/core/api/retry';
import { MAX_TIMER_DELAY_MS } from '../../../../src/core/timers';
import { rejectionOf } from './helpers/fakeClient';

function scripted(...outcomes: (number | Error)[]): { send: (req: HttpRequest) => Promise<HttpResponse>; calls: () => number } {
  let n = 0;
  return {
    calls: () => n,
    send: () => {
      const next = outcomes[Math.min(n++, outcomes.length - 1)];
      const headers: Record<string, string> = next === 429 ? { 'retry-after': '0' } : {};
      return next instanceof Error ? Promise.reject(next) : Promise.resolve({ status: next, headers, body: '' });
    },
  };
}

const FAST = { baseDelayMs: 1, maxDelayMs: 2 };
const get: HttpRequest = { method: 'GET', url: 'http://127.0.0.1:1/v1/webhooks', headers: { authorization: 'Bearer SECRET-KEY-1' } };

describe('retry policy', () => {
  it('retries GET on 429, 502, 503, 504, and returns the first other answer', async () => {
    const s = scripted(429, 502, 503, 200);
    assert.equal((await sendWithRetry(s.send, get, { ...FAST, maxRetries: 3 }, () => undefined)).status, 200);
    assert.equal(s.calls(), 4);
    const t = scripted(504, 404);
    assert.equal((await sendWithRetry(t.send, get, FAST, () => undefined)).status, 404);
    assert.equal(t.calls(), 2);
  });

  it('does not retry 500, 400, 401', async () => {
    for (const status of [500, 400, 401]) {
      const s = scripted(status, 200);
      assert.equal((await sendWithRetry(s.send, get, FAST, () => undefined)).status, status);
      assert.equal(s.calls(), 1);
    }
  });

  it('stops after maxRetries and hands back the last answer', async () => {
    const s = scripted(503);
    assert.equal((await sendWithRetry(s.send, get, { ...FAST, maxRetries: 2 }, () => undefined)).status, 503);
    assert.equal(s.calls(), 3);
  });

  it('retries dropped connections but not refused ones', async () => {
    const reset = scripted(new NetworkError('ECONNRESET', 'h'), 200);
    assert.equal((await sendWithRetry(reset.send, get, FAST, () => undefined)).status, 200);
    const refused = scripted(new NetworkError('ECONNREFUSED', 'h'), 200);
    await rejectionOf(sendWithRetry(refused.send, get, FAST, () => undefined));
    assert.equal(refused.calls(), 1);
  });

  it('never retries POST, PUT or DELETE', async () => {
    for (const method of ['POST', 'PUT', 'DELETE'] as const) {
      const s = scripted(503, 200);
      assert.equal((await sendWithRetry(s.send, { ...get, method }, FAST, () => undefined)).status, 503);
      const r = scripted(new NetworkError('ECONNRESET', 'h'), 200);
      await rejectionOf(sendWithRetry(r.send, { ...get, method }, FAST, () => undefined));
      assert.equal(s.calls() + r.calls(), 2, method);
    }
  });

  it('cancellation during the wait ends it at once', async () => {
    const s = scripted(503);
    const controller = new AbortController();
    const pending = sendWithRetry(s.send, { ...get, signal: controller.signal }, { baseDelayMs: 10_000, maxDelayMs: 10_000 }, () => undefined);
    controller.abort();
    const err = await rejectionOf(pending);
    assert.ok(isCancelledError(err) && err instanceof CancelledError);
    assert.equal(s.calls(), 1);
  });

  it('a Retry-After beyond what a timer can hold (30 days) waits the longest a timer can, instead of overflowing into a 1 ms loop', async () => {
    let calls = 0;
    const send = () => {
      calls++;
      return Promise.resolve({ status: 429, headers: { 'retry-after': String(30 * 86_400) }, body: '' });
    };
    const controller = new AbortController();
    const delays: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    globalThis.setTimeout = ((fn: () => void, ms?: number) => {
      delays.push(ms ?? 0);
      return realSetTimeout(fn, Math.min(ms ?? 0, MAX_TIMER_DELAY_MS));
    }) as typeof setTimeout;
    let pending: Promise<unknown>;
    try {
      pending = sendWithRetry(send, { ...get, signal: controller.signal }, { maxRetryAfterMs: Infinity }, () => undefined);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
    try {
      await new Promise((resolve) => realSetTimeout(resolve, 100));
      assert.equal(calls, 1, 'still waiting: no second request');
      assert.deepEqual(delays, [MAX_TIMER_DELAY_MS], 'the wait handed to setTimeout');
    } finally {
      controller.abort();
    }
    assert.ok(isCancelledError(await rejectionOf(pending)));
  });

  it('backoff grows exponentially with jitter, capped', () => {
    const opts = { baseDelayMs: 100, maxDelayMs: 1000 };
    assert.equal(backoffMs(0, { ...opts, random: () => 0 }), 50);
    assert.equal(backoffMs(0, { ...opts, random: () => 0.999999 }) < 100, true);
    assert.equal(backoffMs(2, { ...opts, random: () => 0 }), 200);
    assert.equal(backoffMs(10, { ...opts, random: () => 0 }), 500);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    assert.equal(retryAfterMs('3'), 3000);
    assert.equal(retryAfterMs(' 0.5 '), 500);
    assert.equal(retryAfterMs(undefined), undefined);
    assert.equal(retryAfterMs('soon'), undefined);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(retryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', now), 10_000);
    assert.equal(retryAfterMs('Wed, 31 Dec 2025 00:00:00 GMT', now), 0);
  });

  it('logs each retry with its reason', async () => {
    const lines: string[] = [];
    const s = scripted(503, 200);
    await sendWithRetry(s.send, get, FAST, (line) => lines.push(line));
    assert.equal(lines.length, 1);
    assert.match(lines[0], /GET http:\/\/127\.0\.0\.1:1\/v1\/webhooks: HTTP 503, retry 1 of 3 in \d+ ms/);
  });
});

describe('UndiciTransport log', () => {
  it('redacts the bearer token wherever it would appear in a line', async () => {
    const lines: string[] = [];
    const transport = new UndiciTransport({ env: {}, log: (l) => lines.push(l) });
    try {
      // a server echoing the key into a cursor is far-fetched, but the log must hold even then
      const err = await rejectionOf(transport.request({ method: 'GET', url: 'http://127.0.0.1:1/v1/webhooks?cursor=SECRET-KEY-1', headers: { Authorization: 'Bearer SECRET-KEY-1' } }));
      assert.ok(isNetworkError(err));
    } finally {
      await transport.close();
    }
    assert.equal(lines.length, 1);
    assert.match(lines[0], /GET http:\/\/127\.0\.0\.1:1\/v1\/webhooks\?cursor=\[redacted\] failed after \d+ ms: Could not connect/);
  });

  it('after close(), requests fail with a typed error', async () => {
    const transport = new UndiciTransport({ env: {} });
    await transport.close();
    const err = await rejectionOf(transport.request({ method: 'GET', url: 'http://127.0.0.1:1/' }));
    assert.ok(isNetworkError(err) && err.code === 'CLOSED', String(err));
  });
});
