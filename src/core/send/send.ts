import * as l10n from '@vscode/l10n';
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
  const fail = (line: string) => ({ error: l10n.t('error: {0}', line), timedOut: false });
  if (!isApiError(err)) return fail(l10n.t('sending to {0} failed: {1}', host, err instanceof Error ? err.message : String(err)));
  const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
  if (isTimeoutError(err)) {
    const t = limits.timeouts;
    const phase = err.phase;
    const line =
      phase === 'connect'
        ? l10n.t('could not connect to {0} within {1}', host, seconds(t.connectMs))
        : phase === 'body'
          ? l10n.t('{0} stopped sending its answer midway (nothing for {1})', host, seconds(t.bodyMs))
          : phase === 'total'
            ? l10n.t('{0} did not finish its answer within {1}', host, seconds(t.totalMs))
            : l10n.t('{0} did not answer within {1}', host, seconds(t.connectMs + t.headersMs));
    return { error: l10n.t('timeout: {0}; nothing was retried.', line), timedOut: true };
  }
  if (err.kind === 'cancelled') return fail(l10n.t('cancelled before {0} answered.', host));
  if (err.kind === 'invalidResponse') return fail(l10n.t('{0} answered with more than {1}; the answer was not read.', host, formatBytes(limits.maxResponseBytes)));
  if (isNetworkError(err)) return fail(networkLine(err.code, host));
  return fail(err.userMessage);
}

function networkLine(code: string, host: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return l10n.t('could not connect to {0}: connection refused (ECONNREFUSED). Is the handler running and listening on that port?', host);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return l10n.t('could not find the host {0} ({1}).', host, code);
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return l10n.t('{0} closed the connection without a complete answer ({1}).', host, code);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return l10n.t('{0} is unreachable from this machine ({1}).', host, code);
    case 'PROXY':
      return l10n.t('the proxy refused to connect to {0} (check http.proxy).', host);
    case 'PROXY_CONFIG':
      return l10n.t('the proxy URL (http.proxy, or HTTP_PROXY/HTTPS_PROXY) is not a valid http(s) URL.');
    default:
      if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code)) return l10n.t('the TLS certificate of {0} could not be verified ({1}).', host, code);
      return l10n.t('could not reach {0} ({1}).', host, code);
  }
}
