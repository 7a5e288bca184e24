import * as l10n from '@vscode/l10n';
/**
 * Words and numbers the inspector and the tree show for a conversation. Pure: every function takes what
 * it needs (including `now`), so the same input always gives the same text.
 */
import { conversationOutcome, conversationStatusLabel, type Conversation, type ConversationOutcome } from '../api/types';
import { prettyPrintJson } from './prettyJson';
import { formatRelativeTime, parseInstant } from '../../shared/relativeTime';
import { formatNumber } from '../../shared/intl';

export { formatRelativeTime, parseInstant } from '../../shared/relativeTime';

export interface OutcomeSummary {
  readonly outcome: ConversationOutcome;
  /** the status code as its own word, or `error` / `timeout` (the first word of a tree row) */
  readonly word: string;
  /** the same for a person: "200 OK", "404 Not Found", "Endpoint unreachable", "Timed out" */
  readonly description: string;
  /** a codicon name; always shown next to `description`, never alone (colour and icon are not enough) */
  readonly icon: string;
  /** the delivery error as the API reported it, when there was no response */
  readonly error?: string;
}

// RFC 9110's reason phrases, as servers send them: protocol words, not translated.
const REASON_PHRASES: Readonly<Record<number, string>> = {
  100: 'Continue', 101: 'Switching Protocols',
  200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'Non-Authoritative Information', 204: 'No Content', 205: 'Reset Content', 206: 'Partial Content',
  300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable',
  407: 'Proxy Authentication Required', 408: 'Request Timeout', 409: 'Conflict', 410: 'Gone', 411: 'Length Required', 412: 'Precondition Failed',
  413: 'Content Too Large', 414: 'URI Too Long', 415: 'Unsupported Media Type', 416: 'Range Not Satisfiable', 417: 'Expectation Failed', 418: "I'm a teapot",
  421: 'Misdirected Request', 422: 'Unprocessable Content', 425: 'Too Early', 426: 'Upgrade Required', 428: 'Precondition Required', 429: 'Too Many Requests',
  431: 'Request Header Fields Too Large', 451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout', 505: 'HTTP Version Not Supported',
  507: 'Insufficient Storage', 508: 'Loop Detected', 511: 'Network Authentication Required',
};

/** "OK" for 200; "" for codes without a registered phrase. */
export function reasonPhrase(statusCode: number): string {
  return REASON_PHRASES[statusCode] ?? '';
}

/** "404 Not Found", or just "599" when the code has no registered phrase. */
export function describeStatusCode(statusCode: number): string {
  const phrase = reasonPhrase(statusCode);
  return phrase ? `${statusCode} ${phrase}` : String(statusCode);
}

const OUTCOME_ICONS: Readonly<Record<ConversationOutcome, string>> = {
  success: 'pass',
  clientError: 'warning',
  serverError: 'error',
  timeout: 'watch',
  error: 'debug-disconnect',
};

export function summarizeOutcome(c: Conversation): OutcomeSummary {
  const outcome = conversationOutcome(c);
  const word = conversationStatusLabel(c);
  const icon = OUTCOME_ICONS[outcome];
  if (outcome === 'timeout' || outcome === 'error') {
    return {
      outcome,
      word,
      icon,
      description: outcome === 'timeout' ? l10n.t('Timed out') : l10n.t('Endpoint unreachable'),
      ...(c.error ? { error: c.error } : {}),
    };
  }
  return { outcome, word, icon, description: describeStatusCode(c.response?.statusCode ?? 0) };
}

/** When the request left: its `sent_at`, else the conversation's `created_at`. */
export function sentAtOf(c: Conversation): string | undefined {
  return c.request?.sentAt ?? c.createdAt;
}

/** request.sent_at → response.received_at in ms; undefined when either is missing, unreadable or reversed. */
export function latencyMs(c: Conversation): number | undefined {
  const sent = parseInstant(c.request?.sentAt);
  const received = parseInstant(c.response?.receivedAt);
  if (sent === undefined || received === undefined || received < sent) return undefined;
  return received - sent;
}

/**
 * "42 ms", "1.25 s", "2 min 5 s", the numbers in `locale` ("1,25 s"). Written out because Intl has no
 * duration format in Node 20 (Intl.DurationFormat), and its unit style says "1.25 sec" where the SI
 * symbols every language shares say "s".
 */
