/**
 * The bodies the fake sends to endpoints. No public source shows the fields of run.status (they are assumed); the
 * fake uses exactly one shape, built here and nowhere else:
 *   {"type":"run.status","event_id":"evt-…","created_at":"<RFC 3339>",
 *    "data":{"run_id","application_id","application_instance_id","status_v2","status","error"}}
 */

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'canceled', 'none'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** The application a run.status is about when nobody says (trigger, control route for an unknown run). */
export const DEFAULT_APPLICATION_ID = 'demo-app';
export const DEFAULT_FAILURE = 'the run exited with code 1';

export interface RunStatusData {
  run_id: string;
  application_id: string;
  application_instance_id: string;
  status_v2: string;
  status: string;
  error: string;
  /** the fake never adds more; callers of runStatusEventBody outside it (the benchmark) may */
  [extra: string]: unknown;
}

export interface RunStatusEventInit {
  eventId: string;
  createdAt: string;
  data: RunStatusData;
}

/** The exact body text: the signature covers these bytes, so it is built once and stored as is. */
export function runStatusEventBody(init: RunStatusEventInit): string {
  return JSON.stringify({ type: 'run.status', event_id: init.eventId, created_at: init.createdAt, data: init.data });
}

export interface RunStatusFields {
  run_id: string;
  status_v2: string;
  application_id?: string;
  application_instance_id?: string;
  /** default: status_v2 ("" for none) */
  status?: string;
  /** default: DEFAULT_FAILURE for failed, else "" */
  error?: string;
}

/** The `data` of a run.status event: always these six fields, in this order. */
export function runStatusData(f: RunStatusFields): RunStatusData {
  return {
    run_id: f.run_id,
    application_id: f.application_id ?? DEFAULT_APPLICATION_ID,
    application_instance_id: f.application_instance_id ?? 'latest',
    status_v2: f.status_v2,
    status: f.status ?? (f.status_v2 === 'none' ? '' : f.status_v2),
    error: f.error ?? (f.status_v2 === 'failed' ? DEFAULT_FAILURE : ''),
  };
}

export const RUN_STATUS_DATA_FIELDS: readonly (keyof RunStatusFields)[] = ['run_id', 'application_id', 'application_instance_id', 'status_v2', 'status', 'error'];
