/** The /v1 endpoints of the fake: what each route does once auth and faults are out of the way. */
import { randomBytes } from 'node:crypto';
import { deliver } from './deliver';
import { RUN_STATUS_DATA_FIELDS, RUN_STATUSES, runStatusData, runStatusEventBody, type RunStatusData, type RunStatusFields } from './events';
import { BadRequest, decodeCursor, encodeCursor, listBody, pageLimit } from './pagination';
import type { RouteParams } from './routes';
import type { RunScheduler } from './runs';
import type { FakeState } from './state';
import type { FakeConfig, RouteName, StoredApplication, StoredRun, StoredWebhook, WireConversation } from './types';
import { checkRunBody, checkWebhookBody, KNOWN_EVENT_TYPES, parseJsonObject } from './validate';

export interface Reply {
  status: number;
  /** serialised as the body; absent = no body */
  json?: unknown;
  headers?: Record<string, string>;
}

export interface ApiContext {
  readonly state: FakeState;
  readonly config: FakeConfig;
  readonly params: RouteParams;
  readonly query: URLSearchParams;
  /** the request body text */
  readonly body: string;
  readonly now: () => number;
  /** aborted when the fake shuts down */
  readonly signal: AbortSignal;
  /** moves new runs on and announces their status changes */
  readonly runs: RunScheduler;
}

/** What a delivery needs from the fake. */
export type DeliveryContext = Pick<ApiContext, 'state' | 'config' | 'now' | 'signal'>;

export function fail(status: number, error: string): Reply {
  return { status, json: { error } };
}

export async function handleApi(route: RouteName, ctx: ApiContext): Promise<Reply> {
  try {
    return await HANDLERS[route](ctx);
  } catch (err) {
    if (err instanceof BadRequest) return fail(400, err.message);
    throw err;
  }
}

