import * as l10n from '@vscode/l10n';
/**
 * Explains a Nextmv-Signature mismatch: tries the variants behind the usual mistakes (body re-serialised,
 * newline added or lost, line endings converted, secret with stray whitespace, wrong webhook, wrong time
 * unit, wrong encoding or algorithm) and says which one would have matched. Runs only after a mismatch,
 * so none of this costs anything on the success path.
 *
 * Why one file: a catalogue of known mistakes, tried in the order written — the order is the search
 * order, and it is clearer in one place than spread over files.
 */
import { createHash, createHmac } from 'node:crypto';

export type HintId =
  | 'missing-header'
  | 'malformed-header'
  | 'no-signature'
  | 'timestamp-too-old'
  | 'timestamp-in-future'
  | 'timestamp-milliseconds'
  | 'signature-uppercase-hex'
  | 'signature-base64'
  | 'secret-whitespace'
  | 'secret-quoted'
  | 'secret-decoded'
  | 'other-webhook-secret'
  | 'timestamp-unit'
  | 'trailing-newline-added'
  | 'trailing-newline-removed'
  | 'line-endings'
  | 'body-whitespace'
  | 'body-reserialised'
  | 'wrong-algorithm'
  | 'signed-payload-shape'
  | 'secret-empty'
  | 'signature-format'
  | 'body-empty'
  | 'line-endings-possible'
  | 'body-pretty-printed'
  | 'wrong-secret'
  | 'hint-search-truncated'
  | 'internal-error';

export interface Hint {
  readonly id: HintId;
  readonly text: string;
}

export interface MismatchContext {
  readonly secret: string;
  /** t exactly as in the header */
  readonly timestamp: string;
  readonly body: string | Uint8Array;
  /** the v1 values of the header */
  readonly received: readonly string[];
  /** lowercase hex of the correct HMAC-SHA256 */
  readonly expected: string;
  readonly otherSecrets: readonly { readonly name: string; readonly secret: string }[];
  /** how many body-sized bytes the search may hash before it gives up (default 32 MiB) */
  readonly byteBudget?: number;
}

export interface Diagnosis {
  readonly hints: Hint[];
  /** what would have matched, in words, when a variant did */
  readonly matchedVariant?: string;
  /** true when the body was too big to try every variant */
  readonly truncated: boolean;
}

// Caps the work on a huge body (10 MB: the first three variants), so a mismatch never blocks the extension host for long.
const DEFAULT_BYTE_BUDGET = 32 * 1024 * 1024;
const RAW_BODY_ADVICE =
  "Verify the raw request body before any JSON parsing (Express: express.raw({ type: 'application/json' }); Flask: request.get_data(); FastAPI: await request.body()).";

type Key = string | Buffer;
type Part = string | Uint8Array;

