import * as l10n from '@vscode/l10n';
/**
 * Which deliveries to show: by outcome, by time and by text. Pure: the time is passed in, and a filter is
 * compiled once into a predicate so that matching 10,000 deliveries is one cheap call each.
 */
import { conversationOutcome, type Conversation, type ConversationOutcome } from '../api/types';
import { sentAtOf, summarizeRunStatus } from '../inspector/format';
import { parseInstant } from '../../shared/relativeTime';

/** Every way a delivery can fail: the endpoint's 4xx or 5xx, or no answer at all. */
export const FAILED_OUTCOMES: readonly ConversationOutcome[] = ['clientError', 'serverError', 'timeout', 'error'];

export const TIME_WINDOWS = ['hour', 'day', 'week'] as const;
export type RelativeWindow = (typeof TIME_WINDOWS)[number];
const WINDOW_MS: Readonly<Record<RelativeWindow, number>> = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 };

/** The last hour/day/week (counted from when the filter is applied), or since a fixed instant. */
export type TimeWindow = { readonly kind: RelativeWindow } | { readonly kind: 'since'; readonly sinceMs: number };

export interface DeliveryFilter {
  /** the outcomes let through; absent or empty: any outcome */
  readonly outcomes?: readonly ConversationOutcome[];
  readonly time?: TimeWindow;
  /** found case-insensitively, as plain text, in the run id, application id, bodies, error or delivery id */
  readonly text?: string;
}

/** A filter ready to match: `since` is the window's start at the time it was compiled. */
export interface CompiledFilter {
  readonly filter: DeliveryFilter;
  /** deliveries sent before this instant (ms) do not match; undefined: no time limit */
  readonly since?: number;
  /** `at`: the delivery's time when the caller has already read it (deliveryTime), to read it once */
  matches(c: Conversation, at?: number): boolean;
}

/** Whether the filter lets anything less than every delivery through. */
export function isActiveFilter(f: DeliveryFilter | undefined): f is DeliveryFilter {
  return !!f && (hasOutcomeLimit(f) || !!f.time || !!f.text);
}

/** The filter without its empty parts (and an outcome set that lets everything through), or undefined. */
export function normalizeFilter(f: DeliveryFilter | undefined): DeliveryFilter | undefined {
  if (!f) return undefined;
  const outcomes = hasOutcomeLimit(f) ? [...new Set(f.outcomes)] : undefined;
  const text = f.text?.trim() || undefined;
  const out: DeliveryFilter = { ...(outcomes ? { outcomes } : {}), ...(f.time ? { time: f.time } : {}), ...(text ? { text } : {}) };
  return isActiveFilter(out) ? out : undefined;
}

function hasOutcomeLimit(f: DeliveryFilter): boolean {
  const set = new Set(f.outcomes ?? []);
  return set.size > 0 && !(set.has('success') && FAILED_OUTCOMES.every((o) => set.has(o)));
}

export function windowStart(t: TimeWindow, nowMs: number): number {
  return t.kind === 'since' ? t.sinceMs : nowMs - WINDOW_MS[t.kind];
}

/** When a delivery left (its request's sent_at, else created_at), or undefined. */
export function deliveryTime(c: Conversation): number | undefined {
  return parseInstant(sentAtOf(c));
}

export function compileFilter(filter: DeliveryFilter, nowMs: number): CompiledFilter {
  const outcomes = hasOutcomeLimit(filter) ? new Set(filter.outcomes) : undefined;
  const since = filter.time ? windowStart(filter.time, nowMs) : undefined;
  const text = filter.text ? textMatcher(filter.text) : undefined;
  return {
    filter,
    since,
    matches(c, known) {
      if (outcomes && !outcomes.has(conversationOutcome(c))) return false;
      if (since !== undefined) {
        const at = known ?? deliveryTime(c);
        if (at === undefined || at < since) return false;
      }
      return !text || text(c);
    },
  };
}

