/**
 * The inspector's view model: a conversation turned into formatted, size-limited, secret-free strings,
 * built in the extension host so the webview only lays out text it is given.
 */
import type { Conversation } from '../api/types';
import type { VerifyResult } from '../validator/signature';
import { toSignatureVerdict } from '../validator/session';
import type { BodyView, ConversationView, HeaderRowView, SignatureView } from '../../shared/inspectorProtocol';
import { conversationAge, formatLatency, inspectorTitle, formatRunStatus, headerRows, latencyMs, sentAtOf, summarizeOutcome, summarizeRunStatus, type RunStatusSummary } from './format';
import { prepareBodyForDisplay, PRETTY_PRINT_LIMIT_BYTES } from './truncate';
import { formatBytes } from '../../shared/text';

export interface ViewModelOptions {
  /** ms since epoch, for "2 min. ago" */
  readonly nowMs: number;
  /** VS Code's display language, for that age */
  readonly locale?: string;
  /** the webhook the conversation belongs to, when the conversation itself does not say */
  readonly webhookId?: string;
  readonly displayLimitBytes?: number;
  readonly prettyLimitBytes?: number;
}

export function buildConversationView(c: Conversation, o: ViewModelOptions): ConversationView {
  const outcome = summarizeOutcome(c);
  const limits = { displayBytes: o.displayLimitBytes, prettyBytes: o.prettyLimitBytes };
  const webhookId = c.webhookId ?? o.webhookId;
  const sentAt = sentAtOf(c);
  const latency = latencyMs(c);
  const age = conversationAge(c, o.nowMs, o.locale);
  const requestBody = c.request?.body ?? '';
  // A run.status body is small; parsing a multi-megabyte body only to look for a run id is not worth it.
  const run = requestBody.length <= (o.prettyLimitBytes ?? PRETTY_PRINT_LIMIT_BYTES) ? summarizeRunStatus(requestBody) : undefined;
  const view: ConversationView = {
    conversationId: c.id,
    ...(webhookId !== undefined ? { webhookId } : {}),
    title: inspectorTitle(c),
    outcome: { kind: outcome.outcome, word: outcome.word, description: outcome.description, icon: outcome.icon },
    ...(c.eventType ? { eventType: c.eventType } : {}),
    ...(sentAt ? { sentAt } : {}),
    ...(age ? { sentAgo: age } : {}),
    ...(latency !== undefined ? { latency: formatLatency(latency, o.locale) } : {}),
    ...(c.request?.url ? { endpointUrl: c.request.url } : {}),
    ...(run ? { runStatus: runStatusView(run) } : {}),
    ...(c.request
      ? { request: { method: c.request.method, url: c.request.url, headers: rowsOf(c.request.headers), body: bodyView(c.request.body, limits) } }
      : {}),
    ...(c.response
      ? {
          response: {
            statusCode: c.response.statusCode,
            status: outcome.description,
            headers: rowsOf(c.response.headers),
            body: bodyView(c.response.body, limits),
          },
        }
      : {}),
    ...(c.error ? { error: c.error } : {}),
  };
  return view;
}

/** The Run row: the run's fields and their text (the event type has its own row). */
function runStatusView(run: RunStatusSummary): NonNullable<ConversationView['runStatus']> {
  const { runId, applicationId, status } = run;
  return { ...(runId ? { runId } : {}), ...(applicationId ? { applicationId } : {}), ...(status ? { status } : {}), text: formatRunStatus(run) };
}

function rowsOf(headers: Readonly<Record<string, string>>): HeaderRowView[] {
  return headerRows(headers).map(([name, value]) => ({ name, value }));
}

function bodyView(body: string, limits: { displayBytes?: number; prettyBytes?: number }): BodyView {
  const shown = prepareBodyForDisplay(body, limits);
  return {
    text: shown.text,
    prettyPrinted: shown.prettyPrinted,
    truncated: shown.truncated,
    totalBytes: shown.totalBytes,
    shownBytes: shown.shownBytes,
    totalSize: formatBytes(shown.totalBytes),
    shownSize: formatBytes(shown.shownBytes),
  };
}

/** A verification result as the webview sees it: copied field by field, so no secret can ride along. */
export function signatureViewOf(result: VerifyResult, checkedAt: string): SignatureView {
  return { state: 'verified', verdict: toSignatureVerdict(result), checkedAt };
}

export function signatureUnavailable(reason: string): SignatureView {
  return { state: 'unavailable', reason };
}
