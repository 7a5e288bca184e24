import * as l10n from '@vscode/l10n';
/**
 * The data the API returns, and lenient parsers for it. Only part of the API is documented, so parsing is
 * strict about what the UI cannot do without (a webhook's id) and tolerant about everything else:
 * every list envelope is accepted, unknown fields are kept in `raw`, unknown event types are shown.
 *
 * Why one file: one type and one lenient parser per API object (webhook, conversation, pages, secret),
 * sharing the field readers at the bottom; split, each part would import the same readers.
 */
import { InvalidResponseError } from './errors';
import type { OutcomeKind } from '../../shared/vocabulary';

/** The only event type documented today. Others the server sends are kept and shown, not rejected. */
export const KNOWN_EVENT_TYPES: readonly string[] = ['run.status'];

export type JsonObject = Readonly<Record<string, unknown>>;

export interface Webhook {
  readonly id: string;
  readonly eventTypes: readonly string[];
  readonly endpointUrl: string;
  readonly description: string;
  /** RFC 3339, as the server wrote it */
  readonly createdAt?: string;
  readonly updatedAt?: string;
  /** The object exactly as the server sent it; an update sends its unknown fields back unchanged. */
  readonly raw: JsonObject;
}

/** What the user chooses when creating a webhook. */
export interface WebhookInput {
  readonly id: string;
  readonly eventTypes: readonly string[];
  readonly endpointUrl: string;
  readonly description?: string;
}

/** A webhook to PUT: the input, plus (when it was fetched first) the server's object to keep unknown fields. */
export type WebhookUpdate = WebhookInput & { readonly raw?: JsonObject };

export interface ConversationRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  /** the exact body text that was signed */
  readonly body: string;
  readonly sentAt?: string;
}

export interface ConversationResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly receivedAt?: string;
}

/** One delivery: the request sent to the endpoint and its response (or the error when there was none). */
export interface Conversation {
  readonly id: string;
  readonly webhookId?: string;
  readonly eventType?: string;
  readonly createdAt?: string;
  readonly request?: ConversationRequest;
  /** undefined when the endpoint was unreachable or timed out: see `error` */
  readonly response?: ConversationResponse;
  readonly error?: string;
  readonly raw: JsonObject;
}

export interface Page<T> {
  readonly items: T[];
  /** opaque: pass it back to get the next page; undefined on the last page */
  readonly nextCursor?: string;
  /** entries left out because they were unusable (not an object, or no id); one bad entry must not hide the rest */
  readonly skipped?: number;
}

export interface WebhookSecret {
  readonly secret: string;
}

/** The optional body of POST /v1/webhooks/{id}/trigger. */
export interface TriggerPayload {
  readonly eventType?: string;
  readonly data?: JsonObject;
}

// ---- wire shapes ----------------------------------------------------------------------------------------

/** The JSON body for POST and PUT: documented fields in the wire's names, unknown fields of `raw` kept. */
export function webhookToWire(input: WebhookUpdate): Record<string, unknown> {
  return {
    ...(input.raw ?? {}),
    id: input.id,
    event_types: [...input.eventTypes],
    endpoint_url: input.endpointUrl,
    description: input.description ?? '',
  };
}

// ---- parsers --------------------------------------------------------------------------------------------

export function parseWebhook(value: unknown): Webhook {
  const o = asObject(value, l10n.t('a webhook'));
  const id = stringOf(o.id);
  if (!id) throw new InvalidResponseError(l10n.t('a webhook has no id'));
  return {
    id,
    eventTypes: stringArrayOf(o.event_types ?? o.eventTypes),
    endpointUrl: stringOf(o.endpoint_url ?? o.endpointUrl ?? o.url) ?? '',
    description: stringOf(o.description) ?? '',
    createdAt: stringOf(o.created_at ?? o.createdAt),
    updatedAt: stringOf(o.updated_at ?? o.updatedAt),
    raw: o,
  };
}

/**
 * What a create or update resolves to. Any 2xx means it was done, so: the webhook in the answer when the answer
 * is a whole one; otherwise what was sent, with whatever fields came back (a `202 {"status":"queued"}`, an empty
 * body, only the id and the timestamps…).
 */
export function webhookFromAnswer(sent: Record<string, unknown>, answer: unknown): Webhook {
  if (!isObject(answer)) return parseWebhook(sent);
  const whole = !!stringOf(answer.id) && (answer.endpoint_url ?? answer.endpointUrl ?? answer.url) !== undefined && (answer.event_types ?? answer.eventTypes) !== undefined;
  if (whole) return parseWebhook(answer);
  return parseWebhook({ ...sent, ...answer, id: stringOf(answer.id) || sent.id });
}

