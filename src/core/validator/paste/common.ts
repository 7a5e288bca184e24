import * as l10n from '@vscode/l10n';
/**
 * What the paste readers share: the parsed delivery, the error a reader throws for a person to read,
 * reading one header line, and the checks every reader ends with (the signature header, Content-Length,
 * chunked bodies).
 */
import { SIGNATURE_HEADER } from '../../../shared/headers';
import type { DeliverySource } from '../../../shared/vocabulary';

export type HeaderPair = [name: string, value: string];

export interface ParsedDelivery {
  /** the Nextmv-Signature value, when one was found */
  signatureHeader?: string;
  /** every header in order, names as pasted */
  headers: HeaderPair[];
  /** the raw body, exactly as pasted */
  body: string;
  source: DeliverySource;
  /** what was noticed or tolerated while parsing, for the person reading the verdict */
  notes: string[];
  method?: string;
  url?: string;
}

export interface PastedDelivery {
  /** the Delivery text area: a raw request, a conversation JSON, a curl command or a body */
  delivery?: string;
  /** the Signature header field: `t=…,v1=…` or a `Nextmv-Signature: …` line; overrides the delivery's */
  signatureHeader?: string;
  /** the Body field; overrides the delivery's body */
  body?: string;
}

/** Thrown by a reader with a message for the person who pasted; parseDelivery turns it into `{ ok: false }`. */
export class PasteError extends Error {}

/** an HTTP token (a header name): one character class, so testing it is linear */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** what a header value cannot hold (the characters a regex `.` does not match) */
const LINE_BREAK = /[\n\r\u2028\u2029]/;

/**
 * `Name: value` → [name, value], spaces and tabs around the colon and at the end dropped; undefined when the
 * line is not a header. Read with indexOf and by hand, in linear time: a regex with adjacent quantifiers over
 * spaces backtracked quadratically, and this runs on every keystroke in the validator.
 */
export function headerLine(line: string): HeaderPair | undefined {
  const colon = line.indexOf(':');
  if (colon < 0) return undefined;
  const name = line.slice(0, trimSpaceTabEnd(line, 0, colon));
  if (!TOKEN.test(name)) return undefined;
  const rest = line.slice(colon + 1);
  if (LINE_BREAK.test(rest)) return undefined;
  let start = 0;
  while (start < rest.length && isSpaceOrTab(rest.charCodeAt(start))) start++;
  return [name, rest.slice(start, trimSpaceTabEnd(rest, start, rest.length))];
}

/** the end of text[from, to) without its trailing spaces and tabs */
function trimSpaceTabEnd(text: string, from: number, to: number): number {
  let end = to;
  while (end > from && isSpaceOrTab(text.charCodeAt(end - 1))) end--;
  return end;
}

function isSpaceOrTab(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

export function isSignatureName(name: string): boolean {
  return name.toLowerCase() === SIGNATURE_HEADER.toLowerCase();
}

/** Finds the signature among the headers and checks the body against Content-Length and chunking. */
export function finishHeaders(delivery: ParsedDelivery, body: string): ParsedDelivery {
  const signatures = delivery.headers.filter(([n]) => isSignatureName(n));
  if (signatures.length) {
    delivery.signatureHeader = signatures[0][1];
    if (signatures.length > 1) delivery.notes.push(l10n.t('There are {0} Nextmv-Signature headers; the first one is used.', signatures.length));
  } else {
    const lookalike = delivery.headers.find(([n]) => /signature/i.test(n));
    if (lookalike) delivery.notes.push(l10n.t('There is no Nextmv-Signature header, but there is "{0}". Nextmv\'s header is Nextmv-Signature.', lookalike[0]));
  }
  const chunked = delivery.headers.some(([n, v]) => n.toLowerCase() === 'transfer-encoding' && /chunked/i.test(v));
  if (chunked) {
    const decoded = decodeChunked(body);
    if (decoded !== undefined) {
      delivery.body = decoded;
      delivery.notes.push(l10n.t('The body was chunked (Transfer-Encoding: chunked); it was decoded, since the chunk sizes are not signed.'));
      return delivery;
    }
    delivery.notes.push(l10n.t('Transfer-Encoding is chunked but the body is not valid chunked data; it is used as pasted.'));
  }
  const declared = delivery.headers.find(([n]) => n.toLowerCase() === 'content-length')?.[1];
  if (declared !== undefined && /^\d+$/.test(declared)) {
    const note = contentLengthNote(Number(declared), body);
    if (note) delivery.notes.push(note);
  }
  return delivery;
}

function contentLengthNote(declared: number, body: string): string | undefined {
  const actual = utf8Length(body);
  if (actual === declared) return undefined;
  const diff = actual - declared;
  const lineBreaks = (body.match(/\n/g) ?? []).length;
  const crlfBreaks = (body.match(/\r\n/g) ?? []).length;
  let why = '';
  if (diff > 0 && diff <= 2 && /\r?\n$/.test(body)) why = l10n.t(' A trailing newline was probably added while copying.');
  else if (diff < 0 && -diff === lineBreaks && crlfBreaks === 0) why = l10n.t(' The line endings were probably converted from CRLF to LF (one byte fewer per line break).');
  else if (diff > 0 && diff === crlfBreaks) why = l10n.t(' The line endings were probably converted from LF to CRLF.');
  return l10n.t('Content-Length says {0} bytes but the body has {1}: it is not exactly what was sent.{2}', declared, actual, why);
}

function decodeChunked(body: string): string | undefined {
  let pos = 0;
  let out = '';
  for (;;) {
    const line = /^([0-9a-fA-F]+)(?:;[^\r\n]*)?\r?\n/.exec(body.slice(pos, pos + 64));
    if (!line) return undefined;
    const size = parseInt(line[1], 16);
    pos += line[0].length;
    if (size === 0) return out;
    // sizes count bytes; fine for ASCII, and a non-ASCII chunk simply fails to decode below
    const chunk = body.slice(pos, pos + size);
    if (utf8Length(chunk) !== size) return undefined;
    out += chunk;
    pos += size;
    const eol = /^\r?\n/.exec(body.slice(pos, pos + 2));
    if (!eol) return undefined;
    pos += eol[0].length;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** UTF-8 length without Buffer, so the module stays portable. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
