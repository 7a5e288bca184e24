/**
 * Test-only routes under /_fake (no API key): change the configuration, inject faults, reset, read the
 * request log, and make a run change status so that real deliveries go out.
 */
import { announceRunStatus, fail, type Reply } from './api';
import { ConfigError, parseFault } from './config';
import { RUN_STATUSES } from './events';
import type { FaultBook } from './faults';
import type { RunScheduler } from './runs';
import type { FakeState } from './state';
import type { FakeConfig, RecordedRequest, RunStatusV2 } from './types';
import { parseJsonObject } from './validate';

export interface ControlDeps {
  readonly state: FakeState;
  readonly faults: FaultBook;
  readonly requests: RecordedRequest[];
  config(): FakeConfig;
  configure(patch: unknown): FakeConfig;
  reset(): void;
  readonly now: () => number;
  readonly signal: AbortSignal;
  readonly runs: RunScheduler;
}

const HELP = {
  routes: {
    'GET /_fake/config': 'the current configuration',
    'POST /_fake/config': 'change it: {"envelope":"items|array|named","paginate":true,"pageSize":100,"cursorField":"next_page_token|cursor|next","signatureUnit":"seconds|milliseconds","createStatus":201,"deleteStatus":204,"triggerEnabled":false,"deliveryTimeoutMs":10000,"latencyMs":0,"runPaceMs":300}',
    'GET /_fake/faults': 'the pending faults',
    'POST /_fake/faults': 'add one fault or {"faults":[…]}: {"route":"listWebhooks|…|*","status":429,"retryAfter":1,"times":1} or reset/stall/malformedJson/hugeBodyBytes/latencyMs; handled: true answers so after really doing it',
    'DELETE /_fake/faults': 'remove all faults',
    'POST /_fake/reset': 'reseed the data, restore the start configuration and faults, clear the request log',
    'GET /_fake/requests': 'the /v1 requests received (DELETE clears)',
    'POST /_fake/runs/{run_id}/status':
      'a run changed status: {"status":"succeeded","application_id":"…","application_instance_id":"latest","error":"…","webhook_ids":["optional","filter"]} delivers run.status to every subscribed webhook; a run created with POST /v1/applications/{app_id}/runs takes that status and stops moving on by itself',
  },
};

export async function handleControl(method: string, pathname: string, body: string, deps: ControlDeps): Promise<Reply> {
  const path = pathname.replace(/\/+$/, '');
  try {
    if (path === '/_fake') return { status: 200, json: HELP };
    if (path === '/_fake/config') {
      if (method === 'GET') return { status: 200, json: deps.config() };
      if (method === 'POST' || method === 'PUT' || method === 'PATCH') return withJson(body, (patch) => ({ status: 200, json: deps.configure(patch) }));
    }
    if (path === '/_fake/faults') {
      if (method === 'GET') return { status: 200, json: { faults: deps.faults.list() } };
      if (method === 'DELETE') {
        deps.faults.clear();
        return { status: 200, json: { faults: [] } };
      }
      if (method === 'POST') return addFaults(body, deps);
    }
    if (path === '/_fake/reset' && method === 'POST') {
      deps.reset();
      return { status: 200, json: { reset: true, webhooks: deps.state.webhookCount } };
    }
    if (path === '/_fake/requests') {
      if (method === 'GET') return { status: 200, json: { requests: deps.requests } };
      if (method === 'DELETE') {
        deps.requests.length = 0;
        return { status: 200, json: { requests: [] } };
      }
    }
    const run = /^\/_fake\/runs\/([^/]+)\/status$/.exec(path);
    if (run && method === 'POST') return await runStatusChanged(decodeURIComponent(run[1]), body, deps);
    return fail(404, `no control route ${method} ${path}; GET /_fake lists them`);
  } catch (err) {
    if (err instanceof ConfigError) return fail(400, err.message);
    throw err;
  }
}

function withJson(body: string, then: (value: Record<string, unknown>) => Reply): Reply {
  const parsed = parseJsonObject(body);
  return parsed.ok ? then(parsed.value) : fail(400, parsed.error);
}

function addFaults(body: string, deps: ControlDeps): Reply {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    return fail(400, `the request body is not valid JSON: ${(err as Error).message}`);
  }
  const list = Array.isArray(value) ? value : typeof value === 'object' && value !== null && Array.isArray((value as { faults?: unknown }).faults) ? (value as { faults: unknown[] }).faults : [value];
  // All checked before any is added, so a bad one leaves the book unchanged.
  const faults = list.map(parseFault);
  for (const f of faults) deps.faults.add(f);
  return { status: 200, json: { faults: deps.faults.list() } };
}

const RUN_STATUS_FIELDS = ['status', 'application_id', 'application_instance_id', 'error', 'webhook_ids'];

async function runStatusChanged(runId: string, body: string, deps: ControlDeps): Promise<Reply> {
  const parsed = body.trim() === '' ? { ok: true as const, value: {} as Record<string, unknown> } : parseJsonObject(body);
  if (!parsed.ok) return fail(400, parsed.error);
  const unknown = Object.keys(parsed.value).find((k) => !RUN_STATUS_FIELDS.includes(k));
  if (unknown !== undefined) return fail(400, `unknown field "${unknown}"; known: ${RUN_STATUS_FIELDS.join(', ')}`);
  const { status = 'succeeded', webhook_ids: only, application_id, application_instance_id, error } = parsed.value;
  if (typeof status !== 'string' || !(RUN_STATUSES as readonly string[]).includes(status)) {
    return fail(400, `status must be one of ${RUN_STATUSES.join(', ')}`);
  }
  for (const [key, value] of Object.entries({ application_id, application_instance_id, error })) {
    if (value !== undefined && typeof value !== 'string') return fail(400, `${key} must be a string`);
  }
  if (only !== undefined && (!Array.isArray(only) || only.some((id) => typeof id !== 'string'))) return fail(400, 'webhook_ids must be an array of webhook ids');
  // webhook_ids (test-only) limits the deliveries, e.g. to local receivers among seeded example.com endpoints
  const onlyIds = only as string[] | undefined;
  const run = deps.state.findRun(runId);
  if (run && (application_id === undefined || application_id === run.application_id)) {
    // a run of the fake's: it takes the status (its metadata says so too) and stops moving on by itself
    if (application_instance_id !== undefined) run.application_instance_id = application_instance_id as string;
    const deliveries = await deps.runs.setStatus(run, status as RunStatusV2, error as string | undefined, onlyIds);
    return { status: 200, json: { run_id: runId, deliveries } };
  }
  const deliveries = await announceRunStatus(
    { state: deps.state, config: deps.config(), now: deps.now, signal: deps.signal },
    { run_id: runId, status_v2: status, application_id: application_id as string | undefined, application_instance_id: application_instance_id as string | undefined, error: error as string | undefined },
    { only: onlyIds },
  );
  return { status: 200, json: { run_id: runId, deliveries } };
}
