/**
 * The errors the API client throws. Each carries a `userMessage` that says what happened and what to do,
 * ready for a notification or an error node, and a `kind` the UI can branch on. Guards check `kind`
 * rather than `instanceof`, so they keep working when the classes are loaded twice (two bundles).
 *
 * No message here ever contains the API key: messages are built from the method, the URL (which holds no
 * credentials) and the server's own text, which the client passes through `redact` first.
 *
 * Why one file: a catalogue — one small class per kind of failure with its guard, and errorForStatus
 * mapping statuses onto them; reading them side by side is how their messages stay consistent.
 */

import { capitalize } from '../../shared/text';

export type ApiErrorKind =
  | 'unauthorized'
  | 'notFound'
  | 'conflict'
  | 'rateLimited'
  | 'badRequest'
  | 'server'
  | 'unexpectedStatus'
  | 'network'
  | 'timeout'
  | 'invalidResponse'
  | 'cancelled'
  | 'triggerNotSupported'
  | 'missingApiKey'
  | 'invalidBaseUrl';

export interface ApiErrorInit {
  /** HTTP status, when a response arrived */
  readonly status?: number;
  /** e.g. `GET /v1/webhooks` — for logs */
  readonly request?: string;
  /** the server's own explanation, from its JSON `error`/`message` or its text */
  readonly serverMessage?: string;
  readonly cause?: unknown;
}

export class ApiError extends Error {
  /** Brand for the guards, stable across duplicated module copies. */
  readonly isNextmvApiError = true;
  readonly status: number | undefined;
  readonly request: string | undefined;
  readonly serverMessage: string | undefined;

  constructor(
    readonly kind: ApiErrorKind,
    /** for a person: what happened and what to do about it */
    readonly userMessage: string,
    init: ApiErrorInit = {},
  ) {
    super(init.request ? `${init.request}: ${userMessage}` : userMessage, init.cause !== undefined ? { cause: init.cause } : undefined);
    this.name = 'NextmvApiError';
    this.status = init.status;
    this.request = init.request;
    this.serverMessage = init.serverMessage;
  }
}

export class UnauthorizedError extends ApiError {
  constructor(init: ApiErrorInit & { status: number }) {
    super(
      'unauthorized',
      init.status === 403
        ? `Nextmv Cloud refused access with this API key (403${detail(init.serverMessage)}). Check that the key belongs to the right team, or set another one with "Nextmv Webhooks: Set API Key".`
        : `Nextmv Cloud rejected the API key (401${detail(init.serverMessage)}). Set a valid key with "Nextmv Webhooks: Set API Key".`,
      init,
    );
  }
}

export class NotFoundError extends ApiError {
  constructor(what: string, init: ApiErrorInit, hint = 'It may have been deleted; refresh the list.') {
    super('notFound', `${capitalize(what)} was not found (404). ${hint}`, init);
  }
}

export class ConflictError extends ApiError {
  constructor(what: string, init: ApiErrorInit) {
    super('conflict', `${capitalize(what)} already exists (409${detail(init.serverMessage)}). Choose another id.`, init);
  }
}

export class RateLimitedError extends ApiError {
  constructor(
    /** from Retry-After, when the server sent one */
    readonly retryAfterSeconds: number | undefined,
    init: ApiErrorInit,
  ) {
    super(
      'rateLimited',
      `Nextmv Cloud is limiting the request rate (429). ${
        retryAfterSeconds !== undefined ? `Try again in ${Math.max(1, Math.ceil(retryAfterSeconds))} s.` : 'Wait a moment and try again.'
      }`,
      init,
    );
  }
}

/** 400 (and 422): the server said what is wrong with the input; show its words, then what to fix. */
export class BadRequestError extends ApiError {
  constructor(init: ApiErrorInit & { status: number }, hint?: string) {
    const said = init.serverMessage ? `Nextmv Cloud rejected the request: ${init.serverMessage}` : `Nextmv Cloud rejected the request as invalid (${init.status}).`;
    super('badRequest', hint ? `${said}${/[.!?]$/.test(said) ? '' : '.'} ${hint}` : said, init);
  }
}
/** The same class under the name the UI talks about. */
export const InvalidInputError = BadRequestError;
export type InvalidInputError = BadRequestError;

export class ServerError extends ApiError {
  constructor(init: ApiErrorInit & { status: number }) {
    super('server', `Nextmv Cloud had a problem (${init.status}${detail(init.serverMessage)}). Try again later.`, init);
  }
}