/**
 * Whether the webhook as fetched now differs from the one loaded earlier (ask before overwriting it): by
 * updated_at when both have one, otherwise by the whole object as the server sent it, ignoring key order.
 */
export function webhookChangedSince(loaded: Webhook, current: Webhook): boolean {
  if (loaded.updatedAt && current.updatedAt) return loaded.updatedAt !== current.updatedAt;
  return !sameJson(loaded.raw, current.raw);
}

/** Deep equality of parsed JSON; object keys in any order, arrays in order. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
}

/** The conversation in a trigger's 2xx answer (bare or as `conversation`), or undefined when it holds none. */
export function conversationFromAnswer(answer: unknown): Conversation | undefined {
  if (!isObject(answer)) return undefined;
  try {
    return parseConversation(isObject(answer.conversation) ? answer.conversation : answer);
  } catch (err) {
    if (err instanceof InvalidResponseError) return undefined;
    throw err;
  }
}

export function parseConversation(value: unknown): Conversation {
  const o = asObject(value, l10n.t('a conversation'));
  const id = stringOf(o.id ?? o.conversation_id);
  if (!id) throw new InvalidResponseError(l10n.t('a conversation has no id'));
  const response = o.response == null ? undefined : parseConversationResponse(o.response);
  const request = o.request == null ? undefined : parseConversationRequest(o.request);
  return {
    id,
    webhookId: stringOf(o.webhook_id ?? o.webhookId),
    eventType: stringOf(o.event_type ?? o.eventType ?? o.type) ?? eventTypeOfBody(request?.body),
    createdAt: stringOf(o.created_at ?? o.createdAt ?? o.sent_at),
    request,
    response,
    error: stringOf(o.error) || (o.error != null && typeof o.error === 'object' ? JSON.stringify(o.error) : undefined),
    raw: o,
  };
}

/** Bodies beyond this are not parsed only to learn their type. */
const MAX_TYPE_SNIFF_BYTES = 64 * 1024;

/**
 * When a conversation does not name its event type: the delivery body's `type` or `event_type` (no public
 * source says which one Nextmv sends, so both), for a small JSON object body; unknown fields are ignored.
 */
function eventTypeOfBody(body: string | undefined): string | undefined {
  if (!body || body.length > MAX_TYPE_SNIFF_BYTES || !body.trimStart().startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (!isObject(parsed)) return undefined;
    return [parsed.type, parsed.event_type].find((v): v is string => typeof v === 'string' && v !== '');
  } catch {
    return undefined;
  }
}

function parseConversationRequest(value: unknown): ConversationRequest | undefined {
  if (!isObject(value)) return undefined;
  return {
    url: stringOf(value.url) ?? '',
    method: stringOf(value.method) ?? 'POST',
    headers: headersOf(value.headers),
    body: bodyOf(value.body),
    sentAt: stringOf(value.sent_at ?? value.sentAt),
  };
}

function parseConversationResponse(value: unknown): ConversationResponse | undefined {
  if (!isObject(value)) return undefined;
  return {
    statusCode: numberOf(value.status_code ?? value.statusCode ?? value.status) ?? 0,
    headers: headersOf(value.headers),
    body: bodyOf(value.body),
    receivedAt: stringOf(value.received_at ?? value.receivedAt),
  };
}

/** GET /secret: `{"secret": "…"}` is the assumed shape; a few close variants are accepted too. */
export function parseSecret(value: unknown): string {
  if (typeof value === 'string' && value) return value;
  if (isObject(value)) {
    const found = stringOf(value.secret ?? value.signing_secret ?? value.value);
    if (found) return found;
  }
  throw new InvalidResponseError(l10n.t('the secret response holds no "secret"'));
}

const LIST_KEYS = ['items', 'webhooks', 'conversations', 'applications', 'data', 'results', 'runs'];
const CURSOR_KEYS = ['next_page_token', 'nextPageToken', 'next_cursor', 'nextCursor', 'cursor', 'next'];

/**
 * The items and the next-page cursor of a list response, whatever its envelope: a bare array, `null`,
 * `{"items": […]}`, a named array such as `{"webhooks": […]}`, or an object with one array property.
 */
