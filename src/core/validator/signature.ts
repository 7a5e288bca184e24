/**
 * The Nextmv-Signature scheme: `t=<timestamp>,v1=<hex>` where
 * v1 = lowercase_hex(HMAC-SHA256(key = utf8(secret), msg = <t exactly as in the header> + "." + <raw body>)).
 * verifySignature() explains itself step by step (checks) and, on a mismatch, says what probably went
 * wrong (hints). It never throws, whatever it is given.
 *
 * Why one file: verify() is one sequence of checks (header, timestamp, HMAC, window) that reads top to
 * bottom, with the header parser and the time-window rules it is made of.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { diagnoseMismatch, type Hint, type HintId } from './signatureHints';
import { shorten } from '../../shared/text';
import type { SignatureReason, TimestampUnit } from '../../shared/vocabulary';

export type { HintId } from './signatureHints';

export type { SignatureReason, TimestampUnit } from '../../shared/vocabulary';

export interface VerifyCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface OtherSecret {
  readonly name: string;
  readonly secret: string;
}

export interface VerifyInput {
  /** the Nextmv-Signature header value */
  header: string | undefined;
  /** the raw body, exact bytes */
  body: string | Uint8Array;
  secret: string;
  /** ms since epoch; default Date.now() */
  now?: number;
  /** default 300 */
  maxAgeSeconds?: number;
  /** default 60 */
  maxSkewSeconds?: number;
  ignoreTimestamp?: boolean;
  /** other webhooks' secrets, tried on a mismatch to say which webhook the delivery belongs to */
  otherSecrets?: OtherSecret[];
}

export interface VerifyResult {
  valid: boolean;
  reason: SignatureReason;
  timestampUnit?: TimestampUnit;
  /** in order, for the UI */
  checks: VerifyCheck[];
  /** what probably went wrong */
  hints: string[];
  /** the same hints, as stable ids (same order) */
  hintIds: HintId[];
  /** t exactly as in the header */
  timestamp?: string;
  /** now − t, in seconds (negative: t is in the future) */
  ageSeconds?: number;
  receivedSignatures?: string[];
  /** index in receivedSignatures of the v1 that matched */
  matchedSignatureIndex?: number;
  /** lowercase hex HMAC-SHA256 of the signed payload */
  expectedSignature?: string;
  /** "<t>.<body>", shortened in the middle for big bodies */
  signedPayloadPreview?: string;
  signedPayloadTruncated?: boolean;
  /** on a mismatch: the variant that would have matched, in words */
  matchedVariant?: string;
}

export interface ParsedSignatureHeader {
  /** t exactly as in the header (trimmed), the first one if several */
  readonly timestamp?: string;
  /** every v1 value, in order */
  readonly signatures: string[];
  /** keys that are neither t nor v1 (v0, s, …): ignored */
  readonly ignoredKeys: string[];
  /** what is wrong with the header's shape; empty when it parsed cleanly */
  readonly problems: string[];
  /** what was tolerated (a pasted "Nextmv-Signature:" prefix, quotes) */
  readonly notes: string[];
}

export const DEFAULT_MAX_AGE_SECONDS = 300;
export const DEFAULT_MAX_SKEW_SECONDS = 60;
/** t at or above this is read as milliseconds (1e11 s is the year 5138; 1e11 ms is March 1973). */
export const MILLISECONDS_THRESHOLD = 1e11;
const PREVIEW_HEAD = 3000;
const PREVIEW_TAIL = 1000;

/** Lowercase hex HMAC-SHA256 of `<timestamp>.<body>` keyed with the UTF-8 bytes of the secret. */
export function computeSignature(secret: string, timestamp: string, body: string | Uint8Array): string {
  // Three updates instead of a concatenation: the body is hashed where it lies, never copied.
  return createHmac('sha256', secret).update(timestamp).update('.').update(body).digest('hex');
}

/** The Nextmv-Signature header value for a body: `t=<timestamp>,v1=<hex>`. */
export function signDelivery(input: { body: string | Uint8Array; secret: string; timestamp: string | number }): string {
  const t = String(input.timestamp);
  return `t=${t},v1=${computeSignature(input.secret, t, input.body)}`;
}

