/**
 * Keeps huge bodies from freezing the inspector: a webview given 5 MB of text lays it out for seconds,
 * so only a prefix is shown, and "Open full body in editor" hands the rest to VS Code's editor, which is
 * built for it. Sizes are UTF-8 bytes, the unit people know a body's size in.
 */
import { prettyPrintJson } from './prettyJson';

/** What the inspector shows of one body at most. */
export const DISPLAY_LIMIT_BYTES = 256 * 1024;

/**
 * Bodies above this are shown as their exact text, not pretty-printed. Measured on this project's CI
 * machine: a compact 1 MB JSON body pretty-prints in ~20 ms (native fast path) and ~130 ms when it needs
 * the exact-value walk; at 5 MB those become ~120 ms and ~500 ms — too long to block the extension host
 * for a view that shows only the first 256 KB anyway.
 */
export const PRETTY_PRINT_LIMIT_BYTES = 1024 * 1024;

export interface TruncatedText {
  /** the text to show: all of it, or a prefix that ends on a whole character */
  readonly text: string;
  readonly truncated: boolean;
  /** UTF-8 size of the whole text */
  readonly totalBytes: number;
  /** UTF-8 size of `text` */
  readonly shownBytes: number;
}

/**
 * UTF-8 size of a JS string; an unpaired surrogate counts 3 bytes, as it encodes to U+FFFD. Node's
 * native count: a JS loop over a cold 5 MB string took ~180 ms here, Buffer.byteLength ~5 ms.
 */
export function utf8ByteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * The longest prefix of `text` whose UTF-8 size is at most `limitBytes`. It never ends between the two
 * halves of a surrogate pair (that would show a broken character and corrupt a copy of the text).
 */
export function truncateUtf8(text: string, limitBytes: number = DISPLAY_LIMIT_BYTES): TruncatedText {
  const limit = Math.max(0, Math.floor(limitBytes));
  // No string of this many UTF-16 units can exceed the limit (at most 3 bytes per unit): skip the scan.
  if (text.length * 3 <= limit) {
    const bytes = utf8ByteLength(text);
    return { text, truncated: false, totalBytes: bytes, shownBytes: bytes };
  }
  let bytes = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    let size: number;
    let units = 1;
    if (c < 0x80) size = 1;
    else if (c < 0x800) size = 2;
    else if (isHighSurrogate(c) && i + 1 < n && isLowSurrogate(text.charCodeAt(i + 1))) {
      size = 4;
      units = 2;
    } else size = 3;
    if (bytes + size > limit) break;
    bytes += size;
    i += units;
  }
  if (i === n) return { text, truncated: false, totalBytes: bytes, shownBytes: bytes };
  const shownBytes = bytes;
  return { text: text.slice(0, i), truncated: true, totalBytes: shownBytes + utf8ByteLength(text.slice(i)), shownBytes };
}

export interface DisplayBody extends TruncatedText {
  /** true when `text` is the body re-indented as JSON (values unchanged) rather than its exact text */
  readonly prettyPrinted: boolean;
}

/**
 * A body as the inspector shows it: pretty-printed JSON when it is JSON and small enough, else the exact
 * text; then cut to the display limit. `totalBytes` is always the size of the body as sent, so the
 * notice "showing X of Y" speaks about the real body even when the shown text is re-indented.
 */
export function prepareBodyForDisplay(body: string, limits: { displayBytes?: number; prettyBytes?: number } = {}): DisplayBody {
  const displayLimit = limits.displayBytes ?? DISPLAY_LIMIT_BYTES;
  const prettyLimit = limits.prettyBytes ?? PRETTY_PRINT_LIMIT_BYTES;
  const bodyBytes = utf8ByteLength(body);
  const pretty = bodyBytes <= prettyLimit ? prettyPrintJson(body) : undefined;
  const shown = truncateUtf8(pretty ?? body, displayLimit);
  return { ...shown, totalBytes: bodyBytes, prettyPrinted: pretty !== undefined };
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
