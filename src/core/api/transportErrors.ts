import * as l10n from '@vscode/l10n';
/**
 * Turns whatever a transport throws (undici errors, Node socket errors, fetch's TypeError with a cause,
 * abort reasons) into the typed ApiError the UI shows.
 */
import { ApiError, CancelledError, isApiError, NetworkError, TimeoutError, type TimeoutPhase } from './errors';
import type { Timeouts } from './transport';
import { hostOf } from '../../shared/text';

export interface TransportErrorContext {
  /** e.g. "GET https://api.cloud.nextmv.io/v1/webhooks" */
  readonly request: string;
  readonly host: string;
  readonly signal?: AbortSignal;
  readonly timeouts: Timeouts;
}

/** Set as an AbortSignal reason by transports that implement a timeout with an AbortController. */
export class TransportTimeout extends Error {
  constructor(readonly phase: TimeoutPhase) {
    super(l10n.t('{0} timeout', phase));
    this.name = 'TransportTimeout';
  }
}

const TIMEOUT_CODES: Record<string, TimeoutPhase> = {
  UND_ERR_CONNECT_TIMEOUT: 'connect',
  UND_ERR_HEADERS_TIMEOUT: 'headers',
  UND_ERR_BODY_TIMEOUT: 'body',
  ETIMEDOUT: 'connect',
};

export function toTransportError(err: unknown, ctx: TransportErrorContext): ApiError {
  if (isApiError(err)) return err;
  const init = { request: ctx.request, cause: err };
  // The caller's cancellation wins over whatever error it caused underneath.
  if (ctx.signal?.aborted && !(ctx.signal.reason instanceof TransportTimeout)) return new CancelledError(init);
  const timeout = findInChain(err, (e) => (e instanceof TransportTimeout ? e.phase : undefined));
  if (timeout) return timeoutError(timeout, ctx, init);
  const code = findInChain(err, (e) => codeOf(e));
  if (code && TIMEOUT_CODES[code]) return timeoutError(TIMEOUT_CODES[code], ctx, init);
  // undici reports a refused tunnel as an aborted request: look for it before treating aborts as cancels
  const message = findInChain(err, (e) => (e instanceof Error ? e.message : undefined)) ?? '';
  if (/proxy response \((\d+)\)/i.test(message) || /proxy/i.test(code ?? '')) return new NetworkError('PROXY', ctx.host, init);
  if (findInChain(err, (e) => (isAbortError(e) ? true : undefined))) return new CancelledError(init);
  return new NetworkError(code ?? 'UNKNOWN', ctx.host, init);
}

function timeoutError(phase: TimeoutPhase, ctx: TransportErrorContext, init: { request: string; cause: unknown }): TimeoutError {
  const ms = { connect: ctx.timeouts.connectMs, headers: ctx.timeouts.headersMs, body: ctx.timeouts.bodyMs, total: ctx.timeouts.totalMs }[phase];
  return new TimeoutError(phase, ms, ctx.host, init);
}

function codeOf(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const code = (e as { code?: unknown }).code;
  // AggregateError (happy eyeballs) holds the per-address errors
  if (typeof code !== 'string' && Array.isArray((e as { errors?: unknown }).errors)) {
    for (const inner of (e as { errors: unknown[] }).errors) {
      const c = codeOf(inner);
      if (c) return c;
    }
  }
  return typeof code === 'string' && code && code !== 'UND_ERR' ? code : undefined;
}

function isAbortError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && ((e as { name?: unknown }).name === 'AbortError' || (e as { code?: unknown }).code === 'UND_ERR_ABORTED');
}

/** The first non-undefined answer of `pick` along err, err.cause, err.cause.cause… */
function findInChain<T>(err: unknown, pick: (e: unknown) => T | undefined): T | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 6 && e != null; depth++) {
    const found = pick(e);
    if (found !== undefined) return found;
    e = typeof e === 'object' ? (e as { cause?: unknown }).cause : undefined;
  }
  return undefined;
}

/** The context for one request's errors; the host is only worked out if an error needs it. */
export function errorContext(req: { readonly method: string; readonly url: string; readonly signal?: AbortSignal }, timeouts: Timeouts): TransportErrorContext {
  let host: string | undefined;
  return {
    request: `${req.method} ${req.url}`,
    get host() {
      return (host ??= hostOf(req.url, l10n.t('the server')));
    },
    signal: req.signal,
    timeouts,
  };
}
