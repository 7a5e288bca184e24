import * as l10n from '@vscode/l10n';
/**
 * Applications and runs: what Trigger Webhook needs to fire real deliveries, the way Nextmv does — a run
 * changes status, and Nextmv sends run.status to every subscribed webhook. Shapes from Nextmv's Python SDK
 * (its cloud application and run modules); parsed as leniently as the webhooks: every list envelope, unknown fields kept.
 */
import { InvalidResponseError } from './errors';
import { type JsonObject, type Page, parsePage } from './types';

export interface Application {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** the instance a run uses when none is named, when the API says */
  readonly defaultInstanceId?: string;
  readonly raw: JsonObject;
}

/** The body of POST /v1/applications/{app}/runs. */
export interface RunRequest {
  /** any JSON the application accepts */
  readonly input: unknown;
  readonly name?: string;
  readonly description?: string;
  /** the application's options, all strings (as the SDK sends them) */
  readonly options?: Readonly<Record<string, string>>;
}

export interface RunTarget {
  /** ?instance_id=; the application's default (usually `latest`) when absent */
  readonly instanceId?: string;
}

/** A run's state from its metadata. */
export interface RunState {
  readonly runId: string;
  /** status_v2 (queued, running, succeeded, failed, canceled, none), else the legacy status; undefined if neither */
  readonly status?: string;
  /** why a failed run failed, when the API says */
  readonly error?: string;
  readonly raw: JsonObject;
}

/** Statuses after which a run changes no more (and sends no more run.status). */
const FINAL_STATUSES = new Set(['succeeded', 'failed', 'canceled', 'cancelled']);

export function isFinalRunStatus(status: string | undefined): boolean {
  return status !== undefined && FINAL_STATUSES.has(status.toLowerCase());
}

export function parseApplication(value: unknown): Application {
  if (!isObject(value)) throw new InvalidResponseError(l10n.t('an application is not a JSON object'));
  const id = text(value.id ?? value.application_id);
  if (!id) throw new InvalidResponseError(l10n.t('an application has no id'));
  const defaultInstanceId = text(value.default_instance_id ?? value.defaultInstanceId);
  return {
    id,
    name: text(value.name) ?? '',
    description: text(value.description) ?? '',
    ...(defaultInstanceId ? { defaultInstanceId } : {}),
    raw: value,
  };
}

/** The applications of a list answer, whatever its envelope; unusable entries are counted, not fatal. */
export function parseApplicationList(body: unknown): Page<Application> {
  return parsePage(body, 'applications', parseApplication);
}

/** The wire body of a new run: only what was given (the API rejects what it does not expect, e.g. a null name). */
export function runRequestToWire(run: RunRequest): Record<string, unknown> {
  const wire: Record<string, unknown> = { input: run.input };
  if (run.name !== undefined) wire.name = run.name;
  if (run.description !== undefined) wire.description = run.description;
  if (run.options !== undefined) wire.options = { ...run.options };
  return wire;
}

/** `{"run_id": "…"}` as the SDK reads it; `id` and `runId` are accepted too. */
export function parseRunId(body: unknown): string {
  if (isObject(body)) {
    const id = text(body.run_id ?? body.runId ?? body.id);
    if (id) return id;
  }
  throw new InvalidResponseError(l10n.t('the answer to starting a run names no run_id (the run may have started: look for it in Nextmv Console)'));
}

/**
 * A run's status from GET …/runs/{run}/metadata: `metadata.status_v2` as the SDK reads it, or `status_v2`,
 * or the legacy `status`, in `metadata` or at the top level.
 */
export function parseRunState(runId: string, body: unknown): RunState {
  if (!isObject(body)) throw new InvalidResponseError(l10n.t('a run\'s metadata is not a JSON object'));
  const meta = isObject(body.metadata) ? body.metadata : {};
  const pick = (...keys: string[]): string | undefined => {
    for (const source of [meta, body]) {
      for (const key of keys) {
        const v = text(source[key]);
        if (v) return v;
      }
    }
    return undefined;
  };
  const status = pick('status_v2', 'statusV2', 'status');
  const error = pick('error');
  return { runId: text(body.id ?? body.run_id) ?? runId, ...(status ? { status } : {}), ...(error ? { error } : {}), raw: body };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
