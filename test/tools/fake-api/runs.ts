/**
 * Runs that move on by themselves, the way Nextmv's service fires webhooks: a new run is `queued`, then
 * `running` after `runPaceMs`, then `succeeded` (or `failed`, when its input says `"fail": true` or its
 * options `fail=true`) after another `runPaceMs`. Each status a run enters — `queued` included — is
 * announced as one run.status event to every webhook subscribed to it, through announceRunStatus (the path
 * of POST /_fake/runs/{run_id}/status). Each webhook gets a run's events one after another, in status
 * order; a slow endpoint delays only its own deliveries.
 *
 * Timers are real (ref'd) and are all cleared by clear() (reset) and close().
 */
import { announceRunStatus, type DeliveryContext } from './api';
import type { FakeState } from './state';
import type { FakeConfig, RunStatusV2, StoredRun, WireConversation } from './types';

/** Why a run that was asked to fail failed. */
export const RUN_FAILURE_MESSAGE = 'the run exited with code 1: the input asked to fail ("fail": true or option fail=true)';

export interface RunSchedulerDeps {
  readonly state: FakeState;
  config(): FakeConfig;
  readonly now: () => number;
  /** aborted when the fake shuts down */
  readonly signal: AbortSignal;
  readonly log?: (line: string) => void;
}

export class RunScheduler {
  /** run id → the timer of its next step */
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** run id → when it started running (ms), for its duration */
  private readonly runningSince = new Map<string, number>();
  /** run id + webhook id → the end of that webhook's chain of deliveries for that run */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly idleWaiters = new Set<() => void>();
  /** bumped by clear(): work scheduled before a reset is dropped */
  private generation = 0;
  private closed = false;

  constructor(private readonly deps: RunSchedulerDeps) {}

  /** A new run, already stored with status `queued`: announce it and let it move on. */
  start(run: StoredRun): void {
    if (this.closed) return;
    this.enqueueAnnouncement(run).catch(() => undefined);
    this.scheduleStep(run);
  }

  /**
   * Someone else (POST /_fake/runs/{run_id}/status) sets the run's status: it stops moving on by itself,
   * and the change is announced after the deliveries already under way for it.
   */
  setStatus(run: StoredRun, status: RunStatusV2, error: string | undefined, only?: readonly string[]): Promise<WireConversation[]> {
    this.stopTimer(run.id);
    run.status = status;
    run.error = error ?? (status === 'failed' ? RUN_FAILURE_MESSAGE : '');
    return this.enqueueAnnouncement(run, only);
  }

  /** Resolves once no run moves on by itself any more and no run's delivery is under way. */
  settled(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.add(resolve);
      this.checkIdle();
    });
  }

  /** runs still moving on by themselves */
  get moving(): number {
    return this.timers.size;
  }

  /** Forgets every run's progress (reset): no timer is left, and deliveries not started yet are dropped. */
  clear(): void {
    this.generation++;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.runningSince.clear();
    this.checkIdle();
  }

  /** clear(), and nothing starts any more. */
  close(): void {
    this.closed = true;
    this.clear();
  }

  private scheduleStep(run: StoredRun): void {
    const generation = this.generation;
    const timer = setTimeout(() => {
      this.timers.delete(run.id);
      if (generation === this.generation && !this.closed) this.step(run);
      this.checkIdle();
    }, this.deps.config().runPaceMs);
    this.timers.set(run.id, timer);
  }

  private step(run: StoredRun): void {
    // forgotten meanwhile (beyond MAX_RUNS)
    if (this.deps.state.findRun(run.id) !== run) return;
    const now = this.deps.now();
    if (run.status === 'queued') {
      run.status = 'running';
      this.runningSince.set(run.id, now);
      this.enqueueAnnouncement(run).catch(() => undefined);
      this.scheduleStep(run);
      return;
    }
    if (run.status !== 'running') return;
    run.duration = Math.max(0, now - (this.runningSince.get(run.id) ?? now));
    this.runningSince.delete(run.id);
    if (run.will_fail) {
      run.status = 'failed';
      run.error = RUN_FAILURE_MESSAGE;
    } else {
      run.status = 'succeeded';
      run.error = '';
      run.output = { solutions: [{ feasible: true, value: 42 }], statistics: { schema: 'v1', run: { duration: run.duration / 1000 } } };
    }
    this.enqueueAnnouncement(run).catch(() => undefined);
  }

  /** The run's status as it is now, announced to each webhook after the run's earlier events. */
  private enqueueAnnouncement(run: StoredRun, only?: readonly string[]): Promise<WireConversation[]> {
    const fields = { run_id: run.id, application_id: run.application_id, application_instance_id: run.application_instance_id, status_v2: run.status, error: run.error };
    const generation = this.generation;
    const current = () => generation === this.generation && !this.closed;
    const context: DeliveryContext = { state: this.deps.state, config: this.deps.config(), now: this.deps.now, signal: this.deps.signal };
    return announceRunStatus(context, fields, {
      only,
      createdAt: new Date(this.deps.now()).toISOString(),
      keep: current,
      schedule: (webhook, send) => this.inOrder(`${run.id}\n${webhook.id}`, `run ${run.id} ${fields.status_v2} to ${webhook.id}`, send),
    });
  }

  /** Runs `task` after the earlier tasks of the same key. */
  private inOrder<T>(key: string, what: string, task: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(key) ?? Promise.resolve();
    const mine = previous.then(task);
    const tail = mine.then(
      () => undefined,
      (err: unknown) => this.deps.log?.(`${what} failed: ${err instanceof Error ? err.message : String(err)}`),
    );
    this.chains.set(key, tail);
    void tail.then(() => {
      if (this.chains.get(key) === tail) this.chains.delete(key);
      this.checkIdle();
    });
    return mine;
  }

  private stopTimer(runId: string): void {
    const timer = this.timers.get(runId);
    if (timer) clearTimeout(timer);
    this.timers.delete(runId);
    this.runningSince.delete(runId);
    this.checkIdle();
  }

  private checkIdle(): void {
    if (this.timers.size > 0 || this.chains.size > 0) return;
    for (const wake of this.idleWaiters) wake();
    this.idleWaiters.clear();
  }
}
