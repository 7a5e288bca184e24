import * as l10n from '@vscode/l10n';
/**
 * Automatic retries, for GET only: reading twice is harmless, creating or triggering twice is not.
 * Retries 429/502/503/504 and dropped connections with exponential backoff and jitter, honouring
 * Retry-After when the server sends one (and giving up when it asks for longer than we would wait).
 */
import { CancelledError, isNetworkError } from './errors';
import type { HttpRequest, HttpResponse, RetryOptions } from './transport';
import { clampDelayMs, sleep } from '../timers';

export const DEFAULT_RETRY: RetryOptions = { maxRetries: 3, baseDelayMs: 300, maxDelayMs: 5_000, maxRetryAfterMs: 30_000, random: Math.random };

const RETRY_STATUSES = new Set([429, 502, 503, 504]);
/** the connection went away under us; another attempt usually gets through */
const RETRY_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

export async function sendWithRetry(
  send: (req: HttpRequest) => Promise<HttpResponse>,
  req: HttpRequest,
  options: Partial<RetryOptions> | undefined,
  log: (line: string, req: HttpRequest) => void,
): Promise<HttpResponse> {
  if (req.method !== 'GET') return send(req);
  const opts = { ...DEFAULT_RETRY, ...options };
  for (let retry = 0; ; retry++) {
    let delayMs: number | undefined;
    let reason: string;
    try {
      const res = await send(req);
      if (!RETRY_STATUSES.has(res.status) || retry >= opts.maxRetries) return res;
      const asked = retryAfterMs(res.headers['retry-after']);
      if (asked !== undefined && asked > opts.maxRetryAfterMs) return res;
      delayMs = clampDelayMs(asked ?? backoffMs(retry, opts));
      reason = l10n.t('HTTP {0}', res.status);
    } catch (err) {
      if (!isNetworkError(err) || !RETRY_CODES.has(err.code) || retry >= opts.maxRetries) throw err;
      delayMs = clampDelayMs(backoffMs(retry, opts));
      reason = err.code;
    }
    log(`${req.method} ${req.url}: ${reason}, retry ${retry + 1} of ${opts.maxRetries} in ${Math.round(delayMs)} ms`, req);
    await sleep(delayMs, req.signal, () => new CancelledError());
  }
}

/** "equal jitter": half the exponential step, plus a random half, so clients do not retry in lockstep */
export function backoffMs(retry: number, opts: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number {
  const step = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** retry);
  return step / 2 + opts.random() * (step / 2);
}

/** Retry-After as seconds (fractions accepted) or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