const HANDLERS: Record<RouteName, (ctx: ApiContext) => Reply | Promise<Reply>> = {
  listWebhooks(ctx) {
    const limit = ctx.config.envelope === 'array' ? undefined : pageLimit(ctx.config, ctx.query);
    if (limit === undefined) return { status: 200, json: listBody(ctx.config, 'webhooks', ctx.state.listWebhooks().map(toWire)) };
    const page = ctx.state.webhookPage(decodeCursor('webhooks', ctx.query), limit);
    const next = page.nextAfter === undefined ? undefined : { cursor: encodeCursor('webhooks', page.nextAfter), path: '/v1/webhooks', limit };
    return { status: 200, json: listBody(ctx.config, 'webhooks', page.items.map(toWire), next) };
  },

  createWebhook(ctx) {
    const parsed = parseJsonObject(ctx.body);
    if (!parsed.ok) return fail(400, parsed.error);
    const checked = checkWebhookBody(parsed.value);
    if (!checked.ok) return fail(400, checked.error);
    const fields = checked.value;
    if (ctx.state.getWebhook(fields.id)) return fail(409, `a webhook with id "${fields.id}" already exists`);
    const at = new Date(ctx.now()).toISOString();
    const webhook: StoredWebhook = { ...fields, created_at: at, updated_at: at, secret: newSecret() };
    ctx.state.putWebhook(webhook);
    return { status: ctx.config.createStatus, json: toWire(webhook) };
  },

  getWebhook(ctx) {
    const webhook = findWebhook(ctx);
    return webhook ? { status: 200, json: toWire(webhook) } : webhookNotFound(ctx);
  },

  updateWebhook(ctx) {
    const existing = findWebhook(ctx);
    if (!existing) return webhookNotFound(ctx);
    const parsed = parseJsonObject(ctx.body);
    if (!parsed.ok) return fail(400, parsed.error);
    const checked = checkWebhookBody(parsed.value, existing.id);
    if (!checked.ok) return fail(400, checked.error);
    const webhook: StoredWebhook = { ...checked.value, created_at: existing.created_at, updated_at: new Date(ctx.now()).toISOString(), secret: existing.secret };
    ctx.state.putWebhook(webhook);
    return { status: 200, json: toWire(webhook) };
  },

  deleteWebhook(ctx) {
    const existing = findWebhook(ctx);
    if (!existing) return webhookNotFound(ctx);
    ctx.state.deleteWebhook(existing.id);
    return ctx.config.deleteStatus === 204 ? { status: 204 } : { status: 200, json: toWire(existing) };
  },

  listConversations(ctx) {
    const webhook = findWebhook(ctx);
    if (!webhook) return webhookNotFound(ctx);
    const limit = ctx.config.envelope === 'array' ? undefined : pageLimit(ctx.config, ctx.query);
    const cursor = limit === undefined ? undefined : decodeCursor('conversations', ctx.query);
    if (cursor !== undefined && !/^\d+$/.test(cursor)) throw new BadRequest('cursor is not valid for this list');
    const page = ctx.state.conversationPage(webhook.id, cursor === undefined ? undefined : Number(cursor), limit ?? Number.MAX_SAFE_INTEGER);
    const next =
      limit !== undefined && page.nextBefore !== undefined
        ? { cursor: encodeCursor('conversations', String(page.nextBefore)), path: `/v1/webhooks/${encodeURIComponent(webhook.id)}/conversations`, limit }
        : undefined;
    return { status: 200, json: listBody(ctx.config, 'conversations', page.items, next) };
  },

  getConversation(ctx) {
    const webhook = findWebhook(ctx);
    if (!webhook) return webhookNotFound(ctx);
    const conversation = ctx.state.getConversation(webhook.id, ctx.params.conversationId ?? '');
    return conversation ? { status: 200, json: conversation } : fail(404, `conversation "${ctx.params.conversationId ?? ''}" of webhook "${webhook.id}" not found`);
  },

  getSecret(ctx) {
    const webhook = findWebhook(ctx);
    return webhook ? { status: 200, json: { secret: webhook.secret } } : webhookNotFound(ctx);
  },

  async triggerWebhook(ctx) {
    // Off: answer like a route that does not exist, as the real API may.
    if (!ctx.config.triggerEnabled) return fail(404, 'not found');
    const webhook = findWebhook(ctx);
    if (!webhook) return webhookNotFound(ctx);
    const fields: RunStatusFields = { run_id: `test-run-${randomBytes(4).toString('hex')}`, status_v2: 'succeeded' };
    // the request (not the delivery) names its event type as `event_type`, like the client sends it
    if (ctx.body.trim() !== '') {
      const parsed = parseJsonObject(ctx.body);
      if (!parsed.ok) return fail(400, parsed.error);
      if (parsed.value.event_type !== undefined) {
        if (typeof parsed.value.event_type !== 'string' || !KNOWN_EVENT_TYPES.includes(parsed.value.event_type)) {
          return fail(400, `unknown event type ${JSON.stringify(parsed.value.event_type)}; supported: ${KNOWN_EVENT_TYPES.join(', ')}`);
        }
      }
      if (parsed.value.data !== undefined) {
        const problem = mergeRunStatusFields(fields, parsed.value.data);
        if (problem) return fail(400, problem);
      }
    }
    const [conversation] = await sendRunStatus(ctx, [webhook], runStatusData(fields));
    return { status: 200, json: conversation };
  },

  listApplications(ctx) {
    // a handful per account: served whole in the configured envelope (with a null cursor when paging is on)
    return { status: 200, json: listBody(ctx.config, 'applications', ctx.state.listApplications().map(applicationToWire)) };
  },

  getApplication(ctx) {
    const application = findApplication(ctx);
    return application ? { status: 200, json: applicationToWire(application) } : applicationNotFound(ctx);
  },

  createRun(ctx) {
    const application = findApplication(ctx);
    if (!application) return applicationNotFound(ctx);
    const parsed = parseJsonObject(ctx.body);
    if (!parsed.ok) return fail(400, parsed.error);
    const checked = checkRunBody(parsed.value, ctx.query.get('instance_id'));
    if (!checked.ok) return fail(400, checked.error);
    const fields = checked.value;
    const run: StoredRun = {
      id: `${application.id}-${randomBytes(5).toString('hex')}`,
      application_id: application.id,
      application_instance_id: fields.instanceId,
      name: fields.name,
      description: fields.description,
      options: fields.options,
      ...(fields.configuration === undefined ? {} : { configuration: fields.configuration }),
      status: 'queued',
      error: '',
      created_at: new Date(ctx.now()).toISOString(),
      duration: 0,
      input_size: fields.inputSize,
      will_fail: fields.willFail,
    };
    ctx.state.addRun(run);
    ctx.runs.start(run);
    // Accepted: the run goes on after the answer; the SDK reads only run_id.
    return { status: 202, json: { run_id: run.id } };
  },

  getRun(ctx) {
    const run = findRun(ctx);
    if (!run) return runNotFound(ctx);
    return { status: 200, json: runToWire(run, true) };
  },

  runMetadata(ctx) {
    const run = findRun(ctx);
    if (!run) return runNotFound(ctx);
    return { status: 200, json: runToWire(run, false) };
  },
};

