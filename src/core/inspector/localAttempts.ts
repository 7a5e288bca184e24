/**
 * The inspector's side of local attempts (requests sent from VS Code): their view for the webview, and which
 * body to compare when an attempt is compared with another conversation.
 */
import type { Conversation } from '../api/types';
import { attemptSummary, type LocalAttempt } from '../send/attempt';
import { buildConversationView } from './viewModel';
import type { BodyPart, LocalAttemptView, SignatureView } from '../../shared/inspectorProtocol';

/** An attempt's bodies are shown shorter than a delivery's: several attempts share the page. */
export const ATTEMPT_DISPLAY_LIMIT_BYTES = 64 * 1024;

export function buildLocalAttemptView(a: LocalAttempt, signature: SignatureView, o: { nowMs: number; webhookId?: string; locale?: string }): LocalAttemptView {
  return {
    attemptId: a.id,
    target: a.target,
    unit: a.unit,
    edited: a.edited,
    notes: [...a.notes],
    summary: attemptSummary(a),
    conversation: buildConversationView(a.conversation, { nowMs: o.nowMs, locale: o.locale, webhookId: a.webhookId ?? o.webhookId, displayLimitBytes: ATTEMPT_DISPLAY_LIMIT_BYTES }),
    signature,
  };
}

/**
 * What to diff between an attempt and another conversation: when both sent the same request body (Send Again
 * sends the recorded bytes), what differs is the answer, so the response bodies — when both have one.
 */
export function partToCompare(attempt: Conversation, other: Conversation): BodyPart {
  const sameRequest = (attempt.request?.body ?? '') === (other.request?.body ?? '');
  return sameRequest && attempt.response && other.response ? 'response' : 'request';
}
