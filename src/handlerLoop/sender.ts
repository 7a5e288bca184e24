/**
 * The HTTP side of Send Again and Sign & Send: the project's transports (dist/api.js, read on the first
 * send) with limits of their own — the answer cut at 1 MB, a deadline for the whole request, no retry,
 * redirects reported rather than followed (neither transport follows one). A target on this machine is
 * always reached directly: no proxy can reach the user's localhost. Any other target goes the way the
 * connection to Nextmv goes (http.proxy & co., or VS Code's fetch when nextmvWebhooks.useVSCodeFetch is on).
 */
import * as vscode from 'vscode';
import { config } from '../config';
import { Disposable, toDisposable } from '../common/lifecycle';
import type { Logger } from '../common/logger';
import { loadApi } from '../connection/loadApi';
import type { Transport } from '../core/api/transport';
import { sendRequest, type SendLimits, type SendResult } from '../core/send/send';
import type { OutgoingRequest } from '../core/send/request';

/** The largest answer read from a target: a handler's answer is small, and it is shown in the inspector. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

export class LocalSender extends Disposable {
  private transports: { direct?: Transport; configured?: Transport } = {};

  constructor(private readonly log: Logger) {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (config.affects(e) || config.affectsNetwork(e)) this.reset();
      }),
    );
    this._register(toDisposable(() => this.reset()));
  }

  /**
   * The limits a send runs under now, from nextmvWebhooks.requestTimeoutSeconds (T): connecting (at most
   * 10 s), then T for the answer to begin, T for any pause in it, and connecting + 2T for the whole.
   */
  get limits(): SendLimits {
    const ms = config.requestTimeoutSeconds * 1000;
    const connectMs = Math.min(ms, 10_000);
    return { timeouts: { connectMs, headersMs: ms, bodyMs: ms, totalMs: connectMs + 2 * ms }, maxResponseBytes: MAX_ANSWER_BYTES };
  }

  send(req: OutgoingRequest, loopback: boolean, signal?: AbortSignal): Promise<SendResult> {
    const limits = this.limits;
    return sendRequest(this.transport(loopback, limits), req, { limits, signal, clock: () => performance.now() });
  }

  private transport(loopback: boolean, limits: SendLimits): Transport {
    const api = loadApi();
    const options = {
      timeouts: limits.timeouts,
      maxResponseBytes: limits.maxResponseBytes,
      // POST is never retried by the transports; this says so for the reader
      retry: { maxRetries: 0 },
      log: (line: string) => this.log.info(`Send: ${line}`),
    };
    if (loopback) return (this.transports.direct ??= new api.UndiciTransport({ ...options, proxy: {}, env: {} }));
    this.transports.configured ??= config.useVSCodeFetch
      ? api.fetchTransport(globalThis.fetch, options)
      : new api.UndiciTransport({ ...options, proxy: config.proxy });
    return this.transports.configured;
  }

  private reset(): void {
    for (const t of Object.values(this.transports)) void t?.close?.().catch(() => undefined);
    this.transports = {};
  }
}
