// Local attempts for the tests: of the inspector fixtures' delivery, built by the real code.
import { makeLocalAttempt, type LocalAttempt } from '../../../../src/core/send/attempt';
import { buildOutgoingRequest, compareWithRecorded } from '../../../../src/core/send/request';
import type { SendResult } from '../../../../src/core/send/send';
import { conversation, SECRET, SENT_MS } from '../inspector/fixtures';

export const NOW = SENT_MS + 3_600_000;

/** An attempt of the fixture delivery (or of `body` from elsewhere) with the given result. */
export function attemptOf(result: SendResult, o: { id?: string; body?: string; fromDelivery?: boolean } = {}): LocalAttempt {
  const source = o.fromDelivery === false ? undefined : conversation();
  const body = o.body ?? source?.request?.body ?? '{}';
  const request = buildOutgoingRequest({ url: 'http://localhost:8000/webhookhandler', body, secret: SECRET, nowMs: NOW, unit: 'seconds', recorded: source?.request });
  const cmp = compareWithRecorded(source?.request?.body, body);
  return makeLocalAttempt({ id: o.id ?? 'local-t-1', webhookId: 'orders-prod', source, request, sentAtMs: NOW, result, edited: cmp.edited, bodyNote: cmp.note });
}

export const OK: Extract<SendResult, { kind: 'answered' }> = { kind: 'answered', status: 200, headers: { 'content-type': 'application/json' }, body: '{"message":"Webhook received!"}', latencyMs: 12.4 };

