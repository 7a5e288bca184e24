import * as l10n from '@vscode/l10n';
/**
 * The HTTP transport the client talks through: an interface small enough to fake, and its undici
 * implementation with one dispatcher built from the proxy settings (never the process-wide one, which
 * every extension shares), UI-sized timeouts, retries for GET only, a response size limit and a log
 * callback that never sees the Authorization header.
 */
import type { Dispatcher } from 'undici';
import { request as undiciRequest } from './undici';
import { isApiError, type ApiError, NetworkError } from './errors';
import { buildDispatcher, type ProxySettings, type ProxyEnv } from './dispatcher';
import { RequestDeadline } from './deadline';
import { collectLimited } from './readBody';
import { sendWithRetry } from './retry';
import { DEFAULT_MAX_RESPONSE_BYTES, resolveTimeouts, type HttpRequest, type HttpResponse, type Timeouts, type Transport, type TransportOptions } from './transport';
import { errorContext, toTransportError } from './transportErrors';
import { credentialsOf, redact } from '../redact';
import { formatBytes } from '../../shared/text';

/** undici's own timers, a backstop behind RequestDeadline, which fires first */
const BACKSTOP_MS = 1000;

export interface UndiciTransportOptions extends TransportOptions {
  readonly proxy?: ProxySettings;
  /** where HTTP_PROXY/HTTPS_PROXY/NO_PROXY are read; process.env by default */
  readonly env?: ProxyEnv;
}

export class UndiciTransport implements Transport {
  private dispatcher: Dispatcher | undefined;
  private dispatcherError: ApiError | undefined;
  private timeouts: Timeouts;
  private proxy: ProxySettings | undefined;
  private env: ProxyEnv | undefined;

  constructor(private readonly options: UndiciTransportOptions = {}) {
    this.timeouts = resolveTimeouts(options.timeouts);
    this.proxy = options.proxy;
    this.env = options.env;
    this.rebuild();
  }

  /** Call when http.proxy & co. (or the proxy environment) change: later requests use a new dispatcher. */
  updateProxySettings(proxy: ProxySettings | undefined, env?: ProxyEnv): void {
    this.proxy = proxy;
    if (env) this.env = env;
    this.rebuild();
  }

  updateTimeouts(timeouts: Partial<Timeouts>): void {
    const connectChanged = timeouts.connectMs !== undefined && timeouts.connectMs !== this.timeouts.connectMs;
    this.timeouts = { ...this.timeouts, ...timeouts };
    if (connectChanged) this.rebuild();
  }

  request(req: HttpRequest): Promise<HttpResponse> {
    return sendWithRetry((r) => this.sendOnce(r), req, this.options.retry, this.logLine);
  }

  async close(): Promise<void> {
    const d = this.dispatcher;
    this.dispatcher = undefined;
    this.dispatcherError = new NetworkError('CLOSED', l10n.t('the API'), {});
    await d?.close();
  }

  private rebuild(): void {
    const old = this.dispatcher;
    try {
      this.dispatcher = buildDispatcher({ proxy: this.proxy, env: this.env, connectTimeoutMs: this.timeouts.connectMs });
      this.dispatcherError = undefined;
    } catch (err) {
      this.dispatcher = undefined;
      this.dispatcherError = isApiError(err) ? err : new NetworkError('PROXY_CONFIG', l10n.t('the proxy'), { cause: err });
    }
    // In-flight requests finish on the old dispatcher; close() waits for them.
    if (old) old.close().catch(() => undefined);
  }

  private readonly logLine = (line: string, req: HttpRequest): void => {
    const log = this.options.log;
    if (!log) return;
    log(redact(line, credentialsOf(req.headers)));
  };

  private async sendOnce(req: HttpRequest): Promise<HttpResponse> {
    const ctx = errorContext(req, this.timeouts);
    if (!this.dispatcher) throw this.dispatcherError ?? new NetworkError('CLOSED', ctx.host);
    const started = performance.now();
    const deadline = new RequestDeadline(this.timeouts, req.signal);
    try {
      const res = await undiciRequest(req.url, {
        dispatcher: this.dispatcher,
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal: deadline.signal,
        // backstops for RequestDeadline, which fires first
        headersTimeout: this.timeouts.connectMs + this.timeouts.headersMs + BACKSTOP_MS,
        bodyTimeout: this.timeouts.bodyMs + BACKSTOP_MS,
      });
      deadline.headersReceived();
      const headers = flattenHeaders(res.headers);
      const body = await collectLimited(res.body, {
        maxBytes: this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
        declaredLength: headers['content-length'],
        onAbandon: () => res.body.destroy(),
        onChunk: () => deadline.progress(),
        context: ctx,
      });
      if (this.options.log) this.logLine(`${ctx.request} → ${res.statusCode} (${Math.round(performance.now() - started)} ms, ${formatBytes(Buffer.byteLength(body))})`, req);
      return { status: res.statusCode, headers, body };
    } catch (err) {
      const typed = toTransportError(deadline.timedOut ?? err, ctx);
      this.logLine(`${ctx.request} failed after ${Math.round(performance.now() - started)} ms: ${typed.userMessage}`, req);
      throw typed;
    } finally {
      deadline.dispose();
    }
  }
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in raw) {
    const v = raw[name];
    if (v !== undefined) out[name.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}