/**
 * Checks the `data` of a trigger request and copies it into `fields`; the answer is what is wrong, if
 * anything. Only the six fields of a run.status event's data are accepted, so every body has one shape.
 */
function mergeRunStatusFields(fields: RunStatusFields, data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'data must be a JSON object';
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (!(RUN_STATUS_DATA_FIELDS as readonly string[]).includes(key)) return `unknown data field "${key}"; a run.status event's data has ${RUN_STATUS_DATA_FIELDS.join(', ')}`;
    if (typeof value !== 'string') return `data.${key} must be a string`;
    if (key === 'status_v2' && !(RUN_STATUSES as readonly string[]).includes(value)) return `data.status_v2 must be one of ${RUN_STATUSES.join(', ')}`;
    fields[key as keyof RunStatusFields] = value;
  }
  return undefined;
}

export interface AnnounceOptions {
  /** deliver only to these webhooks (test-only filter) */
  readonly only?: readonly string[];
  /** the event's created_at (default: now) */
  readonly createdAt?: string;
  /** false = the fake was reset meanwhile: send nothing more, record nothing more */
  readonly keep?: () => boolean;
  /**
   * When each webhook's delivery goes out: at once by default. A run queues each one behind that run's
   * earlier events for the same webhook, so every endpoint sees a run's statuses in order and a slow endpoint
   * delays no other.
   */
  readonly schedule?: (webhook: StoredWebhook, send: () => Promise<WireConversation | undefined>) => Promise<WireConversation | undefined>;
}

/**
 * A run changed status: one run.status event, the same bytes for every webhook subscribed to run.status (or
 * only those listed), each delivery signed with its webhook's secret and recorded. The one path for
 * POST /_fake/runs/{run_id}/status and for runs that move on by themselves. The webhooks are those
 * subscribed when the status changed.
 */
export async function announceRunStatus(ctx: DeliveryContext, fields: RunStatusFields, options: AnnounceOptions = {}): Promise<WireConversation[]> {
  const subscribed = ctx.state.listWebhooks().filter((w) => w.event_types.includes('run.status') && (options.only === undefined || options.only.includes(w.id)));
  const body = newRunStatusBody(ctx, runStatusData(fields), options.createdAt);
  const schedule = options.schedule ?? ((_webhook, send) => send());
  // every delivery is scheduled before the first await: the order of status changes is kept
  const results = await Promise.all(subscribed.map((webhook) => schedule(webhook, () => deliverAndRecord(ctx, webhook, body, options.keep))));
  return results.filter((c): c is WireConversation => c !== undefined);
}

