/** "just now", "2 min ago", "3 h ago", "5 d ago", or the date for older times. Undefined for bad input. */
export function relativeTime(iso: string | undefined, now: number = Date.now()): string | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  const s = Math.round((now - t) / 1000);
  if (s < -60) return `in ${relativeSpan(-s)}`;
  if (s < 45) return 'just now';
  return `${relativeSpan(s)} ago`;
}

function relativeSpan(s: number): string {
  if (s < 90) return '1 min';
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) return `${Math.round(s / 3600)} h`;
  if (s < 86_400 * 60) return `${Math.round(s / 86_400)} d`;
  return `${Math.round(s / (86_400 * 30))} mo`;
}

/** Milliseconds between two RFC 3339 times, or undefined when either is missing or unparsable. */
export function millisBetween(fromIso: string | undefined, toIso: string | undefined): number | undefined {
  if (!fromIso || !toIso) return undefined;
  const a = Date.parse(fromIso);
  const b = Date.parse(toIso);
  if (Number.isNaN(a) || Number.isNaN(b) || b < a) return undefined;
  return b - a;
}

export function formatLatency(ms: number | undefined): string | undefined {
  if (ms === undefined) return undefined;
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
