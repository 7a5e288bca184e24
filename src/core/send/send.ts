/**
 * Sends one signed request through a transport and turns whatever happens into a SendResult: the answer
 * (any status — a 3xx is an answer, never followed), or one line saying why there is none. Never retries:
 * a delivery sent twice is acted on twice.
 */
import { isApiError, isNetworkError, isTimeoutError } from '../api/errors';
import type { Timeouts, Transport } from '../api/transport';
import { formatBytes, hostOf } from '../../shared/text';
import type { OutgoingRequest } from './request';

export type SendResult =
  | {
      readonly kind: 'answered';
      readonly status: number;
      /** lower-case names */
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
      /** from sending the request to the end of the answer */
      readonly latencyMs: number;
    }
  | {
      readonly kind: 'failed';
      /** one line for a person, starting with "timeout:" or "error:" */
      readonly error: string;
      readonly timedOut: boolean;
      readonly latencyMs: number;
    };

/** The limits a local send runs under (the transport enforces them; they are here for the messages). */
export interface SendLimits {
  readonly timeouts: Timeouts;
  readonly maxResponseBytes: number;
}

export interface SendOptions {
  readonly limits: SendLimits;
  readonly signal?: AbortSignal;
  /** a monotonic clock in ms (performance.now) */
  readonly clock: () => number;
}

export async function sendRequest(transport: Transport, req: OutgoingRequest, o: SendOptions): Promise<SendResult> {
  const started = o.clock();
  try {
    const res = await transport.request({ method: req.method, url: req.url, headers: req.headers, body: req.body, signal: o.signal });
    return { kind: 'answered', status: res.status, headers: res.headers, body: res.body, latencyMs: o.clock() - started };
  } catch (err) {
    const failure = describeSendFailure(err, hostOf(req.url), o.limits);
    return { kind: 'failed', ...failure, latencyMs: o.clock() - started };
  }
}

/**
 * One line for what a transport threw while sending to `host`, in the words of a local send (the
 * transport's own messages speak of Nextmv Cloud and its settings).
 */
export function describeSendFailure(err: unknown, host: string, limits: SendLimits): { error: string; timedOut: boolean } {
  const fail = (line: string) => ({ error: `error: ${line}`, timedOut: false });
  if (!isApiError(err)) return fail(`sending to ${host} failed: ${err instanceof Error ? err.message : String(err)}`);
  const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
  if (isTimeoutError(err)) {
    const t = limits.timeouts;
    const phase = err.phase;
    const line =
      phase === 'connect'
        ? `could not connect to ${host} within ${seconds(t.connectMs)}`
        : phase === 'body'
          ? `${host} stopped sending its answer midway (nothing for ${seconds(t.bodyMs)})`
          : phase === 'total'
            ? `${host} did not finish its answer within ${seconds(t.totalMs)}`
            : `${host} did not answer within ${seconds(t.connectMs + t.headersMs)}`;
    return { error: `timeout: ${line}; nothing was retried.`, timedOut: true };
  }
  if (err.kind === 'cancelled') return fail(`cancelled before ${host} answered.`);
  if (err.kind === 'invalidResponse') return fail(`${host} answered with more than ${formatBytes(limits.maxResponseBytes)}; the answer was not read.`);
  if (isNetworkError(err)) return fail(networkLine(err.code, host));
  return fail(err.userMessage);
}

function networkLine(code: string, host: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return `could not connect to ${host}: connection refused (ECONNREFUSED). Is the handler running and listening on that port?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `could not find the host ${host} (${code}).`;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return `${host} closed the connection without a complete answer (${code}).`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${host} is unreachable from this machine (${code}).`;
    case 'PROXY':
      return `the proxy refused to connect to ${host} (check http.proxy).`;
    case 'PROXY_CONFIG':
      return 'the proxy URL (http.proxy, or HTTP_PROXY/HTTPS_PROXY) is not a valid http(s) URL.';
    default:
      if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code)) return `the TLS certificate of ${host} could not be verified (${code}).`;
      return `could not reach ${host} (${code}).`;
  }
}