/** Delivers one run.status event to each webhook (in parallel) and stores the conversations. */
export async function sendRunStatus(ctx: DeliveryContext, webhooks: StoredWebhook[], data: RunStatusData): Promise<WireConversation[]> {
  const body = newRunStatusBody(ctx, data);
  const results = await Promise.all(webhooks.map((webhook) => deliverAndRecord(ctx, webhook, body)));
  return results.filter((c): c is WireConversation => c !== undefined);
}

function newRunStatusBody(ctx: DeliveryContext, data: RunStatusData, createdAt?: string): string {
  return runStatusEventBody({ eventId: `evt-${randomBytes(6).toString('hex')}`, createdAt: createdAt ?? new Date(ctx.now()).toISOString(), data });
}

/** One delivery through deliver.ts, recorded as a conversation; undefined when keep() says the fake was reset. */
async function deliverAndRecord(ctx: DeliveryContext, webhook: StoredWebhook, body: string, keep?: () => boolean): Promise<WireConversation | undefined> {
  if (keep && !keep()) return undefined;
  const conversation = await deliver({ webhook, eventType: 'run.status', body, unit: ctx.config.signatureUnit, timeoutMs: ctx.config.deliveryTimeoutMs, now: ctx.now, signal: ctx.signal });
  if (keep && !keep()) return undefined;
  // A webhook deleted while its delivery was in flight gets no conversation.
  if (ctx.state.getWebhook(conversation.webhook_id)) ctx.state.addConversation(conversation);
  return conversation;
}

export function applicationToWire(a: StoredApplication): Record<string, unknown> {
  return { id: a.id, name: a.name, description: a.description, created_at: a.created_at, updated_at: a.updated_at };
}

/** Run metadata as the SDK reads it (`metadata.status_v2`), plus the output once the run succeeded. */
export function runToWire(run: StoredRun, withOutput: boolean): Record<string, unknown> {
  const status = run.status === 'none' ? '' : run.status;
  const wire: Record<string, unknown> = {
    id: run.id,
    name: run.name,
    description: run.description,
    metadata: {
      application_id: run.application_id,
      application_instance_id: run.application_instance_id,
      created_at: run.created_at,
      duration: run.duration,
      input_size: run.input_size,
      output_size: run.output === undefined ? 0 : Buffer.byteLength(JSON.stringify(run.output)),
      status_v2: run.status,
      status,
      error: run.error,
    },
  };
  if (withOutput && run.output !== undefined) wire.output = run.output;
  return wire;
}

/** The API object: the stored webhook without its secret, unknown fields echoed after the documented ones. */
export function toWire(w: StoredWebhook): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    id: w.id,
    event_types: w.event_types,
    endpoint_url: w.endpoint_url,
    description: w.description,
    created_at: w.created_at,
    updated_at: w.updated_at,
  };
  for (const [k, v] of Object.entries(w.extra)) if (!(k in wire)) wire[k] = v;
  return wire;
}

function findWebhook(ctx: ApiContext): StoredWebhook | undefined {
  return ctx.state.getWebhook(ctx.params.webhookId ?? '');
}

function webhookNotFound(ctx: ApiContext): Reply {
  return fail(404, `webhook "${ctx.params.webhookId ?? ''}" not found`);
}

function findApplication(ctx: ApiContext): StoredApplication | undefined {
  return ctx.state.getApplication(ctx.params.applicationId ?? '');
}

function applicationNotFound(ctx: ApiContext): Reply {
  return fail(404, `application "${ctx.params.applicationId ?? ''}" not found`);
}

function findRun(ctx: ApiContext): StoredRun | undefined {
  return ctx.state.getRun(ctx.params.applicationId ?? '', ctx.params.runId ?? '');
}

/** 404 naming what is missing: the application, or its run. */
function runNotFound(ctx: ApiContext): Reply {
  if (!findApplication(ctx)) return applicationNotFound(ctx);
  return fail(404, `run "${ctx.params.runId ?? ''}" of application "${ctx.params.applicationId ?? ''}" not found`);
}

function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}
