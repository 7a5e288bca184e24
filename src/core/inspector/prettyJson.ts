/**
 * JSON re-indented with 2 spaces, like JSON.stringify(JSON.parse(text), null, 2), except that every
 * string and number keeps its exact text. Re-serialising would show 12345678901234567890 as
 * 12345678901234567000, turn "\u00e9" into "é" and drop duplicate keys — a body inspector that is
 * used to debug signatures over exact bytes must not show values the sender never sent.
 */

/**
 * Deeper than this, JSON is shown as sent: re-indenting 5,000 levels would turn a 10 KB body into 25 MB of
 * spaces, and JSON.stringify cannot even write it back (RangeError). Any endpoint can send such a body.
 */
export const MAX_PRETTY_DEPTH = 100;

/**
 * The re-indented text when `text` is a JSON object or array nested at most MAX_PRETTY_DEPTH deep;
 * undefined otherwise (scalars, invalid or too deep JSON stay as they are).
 */
export function prettyPrintJson(text: string): string | undefined {
  const first = firstNonSpace(text, 0);
  const opener = text.charCodeAt(first);
  if (opener !== OPEN_BRACE && opener !== OPEN_BRACKET) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text); // also what lets the walk below trust its input
  } catch {
    return undefined;
  }
  // Fast path, and the usual case for webhook bodies: the text is exactly what JSON.stringify writes, so
  // the native indenter (about 10× faster than the walk) shows the same values the sender wrote.
  if (nestedDeeperThan(text, MAX_PRETTY_DEPTH)) return undefined;
  if (JSON.stringify(parsed) === text) return JSON.stringify(parsed, null, 2);
  return reindentValidJson(text);
}

/** True when the text parses as JSON (any value), without keeping the parsed value around. */
export function isJson(text: string): boolean {
  if (firstNonSpace(text, 0) >= text.length) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function firstNonSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/**
 * Walks valid JSON once. Runs of strings and scalars are copied as single slices of the input; only
 * structural characters and whitespace between tokens produce output of their own.
 */
function reindentValidJson(text: string): string {
  const n = text.length;
  const indents: string[] = ['\n'];
  const parts: string[] = [];
  let copyFrom = 0;
  let depth = 0;
  let i = 0;
  // Locals only (no closure over i/copyFrom): V8 keeps them in registers, which matters at 5 MB.
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = endOfString(text, i);
      continue;
    }
    let replacement: string;
    let resumeAt = i + 1;
    if (isSpace(c)) {
      replacement = '';
      resumeAt = firstNonSpace(text, i);
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      const next = firstNonSpace(text, i + 1);
      const close = text.charCodeAt(next);
      if (close === CLOSE_BRACE || close === CLOSE_BRACKET) {
        replacement = c === OPEN_BRACE ? '{}' : '[]';
        resumeAt = next + 1;
      } else {
        depth++;
        if (indents.length <= depth) indents.push(indents[depth - 1] + '  ');
        replacement = (c === OPEN_BRACE ? '{' : '[') + indents[depth];
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      replacement = indents[depth] + (c === CLOSE_BRACE ? '}' : ']');
    } else if (c === COMMA) {
      replacement = ',' + indents[depth];
    } else if (c === COLON) {
      replacement = ': ';
    } else {
      i++;
      continue;
    }
    if (i > copyFrom) parts.push(text.slice(copyFrom, i));
    if (replacement) parts.push(replacement);
    copyFrom = resumeAt;
    i = resumeAt;
  }
  if (n > copyFrom) parts.push(text.slice(copyFrom, n));
  return parts.join('');
}

/** True when arrays and objects nest more than `limit` deep (strings skipped); one pass, stops early. */
function nestedDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = endOfString(text, i);
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
    i++;
  }
  return false;
}

/** Index just past the closing quote of the string starting at `start`. */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote < 0) return text.length;
    let backslashes = 0;
    for (let k = quote - 1; k > start && text.charCodeAt(k) === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}
