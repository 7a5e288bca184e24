/** The /v1 endpoints of the fake: what each route does once auth and faults are out of the way. */
import { randomBytes } from 'node:crypto';
import { deliver } from './deliver';
import { defaultRunData, runStatusEventBody } from './events';
import { BadRequest, decodeCursor, encodeCursor, listBody, pageLimit } from './pagination';
import type { RouteParams } from './routes';
import type { FakeState } from './state';
import type { FakeConfig, RouteName, StoredWebhook, WireConversation } from './types';
import { checkWebhookBody, KNOWN_EVENT_TYPES, parseJsonObject } from './validate';

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
}

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
    let data: Record<string, unknown> = {};
    if (ctx.body.trim() !== '') {
      const parsed = parseJsonObject(ctx.body);
      if (!parsed.ok) return fail(400, parsed.error);
      if (parsed.value.event_type !== undefined) {
        if (typeof parsed.value.event_type !== 'string' || !KNOWN_EVENT_TYPES.includes(parsed.value.event_type)) {
          return fail(400, `unknown event type ${JSON.stringify(parsed.value.event_type)}; supported: ${KNOWN_EVENT_TYPES.join(', ')}`);
        }
      }
      if (parsed.value.data !== undefined) {
        if (typeof parsed.value.data !== 'object' || parsed.value.data === null || Array.isArray(parsed.value.data)) return fail(400, 'data must be a JSON object');
        data = parsed.value.data as Record<string, unknown>;
      }
    }
    const runId = typeof data.run_id === 'string' ? data.run_id : `test-run-${randomBytes(4).toString('hex')}`;
    const [conversation] = await sendRunStatus(ctx, [webhook], { ...defaultRunData(runId), ...data });
    return { status: 200, json: conversation };
  },
};

/** Delivers one run.status event to each webhook (in parallel) and stores the conversations. */
export async function sendRunStatus(
  ctx: Pick<ApiContext, 'state' | 'config' | 'now' | 'signal'>,
  webhooks: StoredWebhook[],
  data: Record<string, unknown>,
): Promise<WireConversation[]> {
  const body = runStatusEventBody({
    eventId: `evt-${randomBytes(6).toString('hex')}`,
    createdAt: new Date(ctx.now()).toISOString(),
    data: { ...defaultRunData(String(data.run_id ?? 'run')), ...data },
  });
  const conversations = await Promise.all(
    webhooks.map((webhook) =>
      deliver({ webhook, eventType: 'run.status', body, unit: ctx.config.signatureUnit, timeoutMs: ctx.config.deliveryTimeoutMs, now: ctx.now, signal: ctx.signal }),
    ),
  );
  // A webhook deleted while its delivery was in flight gets no conversation.
  for (const c of conversations) if (ctx.state.getWebhook(c.webhook_id)) ctx.state.addConversation(c);
  return conversations;
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

function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}