/** Reads `k=v` pairs in any order, with spaces; several v1 allowed; unknown keys ignored. Never throws. */
export function parseSignatureHeader(header: string): ParsedSignatureHeader {
  const problems: string[] = [];
  const notes: string[] = [];
  const signatures: string[] = [];
  const ignoredKeys: string[] = [];
  const timestamps: string[] = [];
  let text = header.trim();
  const prefix = /^nextmv-signature\s*:\s*/i.exec(text);
  if (prefix) {
    text = text.slice(prefix[0].length);
    notes.push('The pasted "Nextmv-Signature:" name was removed; only its value is parsed.');
  }
  const quoted = /^(["'])(.*)\1$/s.exec(text);
  if (quoted) {
    text = quoted[2].trim();
    notes.push('The quotes around the header value were removed.');
  }
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) {
      problems.push(`"${shorten(part, 40)}" is not a key=value pair.`);
      continue;
    }
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (key === 't') timestamps.push(value);
    else if (key === 'v1') signatures.push(value);
    else ignoredKeys.push(part.slice(0, eq).trim());
  }
  if (timestamps.length === 0) problems.push('There is no t=<timestamp> pair.');
  if (new Set(timestamps).size > 1) problems.push(`There are ${timestamps.length} different t values.`);
  if (/;/.test(text) && !text.includes(',')) problems.push('Pairs are separated by ";"; Nextmv separates them with ",".');
  return { timestamp: timestamps[0], signatures, ignoredKeys, problems, notes };
}

export function inferTimestampUnit(t: number): TimestampUnit {
  return t >= MILLISECONDS_THRESHOLD ? 'milliseconds' : 'seconds';
}

export function verifySignature(input: VerifyInput): VerifyResult {
  try {
    return verify(input);
  } catch (err) {
    // Unreachable by design; a verdict is still better than an exception in a UI that updates as you type.
    const message = err instanceof Error ? err.message : String(err);
    return {
      valid: false,
      reason: 'malformed-header',
      checks: [{ name: 'Verification', ok: false, detail: `Could not verify: ${message}` }],
      hints: ['The verifier failed unexpectedly; please report it with the header (not the secret).'],
      hintIds: ['internal-error'],
    };
  }
}

interface TimeWindow {
  readonly now: number;
  readonly maxAge: number;
  readonly maxSkew: number;
  readonly ignore: boolean;
}

