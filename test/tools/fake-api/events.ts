/** The bodies the fake sends to endpoints. Field names of run.status are assumed (see nextmv-api.md). */

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'canceled', 'none'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface RunStatusData {
  run_id: string;
  application_id: string;
  application_instance_id: string;
  status_v2: string;
  status: string;
  error: string;
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

export function defaultRunData(runId: string, status: RunStatus = 'succeeded'): RunStatusData {
  return {
    run_id: runId,
    application_id: 'demo-app',
    application_instance_id: 'latest',
    status_v2: status,
    status: status === 'none' ? '' : status,
    error: status === 'failed' ? 'the run exited with code 1' : '',
  };
}