/** A status the client has no special meaning for (e.g. 405 or 418). */
export class UnexpectedStatusError extends ApiError {
  constructor(init: ApiErrorInit & { status: number }) {
    super('unexpectedStatus', `Nextmv Cloud answered with HTTP ${init.status}${detail(init.serverMessage, ': ')}.`, init);
  }
}

export class NetworkError extends ApiError {
  constructor(
    /** ECONNREFUSED, ECONNRESET, ENOTFOUND, UND_ERR_SOCKET, a TLS code, PROXY… */
    readonly code: string,
    host: string,
    init: ApiErrorInit = {},
  ) {
    super('network', networkMessage(code, host), init);
  }
}

/** connect, headers, a pause in the body, or the whole request */
export type TimeoutPhase = 'connect' | 'headers' | 'body' | 'total';
export class TimeoutError extends ApiError {
  constructor(
    readonly phase: TimeoutPhase,
    readonly timeoutMs: number | undefined,
    host: string,
    init: ApiErrorInit = {},
  ) {
    const within = timeoutMs !== undefined ? ` within ${formatSeconds(timeoutMs)}` : '';
    const what =
      phase === 'connect'
        ? `Could not connect to ${host}${within}`
        : phase === 'headers'
          ? `${host} did not answer${within}`
          : phase === 'total'
            ? `${host} did not finish its response${within}`
            : `${host} stopped sending its response midway${timeoutMs !== undefined ? ` (nothing for ${formatSeconds(timeoutMs)})` : ''}`;
    super('timeout', `${what} (timeout). Try again; if it keeps happening, check your connection and proxy settings.`, init);
  }
}

export class InvalidResponseError extends ApiError {
  constructor(
    /** why the body could not be used, e.g. "not valid JSON" or "larger than 50 MB" */
    readonly reason: string,
    init: ApiErrorInit = {},
  ) {
    super('invalidResponse', `Nextmv Cloud sent a response that could not be used: ${reason}.`, init);
  }
}

export class CancelledError extends ApiError {
  constructor(init: ApiErrorInit = {}) {
    super('cancelled', 'The request was cancelled.', init);
  }
}

export class TriggerNotSupportedError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(
      'triggerNotSupported',
      `Triggering a webhook is not supported by this API (HTTP ${init.status ?? '?'}). Real deliveries are sent when a run's status changes: start a run to see one.`,
      init,
    );
  }
}

export class MissingApiKeyError extends ApiError {
  constructor() {
    super('missingApiKey', 'No Nextmv API key is set. Run "Nextmv Webhooks: Set API Key", or set NEXTMV_API_KEY.');
  }
}

export class InvalidBaseUrlError extends ApiError {
  /** `fix`: where to correct the value, when it is not the nextmvWebhooks.apiUrl setting */
  constructor(value: string, problem: string, fix = "Set nextmvWebhooks.apiUrl to the API's root, such as https://api.cloud.nextmv.io (without /v1).") {
    super('invalidBaseUrl', `The API URL "${value}" cannot be used: ${problem}. ${fix}`);
  }
}

// ---- guards ---------------------------------------------------------------------------------------------

export function isApiError(err: unknown): err is ApiError {
  return typeof err === 'object' && err !== null && (err as { isNextmvApiError?: unknown }).isNextmvApiError === true;
}
function isKind<T extends ApiError>(kind: ApiErrorKind) {
  return (err: unknown): err is T => isApiError(err) && err.kind === kind;
}
export const isUnauthorizedError = isKind<UnauthorizedError>('unauthorized');
export const isNotFoundError = isKind<NotFoundError>('notFound');
export const isConflictError = isKind<ConflictError>('conflict');
export const isRateLimitedError = isKind<RateLimitedError>('rateLimited');
export const isBadRequestError = isKind<BadRequestError>('badRequest');
export const isInvalidInputError = isBadRequestError;
export const isServerError = isKind<ServerError>('server');
export const isUnexpectedStatusError = isKind<UnexpectedStatusError>('unexpectedStatus');
export const isNetworkError = isKind<NetworkError>('network');
export const isTimeoutError = isKind<TimeoutError>('timeout');
export const isInvalidResponseError = isKind<InvalidResponseError>('invalidResponse');
export const isCancelledError = isKind<CancelledError>('cancelled');
export const isTriggerNotSupportedError = isKind<TriggerNotSupportedError>('triggerNotSupported');
export const isMissingApiKeyError = isKind<MissingApiKeyError>('missingApiKey');
export const isInvalidBaseUrlError = isKind<InvalidBaseUrlError>('invalidBaseUrl');

