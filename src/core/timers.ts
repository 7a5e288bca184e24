/**
 * setTimeout and setInterval take at most 2^31−1 ms (about 24.8 days): a longer delay is replaced by 1 ms,
 * so a far-off Retry-After or a huge setting would turn into a loop. Every delay that comes from outside
 * goes through clampDelayMs first.
 */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** The delay made safe for a timer: at least 0, at most MAX_TIMER_DELAY_MS (NaN counts as 0). */
export function clampDelayMs(ms: number): number {
  if (Number.isNaN(ms)) return 0;
  return Math.min(MAX_TIMER_DELAY_MS, Math.max(0, ms));
}

/** Resolves after `ms` (clamped); rejects with `abortError()` as soon as the signal aborts (at once if it has). */
export function sleep(ms: number, signal: AbortSignal | undefined, abortError: () => unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, clampDelayMs(ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
