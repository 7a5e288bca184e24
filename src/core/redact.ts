import { headerValue } from '../shared/headers';

/**
 * The one place secrets are masked: in log lines (redact) and in everything posted to a webview
 * (maskSecrets). Both replace every occurrence of every given secret, longest first, so a secret that
 * contains another is masked whole.
 */

/** Secrets shorter than this are not masked in webview data: they would mask ordinary words. */
export const MIN_MASKED_SECRET_LENGTH = 8;

/**
 * Removes credentials from text bound for a log: Authorization values, bearer tokens and any of the
 * given secret strings.
 */
export function redact(text: string, secrets: Iterable<string> = []): string {
  const out = text
    .replace(/(authorization["']?\s*[:=]\s*["']?)(bearer\s+)?[^\s"',}]+/gi, (_m, p: string, b?: string) => `${p}${b ?? ''}[redacted]`)
    .replace(/(bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1[redacted]');
  return replaceEach(out, masksOf(secrets, 1), '[redacted]');
}

/** The Authorization header of a request and its bare token: what a transport's log line must not show. */
export function credentialsOf(headers: Readonly<Record<string, string>> | undefined): string[] {
  const auth = headerValue(headers, 'authorization');
  return auth ? [auth, auth.replace(/^bearer\s+/i, '')] : [];
}

/**
 * Defence in depth for webview messages: every string anywhere in `value` (objects and arrays walked)
 * gets each secret of at least MIN_MASKED_SECRET_LENGTH characters replaced by "[secret]".
 */
export function maskSecrets<T>(value: T, secrets: Iterable<string>): T {
  const masks = masksOf(secrets, MIN_MASKED_SECRET_LENGTH);
  if (!masks.length) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return replaceEach(v, masks, '[secret]');
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

function masksOf(secrets: Iterable<string>, minLength: number): string[] {
  return [...new Set([...secrets].map((s) => s.trim()).filter((s) => s.length >= minLength))].sort((a, b) => b.length - a.length);
}

function replaceEach(text: string, masks: readonly string[], mask: string): string {
  return masks.reduce((s, m) => (s.includes(m) ? s.split(m).join(mask) : s), text);
}