// ---- mapping a response status to an error --------------------------------------------------------------

export interface StatusErrorContext {
  readonly status: number;
  readonly request: string;
  readonly serverMessage?: string;
  /** Retry-After, already parsed */
  readonly retryAfterSeconds?: number;
  /** what the request was about, for 404/409 messages, e.g. `webhook "orders"` */
  readonly subject?: string;
  /** what to do about a 404, when "refresh the list" is not it */
  readonly notFoundHint?: string;
  /** what to fix after a 400, e.g. the run's input */
  readonly badRequestHint?: string;
}

/** The typed error for a non-2xx response. */
export function errorForStatus(ctx: StatusErrorContext): ApiError {
  const init = { status: ctx.status, request: ctx.request, serverMessage: ctx.serverMessage };
  const subject = ctx.subject ?? 'the requested item';
  const s = ctx.status;
  if (s === 401 || s === 403) return new UnauthorizedError(init);
  if (s === 404) return new NotFoundError(subject, init, ctx.notFoundHint);
  if (s === 409) return new ConflictError(subject, init);
  if (s === 429) return new RateLimitedError(ctx.retryAfterSeconds, init);
  if (s === 400 || s === 413 || s === 422) return new BadRequestError(init, ctx.badRequestHint);
  if (s >= 500 && s <= 599) return new ServerError(init);
  return new UnexpectedStatusError(init);
}

/**
 * The server's explanation from an error body: `error` or `message` (string, or an object holding one)
 * from JSON, else the text itself. Whitespace collapsed, cut to a readable length.
 */
export function serverMessageFrom(body: string, contentType = ''): string | undefined {
  const text = body.trim();
  if (!text) return undefined;
  if (text.startsWith('{') || contentType.includes('json')) {
    try {
      const parsed: unknown = JSON.parse(text);
      const found = messageField(parsed);
      if (found) return tidy(found);
    } catch {
      // not JSON after all: fall through to the text
    }
  }
  if (/^\s*<(!doctype|html)/i.test(text)) {
    const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1];
    return title ? tidy(title) : undefined;
  }
  return tidy(text);
}

function messageField(value: unknown, depth = 0): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null || depth > 2) return undefined;
  const v = value as Record<string, unknown>;
  for (const key of ['error', 'message', 'detail', 'error_description']) {
    const found = messageField(v[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

const MAX_SERVER_MESSAGE = 300;
function tidy(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > MAX_SERVER_MESSAGE ? `${one.slice(0, MAX_SERVER_MESSAGE - 1)}…` : one;
}

// ---- message helpers ------------------------------------------------------------------------------------

function detail(serverMessage: string | undefined, sep = ': '): string {
  return serverMessage ? `${sep}${serverMessage}` : '';
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/;

function networkMessage(code: string, host: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return `Could not connect to ${host}: the connection was refused (ECONNREFUSED). Check nextmvWebhooks.apiUrl and that the server is running.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Could not find the host ${host} (${code}). Check nextmvWebhooks.apiUrl, your connection and DNS.`;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return `The connection to ${host} was closed unexpectedly (${code}). Try again; a proxy or firewall may be interrupting it.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${host} is unreachable from this machine (${code}). Check your network connection.`;
    case 'PROXY_CONFIG':
      return 'The proxy URL (http.proxy, or HTTP_PROXY/HTTPS_PROXY) is not a valid http(s) URL. Fix it, or clear it to connect directly.';
    case 'CLOSED':
      return 'The connection to Nextmv Cloud was shut down (the extension is reloading or stopping). Try again.';
    case 'PROXY':
      return `The proxy refused to connect to ${host}. Check http.proxy and http.proxyAuthorization, or switch the transport to VS Code's fetch for PAC/Kerberos proxies.`;
    default:
      if (TLS_CODES.test(code)) {
        return `The secure connection to ${host} could not be verified (${code}). If a corporate proxy inspects TLS, install its certificate or review http.proxyStrictSSL.`;
      }
      return `Could not reach ${host} (${code}). Check your connection and proxy settings (http.proxy).`;
  }
}