function digest(key: Key | undefined, parts: readonly Part[], algorithm = 'sha256'): Buffer {
  const h = key === undefined ? createHash(algorithm) : createHmac(algorithm, key);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** One way the signature could have been made: what it costs to try, and what to say when it matches. */
interface Variant {
  readonly hint: HintId;
  readonly label: string;
  readonly text: string;
  /** bytes hashed to try it (0 for a re-encoding of the expected digest) */
  readonly cost: number;
  matches(received: readonly string[]): boolean;
}

function hexMatch(compute: () => Buffer): (received: readonly string[]) => boolean {
  return (received) => {
    const hex = compute().toString('hex');
    return received.includes(hex);
  };
}

function anyEncodingMatch(compute: () => Buffer): (received: readonly string[]) => boolean {
  return (received) => {
    const d = compute();
    const forms = [d.toString('hex'), d.toString('base64'), d.toString('base64url')];
    return received.some((r) => forms.includes(r) || forms[0] === r.toLowerCase());
  };
}

export function diagnoseMismatch(ctx: MismatchContext): Diagnosis {
  const budget = ctx.byteBudget ?? DEFAULT_BYTE_BUDGET;
  const hints: Hint[] = [];
  let spent = 0;
  let truncated = false;
  let matched: Variant | undefined;
  for (const v of variants(ctx)) {
    if (v.cost > 0 && spent + v.cost > budget) {
      truncated = true;
      break;
    }
    spent += v.cost;
    if (v.matches(ctx.received)) {
      matched = v;
      break;
    }
  }
  if (matched) hints.push({ id: matched.hint, text: matched.text });
  // Stray whitespace in a secret is worth saying even when trimming it does not explain this mismatch.
  if (matched?.hint !== 'secret-whitespace' && hasSurroundingWhitespace(ctx.secret)) {
    hints.push({
      id: 'secret-whitespace',
      text: l10n.t('The secret has {0}. Trimming it does not explain this mismatch, but make sure your handler loads the secret without it.', describeWhitespace(ctx.secret)),
    });
  }
  if (!matched) hints.push(...unexplainedHints(ctx, truncated));
  return matched ? { hints, matchedVariant: matched.label, truncated } : { hints, truncated };
}

function* variants(ctx: MismatchContext): Generator<Variant> {
  const { secret, timestamp: t, received } = ctx;
  const bodyBytes = typeof ctx.body === 'string' ? ctx.body.length : ctx.body.byteLength;
  const cost = bodyBytes + t.length + 1;
  const expectedDigest = Buffer.from(ctx.expected, 'hex');

  // Free: the right HMAC, written in another encoding.
  yield {
    hint: 'signature-uppercase-hex',
    label: l10n.t('the expected signature in uppercase hex'),
    text: l10n.t('v1 holds the right HMAC-SHA256, but in UPPERCASE hex. Nextmv writes lowercase hex and handlers compare the text exactly: whoever signed this must write lowercase hex, and a handler that computes uppercase (e.g. C# Convert.ToHexString) must lowercase it before comparing.'),
    cost: 0,
    matches: (rs) => rs.some((r) => r !== ctx.expected && r.toLowerCase() === ctx.expected),
  };
  yield {
    hint: 'signature-base64',
    label: l10n.t('the expected signature in base64'),
    text: l10n.t('v1 holds the right HMAC-SHA256, but base64-encoded. Nextmv\'s v1 is lowercase hex: sign with digest(\'hex\') / hexdigest(), not base64.'),
    cost: 0,
    matches: (rs) => rs.some((r) => r === expectedDigest.toString('base64') || r === expectedDigest.toString('base64url')),
  };

  // The secret, as people mangle it.
  const trimmed = secret.trim();
  if (trimmed !== secret) {
    yield {
      hint: 'secret-whitespace',
      label: l10n.t('the secret without its surrounding whitespace'),
      text: l10n.t('The signature matches the secret without its surrounding whitespace: the secret used here has {0} (a newline from copying, or from a .env file?). Trim the secret where your handler loads it.', describeWhitespace(secret)),
      cost,
      matches: hexMatch(() => digest(trimmed, [t, '.', ctx.body])),
    };
  }
  const unquoted = stripQuotes(trimmed);
  if (unquoted !== undefined) {
    yield {
      hint: 'secret-quoted',
      label: l10n.t('the secret without its quotes'),
      text: l10n.t('The signature matches the secret without the quotes around it: the quotes were copied along with the secret (from JSON or a .env file). Use the secret without quotes.'),
      cost,
      matches: hexMatch(() => digest(unquoted, [t, '.', ctx.body])),
    };
  }
  for (const [encoding, pattern] of [
    ['hex', /^(?:[0-9a-fA-F]{2}){8,}$/],
    ['base64', /^[A-Za-z0-9+/_-]{16,}={0,2}$/],
  ] as const) {
    if (!pattern.test(trimmed)) continue;
    yield {
      hint: 'secret-decoded',
      label: l10n.t('the secret decoded from {0}', encoding),
      text: l10n.t('The signature was made with the secret decoded from {0} into bytes. Nextmv\'s key is the secret\'s text as UTF-8, not decoded: pass the string as it is.', encoding),
      cost,
      matches: hexMatch(() => digest(Buffer.from(trimmed, encoding), [t, '.', ctx.body])),
    };
  }

  // Another webhook's secret: the delivery is not from the webhook that was chosen.
  for (const other of ctx.otherSecrets) {
    if (typeof other?.secret !== 'string' || other.secret === secret) continue;
    const name = typeof other.name === 'string' ? other.name : '?';
    yield {
      hint: 'other-webhook-secret',
      label: l10n.t('the secret of webhook "{0}"', name),
      text: l10n.t('The secret of webhook "{0}" matches: this delivery was signed for "{1}", not with the secret used here. Each webhook has its own secret — check which one your handler loads.', name, name),
      cost,
      matches: hexMatch(() => digest(other.secret, [t, '.', ctx.body])),
    };
  }

  // The timestamp in the other unit.
  if (/^\d{1,16}$/.test(t)) {
    const n = Number(t);
    const otherT = n >= 1e11 ? String(Math.floor(n / 1000)) : `${t}000`;
    const [inHeader, signed] = n >= 1e11 ? ['milliseconds', 'seconds'] : ['seconds', 'milliseconds'];
    yield {
      hint: 'timestamp-unit',
      label: l10n.t('t in {0} ({1})', signed, otherT),
      text: l10n.t('v1 was computed over t in {0} ({1}), but the header carries t={2} in {3}: the signer converted t before signing. Sign over t exactly as it is sent; convert it only to check the age.', signed, otherT, t, inHeader),
      cost,
      matches: hexMatch(() => digest(secret, [otherT, '.', ctx.body])),
    };
  }

  // Newlines and line endings: only the text form of the body can be edited.
  const text = bodyText(ctx.body);
  if (/\r?\n$/.test(text)) {
    const without = text.replace(/\r?\n$/, '');
    yield {
      hint: 'trailing-newline-added',
      label: l10n.t('the body without its final newline'),
      text: l10n.t('The signature matches the body without its final newline: a newline was added after signing (editors, echo, heredocs and some copy tools add one). Verify the body exactly as received, without appending anything.'),
      cost,
      matches: hexMatch(() => digest(secret, [t, '.', without])),
    };
  } else {
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    yield {
      hint: 'trailing-newline-removed',
      label: l10n.t('the body with a trailing newline'),
      text: l10n.t('The signature matches the body with a trailing newline: the final newline was lost (trimmed by a framework, an editor or while copying). Verify the raw bytes, untrimmed.'),
      cost,
      matches: hexMatch(() => digest(secret, [t, '.', text + eol])),
    };
  }
  if (text.includes('\r\n')) {
    yield {
      hint: 'line-endings',
      label: l10n.t('the body with LF line endings'),
      text: l10n.t('The signature matches the body with LF line endings: CRLF line endings were introduced after signing (a Windows tool, git autocrlf). Verify the bytes exactly as received.'),
      cost,
      matches: hexMatch(() => digest(secret, [t, '.', text.replace(/\r\n/g, '\n')])),
    };
  } else if (text.includes('\n')) {
    yield {
      hint: 'line-endings',
      label: l10n.t('the body with CRLF line endings'),
      text: l10n.t('The signature matches the body with CRLF line endings: they became LF here — text areas and the clipboard convert CRLF to LF. Paste the body from the conversation JSON (its request.body keeps \\r\\n), and make sure your handler reads the raw bytes.'),
      cost,
      matches: hexMatch(() => digest(secret, [t, '.', text.replace(/\n/g, '\r\n')])),
    };
  }
  const trimmedBody = text.trim();
  if (trimmedBody !== text && trimmedBody !== text.replace(/\r?\n$/, '')) {
    yield {
      hint: 'body-whitespace',
      label: l10n.t('the body without surrounding whitespace'),
      text: l10n.t('The signature matches the body without its leading/trailing whitespace: whitespace was added around the body after signing. Verify the raw bytes exactly as received.'),
      cost,
      matches: hexMatch(() => digest(secret, [t, '.', trimmedBody])),
    };
  }

  // The body parsed and printed again: the most common cause of all.
  const json = parseJson(text);
  if (json.ok) {
    const tried = new Set<string>([text]);
    for (const form of JSON_FORMS) {
      yield* jsonVariant(form, json.value, tried, secret, t, cost);
    }
  }

  // A different construction or algorithm, told apart by the length of v1.
  if (received.some((r) => /^[0-9a-fA-F]{40}$/.test(r))) {
    yield algorithmVariant('HMAC-SHA1', cost, () => digest(secret, [t, '.', ctx.body], 'sha1'));
  }
  if (received.some((r) => /^[0-9a-fA-F]{128}$/.test(r))) {
    yield algorithmVariant('HMAC-SHA512', cost, () => digest(secret, [t, '.', ctx.body], 'sha512'));
  }
  yield {
    hint: 'wrong-algorithm',
    label: l10n.t('a plain SHA-256 without the secret'),
    text: l10n.t('v1 is a plain SHA-256 hash of "<t>.<body>", without the secret. Nextmv uses HMAC-SHA256 keyed with the webhook secret.'),
    cost,
    matches: anyEncodingMatch(() => digest(undefined, [t, '.', ctx.body])),
  };
  yield {
    hint: 'signed-payload-shape',
    label: l10n.t('the body alone'),
    text: l10n.t('v1 was computed over the body alone. Nextmv signs "<t>.<body>": the timestamp exactly as in the header, a dot, then the raw body.'),
    cost: bodyBytes,
    matches: anyEncodingMatch(() => digest(secret, [ctx.body])),
  };
  yield {
    hint: 'signed-payload-shape',
    label: l10n.t('t and the body without the dot'),
    text: l10n.t('v1 was computed over "<t><body>" without the dot between them. Nextmv signs "<t>.<body>".'),
    cost,
    matches: anyEncodingMatch(() => digest(secret, [t, ctx.body])),
  };
}

function algorithmVariant(name: string, cost: number, compute: () => Buffer): Variant {
  return {
    hint: 'wrong-algorithm',
    label: name,
    text: l10n.t('v1 is an {0} of "<t>.<body>". Nextmv uses HMAC-SHA256 (64 lowercase hex characters).', name),
    cost,
    matches: anyEncodingMatch(compute),
  };
}

interface JsonForm {
  readonly label: string;
  readonly print: (value: unknown) => string;
}

const JSON_FORMS: readonly JsonForm[] = [
  { label: l10n.t('minified (JSON.stringify(body))'), print: (v) => JSON.stringify(v) },
  { label: l10n.t('pretty-printed with 2 spaces (JSON.stringify(body, null, 2))'), print: (v) => JSON.stringify(v, null, 2) },
  { label: l10n.t('pretty-printed with 4 spaces'), print: (v) => JSON.stringify(v, null, 4) },
  { label: l10n.t('pretty-printed with tabs'), print: (v) => JSON.stringify(v, null, '\t') },
  { label: l10n.t('with Python\'s json.dumps separators (\', \' and \': \')'), print: (v) => printJson(v, { item: ', ', key: ': ' }) },
  { label: l10n.t('with keys sorted, minified'), print: (v) => printJson(v, { item: ',', key: ':', sortKeys: true }) },
  { label: l10n.t('with keys sorted, pretty-printed with 2 spaces'), print: (v) => printJson(v, { item: ',', key: ': ', indent: '  ', sortKeys: true }) },
  { label: l10n.t('with keys sorted and Python\'s json.dumps separators'), print: (v) => printJson(v, { item: ', ', key: ': ', sortKeys: true }) },
  { label: l10n.t('minified, plus a trailing newline'), print: (v) => JSON.stringify(v) + '\n' },
  { label: l10n.t('pretty-printed with 2 spaces, plus a trailing newline'), print: (v) => JSON.stringify(v, null, 2) + '\n' },
];

function* jsonVariant(form: JsonForm, value: unknown, tried: Set<string>, secret: string, t: string, cost: number): Generator<Variant> {
  let printed: string;
  try {
    printed = form.print(value);
  } catch {
    return;
  }
  if (tried.has(printed)) return;
  tried.add(printed);
  yield {
    hint: 'body-reserialised',
    label: l10n.t('the body {0}', form.label),
    text: l10n.t('The signature matches the body {0}: the body checked here was re-serialised (parsed and printed again), so it is not the exact bytes that were signed. {1} To check a delivery here, paste its body exactly as sent, e.g. the request.body of the conversation JSON.', form.label, RAW_BODY_ADVICE),
    cost,
    matches: hexMatch(() => digest(secret, [t, '.', printed])),
  };
}

/** What to say when no variant explains the mismatch. */
function unexplainedHints(ctx: MismatchContext, truncated: boolean): Hint[] {
  const hints: Hint[] = [];
  const text = bodyText(ctx.body);
  if (ctx.secret === '') {
    hints.push({ id: 'secret-empty', text: l10n.t('The secret is empty: choose a webhook or paste its signing secret.') });
  }
  ctx.received.forEach((r, i) => {
    if (!/^[0-9a-f]{64}$/.test(r)) {
      const which = ctx.received.length > 1 ? `v1 #${i + 1}` : 'v1';
      hints.push({
        id: 'signature-format',
        text: l10n.t('{0} is not 64 lowercase hex characters (it has {1} characters): it cannot be an HMAC-SHA256 in hex, so it was not made the way Nextmv signs.', which, r.length),
      });
    }
  });
  if (text.length === 0) {
    hints.push({ id: 'body-empty', text: l10n.t('The body is empty: did you paste only the headers? Nextmv always sends a JSON body.') });
  }
  if (text.includes('\n')) {
    hints.push({
      id: 'line-endings-possible',
      text: l10n.t('The body has line breaks. If it passed through a text area or the clipboard, CRLF may have become LF (or the other way round), which changes the signed bytes; paste the conversation JSON, whose request.body keeps them exactly.'),
    });
  }
  if (/^\s*[[{]/.test(text) && /\n[ \t]+["\]{}[]/.test(text) && parseJson(text).ok) {
    hints.push({
      id: 'body-pretty-printed',
      text: l10n.t('The body is pretty-printed JSON. If it was re-formatted after delivery (by a viewer, a logger or your framework), the signed bytes are lost. {0}', RAW_BODY_ADVICE),
    });
  }
  hints.push({
    id: 'wrong-secret',
    text: l10n.t('No common mistake explains the mismatch. Most likely the secret is not the one of the webhook that sent this delivery (each webhook has its own), or the body is not byte-for-byte what was sent. A handler must compute HMAC-SHA256 with the secret text as key over "<t exactly as received>.<raw body bytes>" and compare lowercase hex in constant time.'),
  });
  if (truncated) {
    hints.push({
      id: 'hint-search-truncated',
      text: l10n.t('The body is large ({0}), so not every variant was tried.', formatMegabytes(typeof ctx.body === 'string' ? ctx.body.length : ctx.body.byteLength)),
    });
  }
  return hints;
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function bodyText(body: string | Uint8Array): string {
  return typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (!/^\s*[[{]/.test(text)) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function stripQuotes(s: string): string | undefined {
  const m = /^(["'`])([\s\S]*)\1$/.exec(s);
  return m && s.length >= 2 ? m[2] : undefined;
}

function hasSurroundingWhitespace(s: string): boolean {
  return s !== s.trim();
}

function describeWhitespace(s: string): string {
  const lead = s.length - s.trimStart().length;
  const trail = s.length - s.trimEnd().length;
  const parts: string[] = [];
  if (lead) parts.push(l10n.t('{0} leading', lead));
  if (trail) parts.push(l10n.t('{0} trailing', trail));
  const kinds = /[\r\n]/.test(s.slice(0, lead) + s.slice(s.length - trail)) ? l10n.t('whitespace character(s), including a line break') : l10n.t('whitespace character(s)');
  return `${parts.join(' and ')} ${kinds}`;
}

interface PrintOptions {
  readonly item: string;
  readonly key: string;
  readonly indent?: string;
  readonly sortKeys?: boolean;
}

/** JSON printer with configurable separators and key order, for the forms JSON.stringify cannot produce. */
function printJson(value: unknown, o: PrintOptions, depth = 0): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const nl = o.indent === undefined ? '' : '\n' + o.indent.repeat(depth + 1);
  const end = o.indent === undefined ? '' : '\n' + o.indent.repeat(depth);
  const sep = o.indent === undefined ? o.item : o.item.trimEnd();
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return '[' + nl + value.map((v) => printJson(v, o, depth + 1)).join(sep + nl) + end + ']';
  }
  const keys = Object.keys(value);
  if (o.sortKeys) keys.sort();
  if (keys.length === 0) return '{}';
  const record = value as Record<string, unknown>;
  return '{' + nl + keys.map((k) => JSON.stringify(k) + o.key + printJson(record[k], o, depth + 1)).join(sep + nl) + end + '}';
}
