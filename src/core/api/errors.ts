import * as l10n from '@vscode/l10n';
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
        ? l10n.t('Nextmv Cloud refused access with this API key (403{0}). Check that the key belongs to the right team, or set another one with "Nextmv Webhooks: Set API Key".', detail(init.serverMessage))
        : l10n.t('Nextmv Cloud rejected the API key (401{0}). Set a valid key with "Nextmv Webhooks: Set API Key".', detail(init.serverMessage)),
      init,
    );
  }
}

export class NotFoundError extends ApiError {
  constructor(what: string, init: ApiErrorInit, hint = l10n.t('It may have been deleted; refresh the list.')) {
    super('notFound', l10n.t('{0} was not found (404). {1}', capitalize(what), hint), init);
  }
}

export class ConflictError extends ApiError {
  constructor(what: string, init: ApiErrorInit) {
    super('conflict', l10n.t('{0} already exists (409{1}). Choose another id.', capitalize(what), detail(init.serverMessage)), init);
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
      l10n.t('Nextmv Cloud is limiting the request rate (429). {0}', retryAfterSeconds !== undefined ? l10n.t('Try again in {0} s.', Math.max(1, Math.ceil(retryAfterSeconds))) : l10n.t('Wait a moment and try again.')),
      init,
    );
  }
}

/** 400 (and 422): the server said what is wrong with the input; show its words, then what to fix. */
export class BadRequestError extends ApiError {
  constructor(init: ApiErrorInit & { status: number }, hint?: string) {
    const said = init.serverMessage ? l10n.t('Nextmv Cloud rejected the request: {0}', init.serverMessage) : l10n.t('Nextmv Cloud rejected the request as invalid ({0}).', init.status);
    super('badRequest', hint ? `${said}${/[.!?]$/.test(said) ? '' : '.'} ${hint}` : said, init);
  }
}
/** The same class under the name the UI talks about. */
export const InvalidInputError = BadRequestError;
export type InvalidInputError = BadRequestError;

export class ServerError extends ApiError {
  constructor(init: ApiErrorInit & { status: number }) {
    super('server', l10n.t('Nextmv Cloud had a problem ({0}{1}). Try again later.', init.status, detail(init.serverMessage)), init);
  }
}

/** A status the client has no special meaning for (e.g. 405 or 418). */
export class UnexpectedStatusError extends ApiError {
  constructor(init: ApiErrorInit & { status: number }) {
    super('unexpectedStatus', l10n.t('Nextmv Cloud answered with HTTP {0}{1}.', init.status, detail(init.serverMessage, ': ')), init);
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
    const within = timeoutMs !== undefined ? l10n.t(' within {0}', formatSeconds(timeoutMs)) : '';
    const what =
      phase === 'connect'
        ? l10n.t('Could not connect to {0}{1}', host, within)
        : phase === 'headers'
          ? l10n.t('{0} did not answer{1}', host, within)
          : phase === 'total'
            ? l10n.t('{0} did not finish its response{1}', host, within)
            : l10n.t('{0} stopped sending its response midway{1}', host, timeoutMs !== undefined ? l10n.t(' (nothing for {0})', formatSeconds(timeoutMs)) : '');
    super('timeout', l10n.t('{0} (timeout). Try again; if it keeps happening, check your connection and proxy settings.', what), init);
  }
}

export class InvalidResponseError extends ApiError {
  constructor(
    /** why the body could not be used, e.g. "not valid JSON" or "larger than 50 MB" */
    readonly reason: string,
    init: ApiErrorInit = {},
  ) {
    super('invalidResponse', l10n.t('Nextmv Cloud sent a response that could not be used: {0}.', reason), init);
  }
}

export class CancelledError extends ApiError {
  constructor(init: ApiErrorInit = {}) {
    super('cancelled', l10n.t('The request was cancelled.'), init);
  }
}

export class TriggerNotSupportedError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(
      'triggerNotSupported',
      l10n.t('Triggering a webhook is not supported by this API (HTTP {0}). Real deliveries are sent when a run\'s status changes: start a run to see one.', init.status ?? '?'),
      init,
    );
  }
}

export class MissingApiKeyError extends ApiError {
  constructor() {
    super('missingApiKey', l10n.t('No Nextmv API key is set. Run "Nextmv Webhooks: Set API Key", or set NEXTMV_API_KEY.'));
  }
}

export class InvalidBaseUrlError extends ApiError {
  /** `fix`: where to correct the value, when it is not the nextmvWebhooks.apiUrl setting */
  constructor(value: string, problem: string, fix = l10n.t('Set nextmvWebhooks.apiUrl to the API\'s root, such as https://api.cloud.nextmv.io (without /v1).')) {
    super('invalidBaseUrl', l10n.t('The API URL "{0}" cannot be used: {1}. {2}', value, problem, fix));
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
  const subject = ctx.subject ?? l10n.t('the requested item');
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
      return l10n.t('Could not connect to {0}: the connection was refused (ECONNREFUSED). Check nextmvWebhooks.apiUrl and that the server is running.', host);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return l10n.t('Could not find the host {0} ({1}). Check nextmvWebhooks.apiUrl, your connection and DNS.', host, code);
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return l10n.t('The connection to {0} was closed unexpectedly ({1}). Try again; a proxy or firewall may be interrupting it.', host, code);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return l10n.t('{0} is unreachable from this machine ({1}). Check your network connection.', host, code);
    case 'PROXY_CONFIG':
      return l10n.t('The proxy URL (http.proxy, or HTTP_PROXY/HTTPS_PROXY) is not a valid http(s) URL. Fix it, or clear it to connect directly.');
    case 'CLOSED':
      return l10n.t('The connection to Nextmv Cloud was shut down (the extension is reloading or stopping). Try again.');
    case 'PROXY':
      return l10n.t('The proxy refused to connect to {0}. Check http.proxy and http.proxyAuthorization, or switch the transport to VS Code\'s fetch for PAC/Kerberos proxies.', host);
    default:
      if (TLS_CODES.test(code)) {
        return l10n.t('The secure connection to {0} could not be verified ({1}). If a corporate proxy inspects TLS, install its certificate or review http.proxyStrictSSL.', host, code);
      }
      return l10n.t('Could not reach {0} ({1}). Check your connection and proxy settings (http.proxy).', host, code);
  }
}
