import * as l10n from '@vscode/l10n';
/**
 * A local attempt: one request sent from VS Code (Send Again, Sign & Send) and what came back. It carries
 * itself as a Conversation too — request, response or error, times — so the inspector shows, verifies,
 * opens and compares it with the same code as a delivery Nextmv recorded, while the attempt's own fields
 * keep it apart from those ("Sent from VS Code").
 */
import type { Conversation } from '../api/types';
import { formatLatency, summarizeOutcome } from '../inspector/format';
import { headerValue } from '../../shared/headers';
import type { TimestampUnit } from '../../shared/vocabulary';
import type { OutgoingRequest } from './request';
import type { SendResult } from './send';

/** Ids of local attempts start with this; no conversation id Nextmv gives looks like it. */
export const LOCAL_ATTEMPT_PREFIX = 'local-';

export interface LocalAttempt {
  readonly id: string;
  readonly webhookId?: string;
  /** the recorded delivery it was sent from; none for Sign & Send of a body from elsewhere */
  readonly sourceConversationId?: string;
  readonly target: string;
  readonly unit: TimestampUnit;
  /** the bytes sent differ from the recorded delivery's */
  readonly edited: boolean;
  /** what was sent next to the recording, a redirect not followed, headers left out… */
  readonly notes: readonly string[];
  readonly result: SendResult;
  /** the same attempt as a conversation (see above); its id is the attempt's */
  readonly conversation: Conversation;
}

export interface LocalAttemptInput {
  readonly id: string;
  readonly webhookId?: string;
  readonly source?: Conversation;
  readonly request: OutgoingRequest;
  /** wall-clock ms when the request left */
  readonly sentAtMs: number;
  readonly result: SendResult;
  readonly edited: boolean;
  readonly bodyNote: string;
}

export function isLocalAttemptId(id: string): boolean {
  return id.startsWith(LOCAL_ATTEMPT_PREFIX);
}

export function makeLocalAttempt(o: LocalAttemptInput): LocalAttempt {
  const sentAt = new Date(o.sentAtMs).toISOString();
  const r = o.result;
  const request = { url: o.request.url, method: o.request.method, headers: { ...o.request.headers }, body: o.request.body, sent_at: sentAt };
  const response =
    r.kind === 'answered'
      ? { status_code: r.status, headers: { ...r.headers }, body: r.body, received_at: new Date(o.sentAtMs + Math.round(r.latencyMs)).toISOString() }
      : null;
  const eventType = o.source?.eventType ?? eventTypeOf(o.request.body);
  // what the API would have sent for it, so "Validate…" and anything else reading raw sees the usual shape
  const raw = { id: o.id, webhook_id: o.webhookId, event_type: eventType, created_at: sentAt, request, response, error: r.kind === 'failed' ? r.error : null };
  const conversation: Conversation = {
    id: o.id,
    ...(o.webhookId !== undefined ? { webhookId: o.webhookId } : {}),
    ...(eventType !== undefined ? { eventType } : {}),
    createdAt: sentAt,
    request: { url: request.url, method: request.method, headers: request.headers, body: request.body, sentAt },
    ...(response ? { response: { statusCode: response.status_code, headers: response.headers, body: response.body, receivedAt: response.received_at } } : {}),
    ...(r.kind === 'failed' ? { error: r.error } : {}),
    raw,
  };
  const notes = [o.bodyNote, ...o.request.notes];
  const redirect = r.kind === 'answered' && r.status >= 300 && r.status < 400 ? redirectNote(r.headers) : undefined;
  if (redirect) notes.unshift(redirect);
  return {
    id: o.id,
    ...(o.webhookId !== undefined ? { webhookId: o.webhookId } : {}),
    ...(o.source ? { sourceConversationId: o.source.id } : {}),
    target: o.request.url,
    unit: o.request.unit,
    edited: o.edited,
    notes,
    result: r,
    conversation,
  };
}

/** "200 OK (12 ms)", "302 Found: a redirect to …, not followed (3 ms)", "error: could not connect to …". */
export function attemptSummary(a: LocalAttempt): string {
  const r = a.result;
  if (r.kind === 'failed') return r.error;
  const status = summarizeOutcome(a.conversation).description;
  const location = r.status >= 300 && r.status < 400 ? headerValue(r.headers, 'location') : undefined;
  const redirect = r.status >= 300 && r.status < 400 ? l10n.t(': a redirect{0}, not followed', location ? ` to ${location}` : '') : '';
  return `${status}${redirect} (${formatLatency(r.latencyMs)})`;
}

/** The attempt succeeded: the target answered 2xx. */
export function attemptSucceeded(a: LocalAttempt): boolean {
  return a.result.kind === 'answered' && a.result.status >= 200 && a.result.status < 300;
}

function redirectNote(headers: Readonly<Record<string, string>>): string {
  const location = headerValue(headers, 'location');
  return l10n.t('The target answered with a redirect{0}. It was not followed: Send Again sends only to the URL you chose.', location ? ` to ${location}` : '');
}

/** The event type a body names (`type` or `event_type`), for a body that did not come from a delivery. */
function eventTypeOf(body: string): string | undefined {
  if (body.length > 1024 * 1024) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const o = parsed as { type?: unknown; event_type?: unknown };
    const type = typeof o.type === 'string' ? o.type : o.event_type;
    return typeof type === 'string' && type !== '' ? type : undefined;
  } catch {
    return undefined;
  }
}