export function unwrapList(body: unknown, what: string): { items: unknown[]; nextCursor?: string } {
  if (body == null) return { items: [] };
  if (Array.isArray(body)) return { items: body };
  if (!isObject(body)) throw new InvalidResponseError(l10n.t('the list of {0} is neither an array nor an object', what));
  let items: unknown[] | undefined;
  for (const key of LIST_KEYS) {
    const v = body[key];
    if (Array.isArray(v)) {
      items = v;
      break;
    }
    if (v === null) items = [];
  }
  if (!items) {
    const arrays = Object.values(body).filter(Array.isArray);
    if (arrays.length === 1) items = arrays[0];
    else if (arrays.length === 0) items = [];
    else throw new InvalidResponseError(l10n.t('the list of {0} has several arrays and none of the known names', what));
  }
  return { items, nextCursor: cursorOf(body) };
}

function cursorOf(body: Record<string, unknown>): string | undefined {
  for (const key of CURSOR_KEYS) {
    const v = body[key];
    if (typeof v === 'string' && v) return v;
    if (typeof v === 'number') return String(v);
  }
  return undefined;
}

export function parseWebhookPage(body: unknown): Page<Webhook> {
  return parsePage(body, 'webhooks', parseWebhook);
}

export function parseConversationPage(body: unknown): Page<Conversation> {
  return parsePage(body, 'conversations', parseConversation);
}

/** A list answer's items parsed one by one; an unusable entry is counted in `skipped`, not fatal. */
export function parsePage<T>(body: unknown, what: string, parse: (value: unknown) => T): Page<T> {
  const { items, nextCursor } = unwrapList(body, what);
  const parsed: T[] = [];
  let skipped = 0;
  for (const item of items) {
    try {
      parsed.push(parse(item));
    } catch (err) {
      if (!(err instanceof InvalidResponseError)) throw err;
      skipped++;
    }
  }
  return skipped ? { items: parsed, nextCursor, skipped } : { items: parsed, nextCursor };
}

/** Newest first by `createdAt`; items without a readable time keep their place at the end. Stable. */
export function sortNewestFirst(items: Conversation[]): Conversation[] {
  const times = items.map((c) => (c.createdAt ? Date.parse(c.createdAt) : NaN));
  let sorted = true;
  for (let i = 1; i < times.length && sorted; i++) if (times[i] > times[i - 1]) sorted = false;
  if (sorted) return items;
  const order = items.map((_, i) => i);
  const key = (i: number) => (Number.isNaN(times[i]) ? -Infinity : times[i]);
  order.sort((a, b) => key(b) - key(a) || a - b);
  return order.map((i) => items[i]);
}

// ---- what the UI shows ----------------------------------------------------------------------------------

/** How a delivery ended (the shared list's kinds). */
export type ConversationOutcome = OutcomeKind;

/** How a delivery went: by status class, or timeout/error when no response came back. */
export function conversationOutcome(c: Conversation): ConversationOutcome {
  if (c.response && c.response.statusCode > 0) {
    const s = c.response.statusCode;
    if (s >= 200 && s < 300) return 'success';
    if (s >= 500) return 'serverError';
    return 'clientError';
  }
  return c.error && /time(d)?\s*out/i.test(c.error) ? 'timeout' : 'error';
}

/** The first word of a conversation row: the status code, or `timeout` / `error`. */
export function conversationStatusLabel(c: Conversation): string {
  const outcome = conversationOutcome(c);
  if (outcome === 'timeout' || outcome === 'error') return outcome;
  return String(c.response?.statusCode ?? '');
}

export function isKnownEventType(type: string): boolean {
  return KNOWN_EVENT_TYPES.includes(type);
}

// ---- small coercions ------------------------------------------------------------------------------------

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asObject(v: unknown, what: string): Record<string, unknown> {
  if (!isObject(v)) throw new InvalidResponseError(l10n.t('{0} is not a JSON object', what));
  return v;
}

function stringOf(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

function stringArrayOf(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v)) return [];
  return v.filter((x): x is string => typeof x === 'string');
}

/** Header maps as objects (values joined when arrays) or as `[name, value]` pairs. */
function headersOf(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(v)) {
    for (const pair of v) if (Array.isArray(pair) && pair.length >= 2) out[String(pair[0])] = String(pair[1]);
    return out;
  }
  if (!isObject(v)) return out;
  for (const name in v) {
    const value = v[name];
    if (typeof value === 'string') out[name] = value;
    else if (Array.isArray(value)) out[name] = value.map(String).join(', ');
    else if (value != null) out[name] = String(value);
  }
  return out;
}

/** Bodies are raw strings; a server that sends parsed JSON gets it re-serialised (exact bytes lost). */
function bodyOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v == null) return '';
  return JSON.stringify(v);
}
