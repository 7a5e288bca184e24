/**
 * "2 min ago" from two instants. Dependency-free on purpose: the tree label (host) and the inspector
 * webview (browser, which refreshes it while the panel stays open) share this one definition.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Relative time of `thenMs` as seen at `nowMs`, floored ("2 min ago" for 2 min 59 s) like VS Code's own
 * timeline. Older than 30 days: the date itself, which says more than "94 days ago". A time slightly in
 * the future (clocks differ) reads "just now"; further ahead it reads "in 5 min".
 */
export function formatRelativeTime(thenMs: number, nowMs: number): string {
  if (!Number.isFinite(thenMs) || !Number.isFinite(nowMs)) return '';
  const diff = nowMs - thenMs;
  const ahead = diff < 0;
  const span = Math.abs(diff);
  if (span < 10_000) return 'just now';
  let amount: string;
  if (span < MINUTE) amount = `${Math.floor(span / 1000)} s`;
  else if (span < HOUR) amount = `${Math.floor(span / MINUTE)} min`;
  else if (span < DAY) amount = `${Math.floor(span / HOUR)} h`;
  else if (span < 30 * DAY) {
    const days = Math.floor(span / DAY);
    amount = `${days} ${days === 1 ? 'day' : 'days'}`;
  } else return new Date(thenMs).toISOString().slice(0, 10);
  return ahead ? `in ${amount}` : `${amount} ago`;
}

/** Milliseconds since the epoch of an RFC 3339 text, or undefined when there is none or it is unreadable. */
export function parseInstant(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
