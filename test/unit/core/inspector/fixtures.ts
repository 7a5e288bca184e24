// Conversations for the inspector tests, built from wire JSON through the real parser.
import { parseConversation, type Conversation } from '../../../../src/core/api/types';
import { signDelivery } from '../../../../src/core/validator/signature';

export const SECRET = 'whsec_test_0123456789abcdef';
export const SENT_AT = '2026-05-01T12:00:03Z';
export const SENT_MS = Date.parse(SENT_AT);
export const RUN_BODY = '{"type":"run.status","event_id":"evt-5d1e9b","data":{"run_id":"run-123","application_id":"app-x","status_v2":"succeeded"}}';

export interface ConversationOverrides {
  id?: string;
  body?: string;
  headers?: Record<string, string>;
  response?: Record<string, unknown> | null;
  error?: string | null;
  signWith?: string;
  /** t in the signature header; default: the send time in seconds */
  t?: string;
  sentAt?: string;
  url?: string;
}

/** A delivery as the API returns it, signed with `signWith` (default SECRET) unless headers are given. */
export function conversation(o: ConversationOverrides = {}): Conversation {
  const body = o.body ?? RUN_BODY;
  const sentAt = o.sentAt ?? SENT_AT;
  const t = o.t ?? String(Math.floor(Date.parse(sentAt) / 1000));
  const headers = o.headers ?? {
    'Content-Type': 'application/json',
    'Nextmv-Signature': signDelivery({ body, secret: o.signWith ?? SECRET, timestamp: t }),
    'User-Agent': 'Nextmv-Webhooks/1.0',
  };
  return parseConversation({
    id: o.id ?? 'conv-8f3a2c',
    webhook_id: 'orders-prod',
    event_type: 'run.status',
    created_at: sentAt,
    request: { url: o.url ?? 'https://example.com/hook', method: 'POST', headers, body, sent_at: sentAt },
    response:
      o.response === undefined
        ? { status_code: 200, headers: { 'content-type': 'application/json' }, body: '{"message":"Webhook received!"}', received_at: '2026-05-01T12:00:03.042Z' }
        : o.response,
    error: o.error ?? null,
  });
}
