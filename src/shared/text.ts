/** Small text helpers for the extension host and the webviews alike (no Node or DOM APIs). */

/**
 * "512 B", "256 KB", "5 MB" (binary multiples, as editors and file managers show them). Hand-written: Intl's
 * byte units are decimal (1 kB = 1000 B), which would disagree with the sizes editors show for the same file.
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${trimZero(bytes / 1024)} KB`;
  return `${trimZero(bytes / (1024 * 1024))} MB`;
}

function trimZero(value: number): string {
  const rounded = value >= 100 ? Math.round(value).toString() : value.toFixed(1);
  return rounded.endsWith('.0') ? rounded.slice(0, -2) : rounded;
}

/** The text, cut to at most `max` characters with an ellipsis. */
export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** "example.com:8443" from a URL; `fallback` (the text itself by default) when it is not one. */
export function hostOf(url: string, fallback = url): string {
  try {
    return new URL(url).host || fallback;
  } catch {
    return fallback;
  }
}

/** The text with its first character in upper case: a sentence from a phrase ("webhook …" → "Webhook …"). */
export function capitalize(text: string): string {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}
