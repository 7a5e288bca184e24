// Deliveries for the filter tests, built from wire JSON through the real parser.
import { parseConversation, type Conversation } from '../../../../src/core/api/types';

export const NOW = Date.parse('2026-05-10T12:00:00Z');
export const MINUTE = 60_000;

export type Answer = number | 'unreachable' | 'timeout';

/** A run.status delivery sent `minutesAgo` before NOW, answered `answer`. */
export function delivery(id: string, answer: Answer, minutesAgo: number, o: { runId?: string; appId?: string; body?: string; responseBody?: string } = {}): Conversation {
  const sentAt = new Date(NOW - minutesAgo * MINUTE).toISOString();
  const body = o.body ?? JSON.stringify({ type: 'run.status', data: { run_id: o.runId ?? `run-${id}`, application_id: o.appId ?? 'order-routing', status_v2: 'succeeded' } });
  return parseConversation({
    id,
    webhook_id: 'orders-prod',
    event_type: 'run.status',
    created_at: sentAt,
    request: { url: 'https://example.com/hook', method: 'POST', headers: {}, body, sent_at: sentAt },
    ...(typeof answer === 'number'
      ? { response: { status_code: answer, headers: {}, body: o.responseBody ?? '', received_at: sentAt }, error: null }
      : { response: null, error: answer === 'timeout' ? 'timeout: no response within 10000 ms' : 'unreachable: connect ECONNREFUSED' }),
  });
}

/** `n` deliveries, newest first, one a minute, answered by `answerOf(i)`. */
export function deliveries(n: number, answerOf: (i: number) => Answer = () => 200, from = 0): Conversation[] {
  return Array.from({ length: n }, (_, k) => delivery(`c${from + k}`, answerOf(from + k), from + k));
}