function verify(input: VerifyInput): VerifyResult {
  const header = typeof input?.header === 'string' ? input.header : undefined;
  const body: string | Uint8Array = typeof input?.body === 'string' || input?.body instanceof Uint8Array ? input.body : '';
  const secret = typeof input?.secret === 'string' ? input.secret : '';
  const limits: TimeWindow = {
    now: finiteOr(input?.now, Date.now()),
    maxAge: nonNegativeOr(input?.maxAgeSeconds, DEFAULT_MAX_AGE_SECONDS),
    maxSkew: nonNegativeOr(input?.maxSkewSeconds, DEFAULT_MAX_SKEW_SECONDS),
    ignore: input?.ignoreTimestamp === true,
  };
  const checks: VerifyCheck[] = [];
  const hints: Hint[] = [];
  const done = (reason: SignatureReason, extra: Partial<VerifyResult> = {}): VerifyResult => ({
    valid: reason === 'ok',
    reason,
    checks,
    hints: hints.map((h) => h.text),
    hintIds: hints.map((h) => h.id),
    ...extra,
  });

  if (header === undefined || header.trim() === '') {
    checks.push({ name: 'Header present', ok: false, detail: 'No Nextmv-Signature header was given.' });
    hints.push({
      id: 'missing-header',
      text: 'There is no Nextmv-Signature header: paste the whole request with its headers or a conversation JSON, or fill in the Signature header field. If your handler sees none, check the header name your framework exposes (many lowercase it: nextmv-signature) and that no proxy drops it.',
    });
    return done('missing-header');
  }
  checks.push({ name: 'Header present', ok: true, detail: `Nextmv-Signature: ${shorten(header.trim(), 160)}` });

  const parsed = parseSignatureHeader(header);
  const t = parsed.timestamp;
  const tProblem = t === undefined ? undefined : timestampProblem(t);
  const formatProblems = tProblem ? [...parsed.problems, tProblem] : parsed.problems;
  checks.push({
    name: 'Header format',
    ok: formatProblems.length === 0,
    detail: formatProblems.length ? formatProblems.join(' ') : describeFormat(parsed),
  });
  if (formatProblems.length) {
    hints.push({
      id: 'malformed-header',
      text: `The header must look like t=<Unix time>,v1=<64 hex characters> (pairs separated by commas). ${formatProblems.join(' ')}`,
    });
  }
  if (parsed.signatures.filter((s) => s !== '').length === 0) {
    checks.push({ name: 'v1 signature', ok: false, detail: parsed.signatures.length ? 'v1 is empty.' : 'There is no v1=<signature> pair.' });
    if (!formatProblems.length) {
      const others = parsed.ignoredKeys.length ? ` It only has ${parsed.ignoredKeys.map((k) => `${k}=`).join(', ')}, which are ignored.` : '';
      hints.push({ id: 'no-signature', text: `The header has no v1 signature.${others} Nextmv puts the HMAC-SHA256 in v1.` });
    }
  }
  if (t === undefined) return done('malformed-header');

  const expected = computeSignature(secret, t, body);
  const received = parsed.signatures;
  const matchIndex = findMatch(expected, received);
  const preview = previewSignedPayload(t, body);
  const base: Partial<VerifyResult> = {
    timestamp: t,
    receivedSignatures: received,
    expectedSignature: expected,
    signedPayloadPreview: preview.text,
    signedPayloadTruncated: preview.truncated,
  };
  if (received.some((s) => s !== '')) {
    checks.push({
      name: 'Signature',
      ok: matchIndex >= 0,
      detail:
        matchIndex >= 0
          ? `${received.length > 1 ? `v1 #${matchIndex + 1} of ${received.length}` : 'v1'} equals HMAC-SHA256(secret, "<t>.<body>").`
          : `${received.length > 1 ? `None of the ${received.length} v1 values matches` : 'v1 does not match'} the expected ${expected}.`,
    });
  }

  const fresh = tProblem ? undefined : checkFreshness(t, limits);
  if (fresh) {
    checks.push(fresh.check);
    base.timestampUnit = fresh.unit;
    base.ageSeconds = fresh.ageSeconds;
  }
  const reason: SignatureReason = formatProblems.length
    ? 'malformed-header'
    : received.every((s) => s === '')
      ? 'no-signature'
      : matchIndex < 0
        ? 'signature-mismatch'
        : (fresh?.failure ?? 'ok');

  if (reason === 'signature-mismatch') {
    const diagnosis = diagnoseMismatch({ secret, timestamp: t, body, received, expected, otherSecrets: validOtherSecrets(input.otherSecrets) });
    hints.push(...diagnosis.hints);
    if (diagnosis.matchedVariant) base.matchedVariant = diagnosis.matchedVariant;
  }
  if (fresh?.hint) hints.push(fresh.hint);
  if (fresh?.unit === 'milliseconds') {
    hints.push({
      id: 'timestamp-milliseconds',
      text: `t is in milliseconds (${t.length} digits). A handler that compares t with the time in seconds (as Nextmv's sample handler does) rejects this delivery as far in the future: divide t by 1000 when t ≥ 1e11 for the age check, and keep signing over t exactly as received.`,
    });
  }
  if (matchIndex >= 0) base.matchedSignatureIndex = matchIndex;
  return done(reason, base);
}

/** Constant-time comparison of the expected hex with every received v1; any match passes. */
function findMatch(expected: string, received: readonly string[]): number {
  const want = Buffer.from(expected, 'utf8');
  let found = -1;
  received.forEach((candidate, i) => {
    const got = Buffer.from(candidate, 'utf8');
    // Lengths differ only when v1 is not 64 characters; that leaks nothing about the expected value.
    if (got.length === want.length && timingSafeEqual(got, want) && found < 0) found = i;
  });
  return found;
}

interface Freshness {
  readonly check: VerifyCheck;
  readonly unit: TimestampUnit;
  readonly ageSeconds: number;
  readonly failure?: 'timestamp-too-old' | 'timestamp-in-future';
  readonly hint?: Hint;
}