export function formatLatency(ms: number, locale?: string): string {
  if (ms < 1000) return `${formatNumber(Math.round(ms), locale)} ms`;
  if (ms < 60_000) return `${formatNumber(ms / 1000, locale, ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return l10n.t('{0} min {1} s', formatNumber(minutes, locale), Math.round((ms % 60_000) / 1000));
}

/** "2 min. ago" for the conversation's send time, in `locale` (VS Code's display language); "" when it has none. */
export function conversationAge(c: Conversation, nowMs: number, locale?: string): string {
  const sent = parseInstant(sentAtOf(c));
  return sent === undefined ? '' : formatRelativeTime(sent, nowMs, locale);
}

/**
 * The tree row of a conversation, per the UI contract: the status word first, then event type and
 * time — `200 · run.status · 2 min. ago` (the age in `locale`). Parts that are unknown are left out, not
 * shown as "undefined".
 */
export function conversationRowLabel(c: Conversation, nowMs: number, locale?: string): string {
  return [conversationStatusLabel(c), c.eventType ?? '', conversationAge(c, nowMs, locale)].filter((part) => part !== '').join(' · ');
}

/** The inspector's title (panel tab and heading): `200 · run.status · conv-8f3a2c`. */
export function inspectorTitle(c: Conversation): string {
  return [conversationStatusLabel(c), c.eventType ?? '', c.id].filter((part) => part !== '').join(' · ');
}

export type HeaderRow = readonly [name: string, value: string];

/** Headers as rows sorted by name, case-insensitively (HTTP names are), ties kept in a stable order. */
export function headerRows(headers: Readonly<Record<string, string>> | undefined): HeaderRow[] {
  if (!headers) return [];
  return Object.entries(headers)
    .map(([name, value]): HeaderRow => [name, value])
    .sort(([a], [b]) => {
      const x = a.toLowerCase();
      const y = b.toLowerCase();
      return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
    });
}

export interface FormattedBody {
  readonly text: string;
  /** true when `text` is re-indented JSON; false when it is the body's exact text */
  readonly prettyPrinted: boolean;
}

/** JSON objects and arrays re-indented with 2 spaces (values unchanged); anything else exactly as sent. */
export function formatBody(body: string): FormattedBody {
  const pretty = prettyPrintJson(body);
  return pretty === undefined ? { text: body, prettyPrinted: false } : { text: pretty, prettyPrinted: true };
}

export interface RunStatusSummary {
  /** the body's event type: `type` or `event_type` (both are in use; no public source says which Nextmv sends) */
  readonly eventType?: string;
  readonly runId?: string;
  readonly applicationId?: string;
  /** `status_v2` when present (the documented field), else the legacy `status` */
  readonly status?: string;
}

/**
 * The run a `run.status` body is about. No public source shows its field names, so this looks in
 * `data` and at the top level, accepts camelCase too, reads the type from `type` or `event_type`, ignores
 * fields it does not know, and returns undefined rather than guessing when the body is not JSON or names
 * no run at all.
 */
export function summarizeRunStatus(body: string | undefined): RunStatusSummary | undefined {
  if (!body) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const data = isRecord(value.data) ? value.data : {};
  const pick = (...keys: string[]): string | undefined => {
    for (const source of [data, value as Record<string, unknown>]) {
      for (const key of keys) {
        const v = source[key];
        if (typeof v === 'string' && v !== '') return v;
      }
    }
    return undefined;
  };
  const summary: RunStatusSummary = {
    runId: pick('run_id', 'runId'),
    applicationId: pick('application_id', 'applicationId', 'app_id'),
    status: pick('status_v2', 'statusV2', 'status'),
  };
  if (summary.runId === undefined && summary.applicationId === undefined && summary.status === undefined) return undefined;
  const eventType = [value.type, value.event_type, value.eventType].find((v): v is string => typeof v === 'string' && v !== '');
  if (eventType) Object.assign(summary, { eventType });
  return Object.fromEntries(Object.entries(summary).filter(([, v]) => v !== undefined)) as RunStatusSummary;
}

/** "run-123 · app-x · succeeded", with missing parts left out. */
export function formatRunStatus(s: RunStatusSummary): string {
  return [s.runId, s.applicationId, s.status].filter((x): x is string => !!x).join(' · ');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
