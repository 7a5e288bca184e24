/**
 * Following a run that Trigger Webhook started, until its status is final and the webhook's delivery of
 * that status has arrived: polls the run's metadata and the webhook's newest deliveries, with backoff, and
 * reports each status change and each new delivery about this run as it comes. Pure: the requests, the
 * clock and the sleep are passed in, so it is tested without timers.
 */
import { isFinalRunStatus, type RunState } from '../api/runs';
import type { Conversation } from '../api/types';
import { summarizeRunStatus } from '../inspector/format';

export interface FollowRunDeps {
  /** the run's metadata */
  getRun(signal: AbortSignal): Promise<RunState>;
  /** the webhook's newest deliveries, newest first (its first page) */
  listDeliveries(signal: AbortSignal): Promise<readonly Conversation[]>;
  /** waits `ms`; may reject when the signal aborts */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  now(): number;
}

export interface FollowRunLimits {
  /** the first pause between polls, and the pause after a poll that learned something */
  readonly firstDelayMs: number;
  /** pauses grow by half after each poll that learned nothing, up to this */
  readonly maxDelayMs: number;
  /** stop following (the run goes on) after this long */
  readonly maxFollowMs: number;
  /** once the run is final, how long to wait for the delivery of that status */
  readonly finalDeliveryGraceMs: number;
  /** stop after this many polls in a row failed */
  readonly maxConsecutiveFailures: number;
}

/** A run can take minutes; Nextmv allows 2,000 requests a minute, and this makes at most two every second. */
export const DEFAULT_FOLLOW_LIMITS: FollowRunLimits = {
  firstDelayMs: 1_000,
  maxDelayMs: 10_000,
  maxFollowMs: 15 * 60_000,
  finalDeliveryGraceMs: 60_000,
  maxConsecutiveFailures: 5,
};

/** A delivery about the followed run, with the status its body names. */
export interface RunDelivery {
  readonly conversation: Conversation;
  readonly status?: string;
}

export type FollowEvent =
  | { readonly kind: 'status'; readonly status: string }
  | ({ readonly kind: 'delivery' } & RunDelivery)
  | { readonly kind: 'pollFailed'; readonly error: unknown; readonly consecutive: number };

/**
 * finished: final status and its delivery arrived · noFinalDelivery: final, but its delivery did not come within
 * the grace period · cancelled: the user stopped following · timeLimit: still not final · failedPolling: too many
 * polls in a row failed (`pollError` says why).
 */
export type FollowEnd = 'finished' | 'noFinalDelivery' | 'cancelled' | 'timeLimit' | 'failedPolling';

export interface FollowResult {
  readonly end: FollowEnd;
  /** the last status known */
  readonly status?: string;
  /** why the run failed, when its metadata says */
  readonly runError?: string;
  /** in the order they arrived */
  readonly deliveries: readonly RunDelivery[];
  readonly pollError?: unknown;
}

/** Bodies beyond this are not parsed to look for a run id (a run.status body is small). */
const MAX_BODY_TO_READ = 256 * 1024;

/** The run a delivery is about, by its body (`data.run_id`; `type`/`event_type` and unknown fields are fine). */
export function runDeliveryOf(c: Conversation): { runId?: string; status?: string } | undefined {
  const body = c.request?.body;
  if (!body || body.length > MAX_BODY_TO_READ) return undefined;
  return summarizeRunStatus(body);
}

export async function followRun(
  runId: string,
  deps: FollowRunDeps,
  onEvent: (event: FollowEvent) => void,
  signal: AbortSignal,
  limits: FollowRunLimits = DEFAULT_FOLLOW_LIMITS,
): Promise<FollowResult> {
  const started = deps.now();
  const seen = new Set<string>();
  const deliveries: RunDelivery[] = [];
  let status: string | undefined;
  let runError: string | undefined;
  let finalSince: number | undefined;
  let failures = 0;
  let pollError: unknown;
  let delay = limits.firstDelayMs;
  const end = (how: FollowEnd): FollowResult => ({
    end: how,
    ...(status !== undefined ? { status } : {}),
    ...(runError !== undefined ? { runError } : {}),
    deliveries: [...deliveries],
    ...(how === 'failedPolling' ? { pollError } : {}),
  });

  for (;;) {
    if (signal.aborted) return end('cancelled');
    let learned = false;
    try {
      if (finalSince === undefined) {
        const run = await deps.getRun(signal);
        if (run.error) runError = run.error;
        if (run.status && run.status !== status) {
          status = run.status;
          learned = true;
          onEvent({ kind: 'status', status });
        }
        if (isFinalRunStatus(status)) finalSince = deps.now();
      }
      const newest = await deps.listDeliveries(signal);
      for (const c of [...newest].reverse()) {
        if (seen.has(c.id)) continue;
        const about = runDeliveryOf(c);
        if (about?.runId !== runId) continue;
        seen.add(c.id);
        learned = true;
        const delivery: RunDelivery = { conversation: c, ...(about.status ? { status: about.status } : {}) };
        deliveries.push(delivery);
        onEvent({ kind: 'delivery', ...delivery });
      }
      failures = 0;
    } catch (error) {
      if (signal.aborted) return end('cancelled');
      failures++;
      pollError = error;
      onEvent({ kind: 'pollFailed', error, consecutive: failures });
      if (failures >= limits.maxConsecutiveFailures) return end('failedPolling');
    }
    if (finalSince !== undefined) {
      if (deliveries.some((d) => sameStatus(d.status, status))) return end('finished');
      if (deps.now() - finalSince >= limits.finalDeliveryGraceMs) return end('noFinalDelivery');
    }
    if (deps.now() - started >= limits.maxFollowMs) return end('timeLimit');
    delay = learned ? limits.firstDelayMs : Math.min(limits.maxDelayMs, Math.round(delay * 1.5));
    try {
      await deps.sleep(delay, signal);
    } catch (err) {
      if (signal.aborted) return end('cancelled');
      throw err;
    }
  }
}

function sameStatus(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}
