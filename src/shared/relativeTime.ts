/**
 * "2 min. ago" from two instants, in the user's language (Intl.RelativeTimeFormat). The tree label (host)
 * and the inspector webview (browser, which refreshes it while the panel stays open) share this one
 * definition.
 */

import { cached } from './intl';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * Relative time of `thenMs` as seen at `nowMs`, floored ("2 min. ago" for 2 min 59 s) like VS Code's own
 * timeline; `numeric: 'auto'` says "now" and "yesterday". `style: 'short'` keeps tree rows short (English:
 * "2 min. ago", German: "vor 2 Min."). Older than 30 days: the date itself (Intl.DateTimeFormat), which
 * says more than "94 days ago". Under 10 s either way (clocks differ) reads "now"; further ahead "in 5 min.".
 */
export function formatRelativeTime(thenMs: number, nowMs: number, locale?: string): string {
  if (!Number.isFinite(thenMs) || !Number.isFinite(nowMs)) return '';
  const diff = nowMs - thenMs;
  const span = Math.abs(diff);
  const sign = diff < 0 ? 1 : -1;
  const rtf = cached(relativeFormats, locale, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' }));
  if (span < 10_000) return rtf.format(0, 'second');
  if (span < MINUTE) return rtf.format(sign * Math.floor(span / 1000), 'second');
  if (span < HOUR) return rtf.format(sign * Math.floor(span / MINUTE), 'minute');
  if (span < DAY) return rtf.format(sign * Math.floor(span / HOUR), 'hour');
  if (span < 30 * DAY) return rtf.format(sign * Math.floor(span / DAY), 'day');
  return formatDate(thenMs, locale);
}

/** The calendar date in the user's language and time zone: "May 1, 2026", "01.05.2026". */
export function formatDate(ms: number, locale?: string): string {
  return cached(dateFormats, locale, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' })).format(ms);
}

/** Date and time in the user's language and time zone: "May 1, 2026, 2:30:05 PM". */
export function formatDateTime(ms: number, locale?: string): string {
  return cached(dateTimeFormats, locale, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' })).format(ms);
}

/** The time of day in the user's language and time zone: "2:30:05 PM", "14:30:05". */
export function formatTime(ms: number, locale?: string): string {
  return cached(timeFormats, locale, () => new Intl.DateTimeFormat(locale, { timeStyle: 'medium' })).format(ms);
}

/** Milliseconds since the epoch of an RFC 3339 text, or undefined when there is none or it is unreadable. */
export function parseInstant(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
