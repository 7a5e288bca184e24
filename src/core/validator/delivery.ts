/**
 * Turns what people paste into a delivery to verify: a raw HTTP request (CRLF or LF-only), a conversation
 * JSON as the API returns it, a curl command, headers and body pasted apart, or just a body. The body is
 * kept byte for byte (line endings included), because the signature covers exactly those bytes.
 * Never throws: whatever cannot be read becomes `{ ok: false, error }` with a message for a person.
 */

import { SIGNATURE_HEADER } from '../../shared/headers';
import { shorten } from '../../shared/text';

import type { DeliverySource } from '../../shared/vocabulary';

export type { DeliverySource } from '../../shared/vocabulary';

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

export type ParseDeliveryResult = { ok: true; delivery: ParsedDelivery } | { ok: false; error: string };

export interface PastedDelivery {
  /** the Delivery text area: a raw request, a conversation JSON, a curl command or a body */
  delivery?: string;
  /** the Signature header field: `t=…,v1=…` or a `Nextmv-Signature: …` line; overrides the delivery's */
  signatureHeader?: string;
  /** the Body field; overrides the delivery's body */
  body?: string;
}


class PasteError extends Error {}

export function parseDelivery(input: PastedDelivery): ParseDeliveryResult {
  try {
    return { ok: true, delivery: parseOrThrow(input ?? {}) };
  } catch (err) {
    if (err instanceof PasteError) return { ok: false, error: err.message };
    return { ok: false, error: `Could not read the delivery: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function parseOrThrow(input: PastedDelivery): ParsedDelivery {
  const text = typeof input.delivery === 'string' ? input.delivery : '';
  const bodyField = typeof input.body === 'string' && input.body !== '' ? input.body : undefined;
  const headerField = typeof input.signatureHeader === 'string' && input.signatureHeader.trim() !== '' ? input.signatureHeader : undefined;

  if (text.trim() === '') {
    if (bodyField === undefined && headerField === undefined) {
      throw new PasteError('Paste a delivery (a raw HTTP request, a conversation JSON or just the body), or fill in the Body field.');
    }
    const field = headerField === undefined ? undefined : readSignatureField(headerField);
    const signatureHeader = field?.value;
    const notes = field?.notes ?? [];
    if (bodyField === undefined) notes.push('The Body field is empty: the signature is checked over an empty body.');
    return {
      ...(signatureHeader === undefined ? {} : { signatureHeader }),
      headers: signatureHeader === undefined ? [] : [[SIGNATURE_HEADER, signatureHeader]],
      body: bodyField ?? '',
      source: 'separate-fields',
      notes,
    };
  }

  const delivery = parseDeliveryText(text);
  if (bodyField !== undefined) {
    if (delivery.source !== 'body-only' && delivery.body !== '' && delivery.body !== bodyField) {
      delivery.notes.push('The Body field is used instead of the body found in Delivery.');
    }
    delivery.body = bodyField;
  }
  if (headerField !== undefined) {
    const { value, notes } = readSignatureField(headerField);
    delivery.notes.push(...notes);
    if (delivery.signatureHeader !== undefined && delivery.signatureHeader !== value) {
      delivery.notes.push('The Signature header field is used instead of the Nextmv-Signature found in Delivery.');
    }
    delivery.signatureHeader = value;
  }
  return delivery;
}

/**
 * The Signature header field: a bare value `t=…,v1=…`, a `Nextmv-Signature: …` line, or a block of header
 * lines among which one is Nextmv-Signature.
 */
export function readSignatureField(field: string): { value: string; notes: string[] } {
  const lines = field.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  const parsed = lines.map((l) => headerLine(l));
  const named = parsed.filter((h): h is HeaderPair => !!h && isSignatureName(h[0]));
  if (named.length) return { value: named[0][1], notes: [] };
  if (lines.length === 1) {
    const other = parsed[0];
    if (!other) return { value: lines[0], notes: [] };
    return { value: other[1], notes: [`The Signature header field names "${other[0]}"; its value was used, but Nextmv's header is ${SIGNATURE_HEADER}.`] };
  }
  throw new PasteError(`The Signature header field has ${lines.length} lines but none is "${SIGNATURE_HEADER}: …". Paste only the header value, t=…,v1=….`);
}

function parseDeliveryText(text: string): ParsedDelivery {
  const start = text.length - text.trimStart().length;
  const firstLine = text.slice(start).split(/\r?\n/, 1)[0];
  if (/^[[{]/.test(firstLine)) {
    const fromJson = parseConversationJson(text);
    if (fromJson) return fromJson;
  }
  if (/^curl(?:\.exe)?\s/i.test(firstLine)) return parseCurl(text.slice(start));
  if (/^HTTP\/\d(?:\.\d)?\s+\d{3}\b/i.test(firstLine)) {
    throw new PasteError(`This is an HTTP response ("${shorten(firstLine.trim(), 40)}"): paste the request that was sent to your endpoint.`);
  }
  const request = REQUEST_LINE.exec(firstLine.trim());
  if (request) return parseRawHttp(text, start, { method: request[1].toUpperCase(), url: request[2] });
  if (looksLikeHeaderBlock(text.slice(start))) return parseRawHttp(text, start, undefined);
  return { headers: [], body: text, source: 'body-only', notes: [] };
}

// ---------------------------------------------------------------- raw HTTP request

const REQUEST_LINE = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\S+)(?:\s+HTTP\/\d(?:\.\d)?)?$/i;
/** an HTTP token (a header name): one character class, so testing it is linear */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** what a header value cannot hold (the characters a regex `.` does not match) */
const LINE_BREAK = /[\n\r\u2028\u2029]/;
const KNOWN_HEADERS = /^(nextmv-signature|content-type|content-length|host|user-agent)$/i;

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

function isSignatureName(name: string): boolean {
  return name.toLowerCase() === SIGNATURE_HEADER.toLowerCase();
}

/** Headers without a request line, e.g. copied from a log: only when a header we know is among them. */
function looksLikeHeaderBlock(text: string): boolean {
  const head = text.split(/\r?\n\r?\n/, 1)[0].split(/\r?\n/);
  return head.every((l) => headerLine(l) !== undefined || /^[ \t]/.test(l)) && head.some((l) => KNOWN_HEADERS.test(headerLine(l)?.[0] ?? ''));
}

interface Line {
  readonly text: string;
  readonly start: number;
  /** index just after the line ending (or text.length) */
  readonly next: number;
  readonly eol: '' | '\n' | '\r\n';
}

function lineAt(text: string, start: number): Line {
  const nl = text.indexOf('\n', start);
  if (nl < 0) return { text: text.slice(start), start, next: text.length, eol: '' };
  const crlf = nl > start && text[nl - 1] === '\r';
  return { text: text.slice(start, crlf ? nl - 1 : nl), start, next: nl + 1, eol: crlf ? '\r\n' : '\n' };
}

function parseRawHttp(text: string, start: number, requestLine: { method: string; url: string } | undefined): ParsedDelivery {
  const notes: string[] = [];
  const headers: HeaderPair[] = [];
  const eols = new Set<string>();
  let pos = start;
  if (requestLine) {
    const first = lineAt(text, pos);
    eols.add(first.eol);
    pos = first.next;
  } else {
    notes.push('There is no request line (POST /path HTTP/1.1); the headers and body were read without it.');
  }
  let bodyStart = text.length;
  let lineNumber = requestLine ? 1 : 0;
  let sawBlankLine = false;
  while (pos < text.length) {
    const line = lineAt(text, pos);
    lineNumber++;
    if (line.text === '') {
      bodyStart = line.next;
      sawBlankLine = true;
      eols.add(line.eol);
      break;
    }
    eols.add(line.eol);
    if (/^[ \t]/.test(line.text) && headers.length) {
      // obsolete line folding: a continuation of the previous header's value
      const last = headers[headers.length - 1];
      last[1] = `${last[1]} ${line.text.trim()}`;
    } else if (/^[[{]/.test(line.text) && (headers.length || requestLine)) {
      bodyStart = line.start;
      notes.push('There is no blank line between the headers and the body; the body was taken from the first line starting with "{" or "[".');
      break;
    } else {
      const header = headerLine(line.text);
      if (!header) {
        throw new PasteError(
          `Line ${lineNumber} is not a header ("Name: value"): "${shorten(line.text, 60)}". Separate the headers from the body with a blank line.`,
        );
      }
      headers.push(header);
    }
    pos = line.next;
  }
  const body = text.slice(bodyStart);
  if (!sawBlankLine && bodyStart === text.length) notes.push('No blank line follows the headers, so the body is empty.');
  if (!eols.has('\r\n') && eols.has('\n') && body.includes('\n')) {
    notes.push(
      'The request has LF line endings, not CRLF: a text area or the clipboard may have converted them. If the body had CRLF line endings, its bytes changed and the signature will not match.',
    );
  }
  const delivery: ParsedDelivery = { headers, body, source: 'raw-http', notes, ...(requestLine ?? {}) };
  return finishHeaders(delivery, body);
}

/** Finds the signature among the headers and checks the body against Content-Length and chunking. */
function finishHeaders(delivery: ParsedDelivery, body: string): ParsedDelivery {
  const signatures = delivery.headers.filter(([n]) => isSignatureName(n));
  if (signatures.length) {
    delivery.signatureHeader = signatures[0][1];
    if (signatures.length > 1) delivery.notes.push(`There are ${signatures.length} Nextmv-Signature headers; the first one is used.`);
  } else {
    const lookalike = delivery.headers.find(([n]) => /signature/i.test(n));
    if (lookalike) delivery.notes.push(`There is no Nextmv-Signature header, but there is "${lookalike[0]}". Nextmv's header is Nextmv-Signature.`);
  }
  const chunked = delivery.headers.some(([n, v]) => n.toLowerCase() === 'transfer-encoding' && /chunked/i.test(v));
  if (chunked) {
    const decoded = decodeChunked(body);
    if (decoded !== undefined) {
      delivery.body = decoded;
      delivery.notes.push('The body was chunked (Transfer-Encoding: chunked); it was decoded, since the chunk sizes are not signed.');
      return delivery;
    }
    delivery.notes.push('Transfer-Encoding is chunked but the body is not valid chunked data; it is used as pasted.');
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
  if (diff > 0 && diff <= 2 && /\r?\n$/.test(body)) why = ' A trailing newline was probably added while copying.';
  else if (diff < 0 && -diff === lineBreaks && crlfBreaks === 0) why = ' The line endings were probably converted from CRLF to LF (one byte fewer per line break).';
  else if (diff > 0 && diff === crlfBreaks) why = ' The line endings were probably converted from LF to CRLF.';
  return `Content-Length says ${declared} bytes but the body has ${actual}: it is not exactly what was sent.${why}`;
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

// ---------------------------------------------------------------- conversation JSON

function parseConversationJson(text: string): ParsedDelivery | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    if (/"request"\s*:/.test(text)) {
      throw new PasteError(`This looks like a conversation JSON but is not valid JSON: ${err instanceof Error ? err.message : String(err)}.`);
    }
    return undefined; // a body that is not valid JSON is still a body
  }
  const conversations = listOfConversations(value);
  if (conversations) {
    if (conversations.length !== 1) {
      throw new PasteError(`This is a list of ${conversations.length} conversations: paste a single conversation.`);
    }
    value = conversations[0];
  }
  if (!isRecord(value)) return undefined;
  if (isRecord(value.request)) return fromRequestObject(value.request, 'request');
  if ('headers' in value && 'body' in value && (isRecord(value.headers) || Array.isArray(value.headers))) return fromRequestObject(value, 'top');
  return undefined; // ordinary JSON: the body itself
}

function listOfConversations(value: unknown): unknown[] | undefined {
  const list = Array.isArray(value) ? value : isRecord(value) ? (value.items ?? value.conversations) : undefined;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  return list.every((c) => isRecord(c) && isRecord(c.request)) ? list : undefined;
}

function fromRequestObject(request: Record<string, unknown>, where: 'request' | 'top'): ParsedDelivery {
  const notes: string[] = [];
  if (where === 'top') notes.push('Read as the request part of a conversation (headers and body).');
  const headers = readJsonHeaders(request.headers, notes);
  let body: string;
  if (typeof request.body === 'string') {
    body = request.body;
  } else if (request.body === undefined || request.body === null) {
    body = '';
    notes.push('The conversation has no request body; an empty body is checked.');
  } else {
    body = JSON.stringify(request.body);
    notes.push('request.body is JSON, not a string: it was printed again here, so its bytes may differ from what was signed.');
  }
  const delivery: ParsedDelivery = { headers, body, source: 'conversation-json', notes };
  if (typeof request.method === 'string') delivery.method = request.method;
  if (typeof request.url === 'string') delivery.url = request.url;
  return finishHeaders(delivery, body);
}

/** Headers as an object ({name: value | [values]}), or a list of [name, value] or {name, value}. */
function readJsonHeaders(value: unknown, notes: string[]): HeaderPair[] {
  const out: HeaderPair[] = [];
  const add = (name: unknown, v: unknown) => {
    if (typeof name !== 'string') return;
    if (typeof v === 'string' || typeof v === 'number') out.push([name, String(v)]);
    else if (Array.isArray(v)) for (const item of v) if (typeof item === 'string') out.push([name, item]);
  };
  if (isRecord(value)) {
    for (const [name, v] of Object.entries(value)) add(name, v);
  } else if (Array.isArray(value)) {
    for (const item of value) {
      if (Array.isArray(item)) add(item[0], item[1]);
      else if (isRecord(item)) add(item.name ?? item.key, item.value);
    }
  } else if (value !== undefined && value !== null) {
    notes.push('request.headers is neither an object nor a list; it was ignored.');
  }
  return out;
}

// ---------------------------------------------------------------- curl command

const CURL_DATA = new Set(['-d', '--data', '--data-raw', '--data-binary', '--data-ascii', '--json']);
const CURL_HEADER = new Set(['-H', '--header']);
const CURL_METHOD = new Set(['-X', '--request']);
const CURL_WITH_VALUE = new Set([
  '-u', '--user', '-o', '--output', '-A', '--user-agent', '-e', '--referer', '-b', '--cookie', '-c', '--cookie-jar', '-m', '--max-time',
  '-x', '--proxy', '-w', '--write-out', '--connect-timeout', '--retry', '-T', '--upload-file', '-F', '--form', '--data-urlencode',
]);

function parseCurl(command: string): ParsedDelivery {
  const words = shellWords(command);
  const headers: HeaderPair[] = [];
  const data: string[] = [];
  const notes: string[] = [];
  let method: string | undefined;
  let url: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    const [flag, attached] = splitFlag(w);
    const value = (): string => {
      if (attached !== undefined) return attached;
      if (i + 1 >= words.length) throw new PasteError(`The curl option ${flag} has no value.`);
      return words[++i];
    };
    if (CURL_HEADER.has(flag)) {
      const h = headerLine(value());
      if (h) headers.push(h);
    } else if (CURL_DATA.has(flag)) {
      const d = value();
      if (d.startsWith('@')) throw new PasteError(`The curl command reads its body from a file (${flag} ${shorten(d, 40)}): paste the body itself.`);
      data.push(d);
    } else if (CURL_METHOD.has(flag)) {
      method = value().toUpperCase();
    } else if (flag === '--url') {
      url = value();
    } else if (CURL_WITH_VALUE.has(flag)) {
      value();
    } else if (!w.startsWith('-') && url === undefined) {
      url = w;
    }
  }
  if (data.length > 1) notes.push(`curl joins its ${data.length} data options with "&"; so does this check.`);
  const body = data.join('&');
  const delivery: ParsedDelivery = { headers, body, source: 'curl', notes, method: method ?? (data.length ? 'POST' : 'GET') };
  if (url !== undefined) delivery.url = url;
  return finishHeaders(delivery, body);
}

function splitFlag(word: string): [flag: string, attached: string | undefined] {
  if (word.startsWith('--')) {
    const eq = word.indexOf('=');
    return eq > 0 ? [word.slice(0, eq), word.slice(eq + 1)] : [word, undefined];
  }
  if (/^-[A-Za-z]./.test(word)) {
    const flag = word.slice(0, 2);
    if (CURL_HEADER.has(flag) || CURL_DATA.has(flag) || CURL_METHOD.has(flag) || CURL_WITH_VALUE.has(flag)) return [flag, word.slice(2)];
  }
  return [word, undefined];
}

/** POSIX-shell words: '…', "…" (with \\ escapes), $'…' (C escapes), backslash-newline continuations. */
function shellWords(command: string): string[] {
  const words: string[] = [];
  let current: string | undefined;
  let i = 0;
  const push = (s: string) => (current = (current ?? '') + s);
  while (i < command.length) {
    const c = command[i];
    if (c === '\\' && (command[i + 1] === '\n' || (command[i + 1] === '\r' && command[i + 2] === '\n'))) {
      i += command[i + 1] === '\r' ? 3 : 2;
    } else if (c === '^' && /^\^\r?\n/.test(command.slice(i, i + 3))) {
      i += command[i + 1] === '\r' ? 3 : 2; // Windows cmd continuation
    } else if (/\s/.test(c)) {
      if (current !== undefined) words.push(current);
      current = undefined;
      i++;
    } else if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) throw new PasteError('The curl command has an unterminated single quote.');
      push(command.slice(i + 1, end));
      i = end + 1;
    } else if (c === '$' && command[i + 1] === "'") {
      const [text, next] = ansiCString(command, i + 2);
      push(text);
      i = next;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < command.length && command[j] !== '"') {
        if (command[j] === '\\' && '"\\$`\n'.includes(command[j + 1] ?? '')) {
          if (command[j + 1] !== '\n') s += command[j + 1];
          j += 2;
        } else {
          s += command[j++];
        }
      }
      if (j >= command.length) throw new PasteError('The curl command has an unterminated double quote.');
      push(s);
      i = j + 1;
    } else if (c === '\\') {
      push(command[i + 1] ?? '');
      i += 2;
    } else {
      push(c);
      i++;
    }
  }
  if (current !== undefined) words.push(current);
  return words;
}

function ansiCString(command: string, from: number): [string, number] {
  const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', v: '\v' };
  let s = '';
  let j = from;
  while (j < command.length && command[j] !== "'") {
    if (command[j] === '\\') {
      const next = command[j + 1] ?? '';
      const hex = /^x([0-9a-fA-F]{1,2})/.exec(command.slice(j + 1, j + 4));
      const uni = /^u([0-9a-fA-F]{1,4})/.exec(command.slice(j + 1, j + 6));
      if (hex) {
        s += String.fromCharCode(parseInt(hex[1], 16));
        j += 1 + hex[0].length;
      } else if (uni) {
        s += String.fromCharCode(parseInt(uni[1], 16));
        j += 1 + uni[0].length;
      } else {
        s += escapes[next] ?? '\\' + next;
        j += 2;
      }
    } else {
      s += command[j++];
    }
  }
  if (j >= command.length) throw new PasteError("The curl command has an unterminated $'…' quote.");
  return [s, j + 1];
}

// ---------------------------------------------------------------- helpers


function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** UTF-8 length without Buffer, so the module stays portable. */
function utf8Length(s: string): number {
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

