/**
 * Per-request timeouts on native timers, shared by both transports: one signal that aborts when the caller
 * cancels, when no response headers arrive in time, when the body pauses for too long, or when the whole
 * request outlasts its deadline (a server that drips a byte now and then never pauses long enough).
 * (undici's own timers tick about every half second, too coarse for short timeouts; they stay on as a backstop.)
 */
import type { Timeouts } from './transport';
import { TransportTimeout } from './transportErrors';
import { clampDelayMs } from '../timers';

export class RequestDeadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout;
  private readonly total: NodeJS.Timeout;
  private readonly onCallerAbort = () => this.controller.abort(this.callerSignal?.reason);

  constructor(
    private readonly timeouts: Timeouts,
    private readonly callerSignal: AbortSignal | undefined,
  ) {
    if (callerSignal?.aborted) this.controller.abort(callerSignal.reason);
    else callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
    // connecting is part of waiting for the headers
    this.timer = setTimeout(() => this.controller.abort(new TransportTimeout('headers')), clampDelayMs(timeouts.connectMs + timeouts.headersMs));
    this.total = setTimeout(() => this.controller.abort(new TransportTimeout('total')), clampDelayMs(timeouts.totalMs));
  }

  /** aborts on cancellation or timeout */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** the timeout that fired, if one did */
  get timedOut(): TransportTimeout | undefined {
    const reason: unknown = this.controller.signal.reason;
    return reason instanceof TransportTimeout ? reason : undefined;
  }

  /** Headers are in: from now on the limit is the pause between body chunks. */
  headersReceived(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.controller.abort(new TransportTimeout('body')), clampDelayMs(this.timeouts.bodyMs));
  }

  /** A body chunk arrived. */
  progress(): void {
    this.timer.refresh();
  }

  dispose(): void {
    clearTimeout(this.timer);
    clearTimeout(this.total);
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
  }
}