/**
 * Plain, case-insensitive substring search over what a person may paste: the run id or application id
 * (in the request body, and read from it when JSON escapes hide them), both bodies, the error and the id.
 * A RegExp with the `i` flag over an escaped literal: no lower-cased copies of megabytes of bodies.
 */
function textMatcher(text: string): (c: Conversation) => boolean {
  const re = new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  return (c) => {
    const body = c.request?.body ?? '';
    if (re.test(body) || re.test(c.response?.body ?? '') || re.test(c.id) || (c.error !== undefined && re.test(c.error))) return true;
    // Only escaped JSON (\u0041…) can hide an id from the raw text; parsing every body would cost 10× more.
    if (!body.includes('\\')) return false;
    const run = summarizeRunStatus(body);
    return !!run && ((run.runId !== undefined && re.test(run.runId)) || (run.applicationId !== undefined && re.test(run.applicationId)));
  };
}

/** The filter in a few words for the view's description: `failed · last day · “run-123”`. */
export function describeFilter(f: DeliveryFilter | undefined): string {
  if (!isActiveFilter(f)) return '';
  const parts: string[] = [];
  if (hasOutcomeLimit(f)) parts.push(describeOutcomes(new Set(f.outcomes)));
  if (f.time) parts.push(f.time.kind === 'since' ? l10n.t('since {0}', localMinute(f.time.sinceMs)) : windowWords(f.time.kind));
  if (f.text) parts.push(`“${f.text.length > 24 ? `${f.text.slice(0, 23)}…` : f.text}”`);
  return parts.join(' · ');
}

function describeOutcomes(set: ReadonlySet<ConversationOutcome>): string {
  const words: string[] = [];
  if (FAILED_OUTCOMES.every((o) => set.has(o))) words.push(l10n.t('failed'));
  else {
    if (set.has('clientError')) words.push('4xx');
    if (set.has('serverError')) words.push('5xx');
    if (set.has('error') || set.has('timeout')) words.push(!set.has('timeout') ? l10n.t('unreachable') : !set.has('error') ? l10n.t('timed out') : l10n.t('unreachable or timed out'));
  }
  if (set.has('success')) words.push(l10n.t('succeeded'));
  return words.join(l10n.t(' or '));
}

/** Two filters that let the same deliveries through (order of outcomes aside). */
export function sameFilter(a: DeliveryFilter | undefined, b: DeliveryFilter | undefined): boolean {
  const x = normalizeFilter(a);
  const y = normalizeFilter(b);
  if (!x || !y) return !x && !y;
  const outcomes = (f: DeliveryFilter) => [...(f.outcomes ?? [])].sort().join();
  const time = (f: DeliveryFilter) => (f.time ? (f.time.kind === 'since' ? `since:${f.time.sinceMs}` : f.time.kind) : '');
  return outcomes(x) === outcomes(y) && time(x) === time(y) && (x.text ?? '') === (y.text ?? '');
}

/**
 * "Since…" as typed: a date (`2026-05-01`, local midnight), a date and time (`2026-05-01 14:30`, local) or
 * an RFC 3339 instant. Undefined when it is none of these.
 */
export function parseSince(text: string): number | undefined {
  const t = text.trim();
  const local = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$/.exec(t);
  if (local) {
    const [y, mo, d, h, mi] = local.slice(1).map((v) => (v === undefined ? 0 : Number(v)));
    const date = new Date(y, mo - 1, d, h, mi);
    // Date rolls 2026-02-31 over into March: a date that does not exist is not a date
    return date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d && h < 24 && mi < 60 ? date.getTime() : undefined;
  }
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(t) ? parseInstant(t) : undefined;
}

/** `2026-05-01 14:30` in local time: how Since… is typed, and read back. */
export function localMinute(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

function windowWords(w: RelativeWindow): string {
  return w === 'hour' ? l10n.t('last hour') : w === 'day' ? l10n.t('last day') : l10n.t('last week');
}