function checkFreshness(t: string, w: TimeWindow): Freshness {
  const n = Number(t);
  const unit = inferTimestampUnit(n);
  const signedAtMs = unit === 'milliseconds' ? n : n * 1000;
  const ageSeconds = (w.now - signedAtMs) / 1000;
  const when = `t=${t} read as ${unit} (${t.length} digits): ${isoDate(signedAtMs)}, ${describeAge(ageSeconds)}`;
  const limits = `allowed: ${w.maxAge} s old, ${w.maxSkew} s ahead`;
  if (w.ignore) {
    return { unit, ageSeconds, check: { name: 'Timestamp', ok: true, detail: `${when}. Not checked: Ignore timestamp is on.` } };
  }
  if (ageSeconds > w.maxAge) {
    return {
      unit,
      ageSeconds,
      failure: 'timestamp-too-old',
      check: { name: 'Timestamp', ok: false, detail: `${when}: older than the maximum age (${limits}).` },
      hint: {
        id: 'timestamp-too-old',
        text: `The delivery was signed ${formatDuration(ageSeconds)} ago, more than the maximum age of ${w.maxAge} s. A delivery copied from the log is always old: tick Ignore timestamp to check only its signature. If fresh deliveries fail, check this machine's clock.`,
      },
    };
  }
  if (-ageSeconds > w.maxSkew) {
    return {
      unit,
      ageSeconds,
      failure: 'timestamp-in-future',
      check: { name: 'Timestamp', ok: false, detail: `${when}: further ahead than the maximum skew (${limits}).` },
      hint: {
        id: 'timestamp-in-future',
        text: `t is ${formatDuration(-ageSeconds)} ahead of this machine's clock, more than the maximum skew of ${w.maxSkew} s. Check the clocks (this machine's, and the signer's if you signed it yourself), or raise Max skew.`,
      },
    };
  }
  return { unit, ageSeconds, check: { name: 'Timestamp', ok: true, detail: `${when} (${limits}).` } };
}

function timestampProblem(t: string): string | undefined {
  if (t === '') return 't is empty.';
  if (!/^\d+$/.test(t)) return `t=${shorten(t, 40)} is not a whole number of seconds or milliseconds since 1970.`;
  if (!Number.isSafeInteger(Number(t))) return `t=${shorten(t, 40)} is too large to be a time.`;
  return undefined;
}

function describeFormat(p: ParsedSignatureHeader): string {
  const parts = [`t=${p.timestamp ?? ''}`, `${p.signatures.length} v1 value${p.signatures.length === 1 ? '' : 's'}`];
  if (p.ignoredKeys.length) parts.push(`ignored: ${p.ignoredKeys.join(', ')}`);
  return [parts.join(', ') + '.', ...p.notes].join(' ');
}

function validOtherSecrets(value: unknown): OtherSecret[] {
  if (!Array.isArray(value)) return [];
  return value.filter((o): o is OtherSecret => !!o && typeof (o as OtherSecret).name === 'string' && typeof (o as OtherSecret).secret === 'string');
}

/** "<t>.<body>" for display; a big body keeps its head and tail (strings are sliced, never copied whole). */
function previewSignedPayload(t: string, body: string | Uint8Array): { text: string; truncated: boolean } {
  const length = typeof body === 'string' ? body.length : body.byteLength;
  if (length <= PREVIEW_HEAD + PREVIEW_TAIL) return { text: `${t}.${decode(body, 0, length)}`, truncated: false };
  const omitted = length - PREVIEW_HEAD - PREVIEW_TAIL;
  const unit = typeof body === 'string' ? 'characters' : 'bytes';
  return {
    text: `${t}.${decode(body, 0, PREVIEW_HEAD)}\n… [${groupDigits(omitted)} ${unit} omitted] …\n${decode(body, length - PREVIEW_TAIL, length)}`,
    truncated: true,
  };
}

function decode(body: string | Uint8Array, start: number, end: number): string {
  if (typeof body === 'string') return body.slice(start, end);
  return Buffer.from(body.buffer, body.byteOffset + start, end - start).toString('utf8');
}

function finiteOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function nonNegativeOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

function isoDate(ms: number): string {
  return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : 'out of range';
}

function describeAge(ageSeconds: number): string {
  if (Math.abs(ageSeconds) < 1) return 'signed just now';
  return ageSeconds >= 0 ? `signed ${formatDuration(ageSeconds)} ago` : `${formatDuration(-ageSeconds)} in the future`;
}

export function formatDuration(seconds: number): string {
  const s = Math.abs(seconds);
  if (s < 120) return `${Math.round(s * 10) / 10} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172800) return `${Math.round(s / 3600)} h`;
  if (s < 3.1536e7 * 2) return `${Math.round(s / 86400)} days`;
  return `${groupDigits(Math.round(s / 3.1536e7))} years`;
}

/** 1234567 → "1,234,567"; toLocaleString would build an Intl formatter on every call (~0.1 ms). */
function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

