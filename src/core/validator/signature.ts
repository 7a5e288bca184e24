import * as l10n from '@vscode/l10n';
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
import { formatNumber, plural } from '../../shared/intl';

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
    notes.push(l10n.t('The pasted "Nextmv-Signature:" name was removed; only its value is parsed.'));
  }
  const quoted = /^(["'])(.*)\1$/s.exec(text);
  if (quoted) {
    text = quoted[2].trim();
    notes.push(l10n.t('The quotes around the header value were removed.'));
  }
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) {
      problems.push(l10n.t('"{0}" is not a key=value pair.', shorten(part, 40)));
      continue;
    }
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (key === 't') timestamps.push(value);
    else if (key === 'v1') signatures.push(value);
    else ignoredKeys.push(part.slice(0, eq).trim());
  }
  if (timestamps.length === 0) problems.push(l10n.t('There is no t=<timestamp> pair.'));
  if (new Set(timestamps).size > 1) problems.push(l10n.t('There are {0} different t values.', timestamps.length));
  if (/;/.test(text) && !text.includes(',')) problems.push(l10n.t('Pairs are separated by ";"; Nextmv separates them with ",".'));
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
      checks: [{ name: l10n.t('Verification'), ok: false, detail: l10n.t('Could not verify: {0}', message) }],
      hints: [l10n.t('The verifier failed unexpectedly; please report it with the header (not the secret).')],
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
    checks.push({ name: l10n.t('Header present'), ok: false, detail: l10n.t('No Nextmv-Signature header was given.') });
    hints.push({
      id: 'missing-header',
      text: l10n.t('There is no Nextmv-Signature header: paste the whole request with its headers or a conversation JSON, or fill in the Signature header field. If your handler sees none, check the header name your framework exposes (many lowercase it: nextmv-signature) and that no proxy drops it.'),
    });
    return done('missing-header');
  }
  checks.push({ name: l10n.t('Header present'), ok: true, detail: l10n.t('Nextmv-Signature: {0}', shorten(header.trim(), 160)) });

  const parsed = parseSignatureHeader(header);
  const t = parsed.timestamp;
  const tProblem = t === undefined ? undefined : timestampProblem(t);
  const formatProblems = tProblem ? [...parsed.problems, tProblem] : parsed.problems;
  checks.push({
    name: l10n.t('Header format'),
    ok: formatProblems.length === 0,
    detail: formatProblems.length ? formatProblems.join(' ') : describeFormat(parsed),
  });
  if (formatProblems.length) {
    hints.push({
      id: 'malformed-header',
      text: l10n.t('The header must look like t=<Unix time>,v1=<64 hex characters> (pairs separated by commas). {0}', formatProblems.join(' ')),
    });
  }
  if (parsed.signatures.filter((s) => s !== '').length === 0) {
    checks.push({ name: l10n.t('v1 signature'), ok: false, detail: parsed.signatures.length ? l10n.t('v1 is empty.') : l10n.t('There is no v1=<signature> pair.') });
    if (!formatProblems.length) {
      const others = parsed.ignoredKeys.length ? l10n.t(' It only has {0}, which are ignored.', parsed.ignoredKeys.map((k) => `${k}=`).join(', ')) : '';
      hints.push({ id: 'no-signature', text: l10n.t('The header has no v1 signature.{0} Nextmv puts the HMAC-SHA256 in v1.', others) });
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
      name: l10n.t('Signature'),
      ok: matchIndex >= 0,
      detail:
        matchIndex >= 0
          ? l10n.t('{0} equals HMAC-SHA256(secret, "<t>.<body>").', received.length > 1 ? l10n.t('v1 #{0} of {1}', matchIndex + 1, received.length) : 'v1')
          : l10n.t('{0} the expected {1}.', received.length > 1 ? l10n.t('None of the {0} v1 values matches', received.length) : l10n.t('v1 does not match'), expected),
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
      text: l10n.t('t is in milliseconds ({0} digits). A handler that compares t with the time in seconds (as Nextmv\'s sample handler does) rejects this delivery as far in the future: divide t by 1000 when t ≥ 1e11 for the age check, and keep signing over t exactly as received.', t.length),
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
  const when = l10n.t('t={0} read as {1} ({2} digits): {3}, {4}', t, unit, t.length, isoDate(signedAtMs), describeAge(ageSeconds));
  const limits = l10n.t('allowed: {0} s old, {1} s ahead', w.maxAge, w.maxSkew);
  if (w.ignore) {
    return { unit, ageSeconds, check: { name: l10n.t('Timestamp'), ok: true, detail: l10n.t('{0}. Not checked: Ignore timestamp is on.', when) } };
  }
  if (ageSeconds > w.maxAge) {
    return {
      unit,
      ageSeconds,
      failure: 'timestamp-too-old',
      check: { name: l10n.t('Timestamp'), ok: false, detail: l10n.t('{0}: older than the maximum age ({1}).', when, limits) },
      hint: {
        id: 'timestamp-too-old',
        text: l10n.t('The delivery was signed {0} ago, more than the maximum age of {1} s. A delivery copied from the log is always old: tick Ignore timestamp to check only its signature. If fresh deliveries fail, check this machine\'s clock.', formatDuration(ageSeconds), w.maxAge),
      },
    };
  }
  if (-ageSeconds > w.maxSkew) {
    return {
      unit,
      ageSeconds,
      failure: 'timestamp-in-future',
      check: { name: l10n.t('Timestamp'), ok: false, detail: l10n.t('{0}: further ahead than the maximum skew ({1}).', when, limits) },
      hint: {
        id: 'timestamp-in-future',
        text: l10n.t('t is {0} ahead of this machine\'s clock, more than the maximum skew of {1} s. Check the clocks (this machine\'s, and the signer\'s if you signed it yourself), or raise Max skew.', formatDuration(-ageSeconds), w.maxSkew),
      },
    };
  }
  return { unit, ageSeconds, check: { name: l10n.t('Timestamp'), ok: true, detail: `${when} (${limits}).` } };
}

function timestampProblem(t: string): string | undefined {
  if (t === '') return l10n.t('t is empty.');
  if (!/^\d+$/.test(t)) return l10n.t('t={0} is not a whole number of seconds or milliseconds since 1970.', shorten(t, 40));
  if (!Number.isSafeInteger(Number(t))) return l10n.t('t={0} is too large to be a time.', shorten(t, 40));
  return undefined;
}

function describeFormat(p: ParsedSignatureHeader): string {
  const parts = [`t=${p.timestamp ?? ''}`, plural(p.signatures.length, l10n.t('one={0} v1 value|other={0} v1 values', p.signatures.length))];
  if (p.ignoredKeys.length) parts.push(l10n.t('ignored: {0}', p.ignoredKeys.join(', ')));
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
    text: l10n.t('{0}.{1}\n… [{2} {3} omitted] …\n{4}', t, decode(body, 0, PREVIEW_HEAD), formatNumber(omitted), unit, decode(body, length - PREVIEW_TAIL, length)),
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
  return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : l10n.t('out of range');
}

function describeAge(ageSeconds: number): string {
  if (Math.abs(ageSeconds) < 1) return l10n.t('signed just now');
  return ageSeconds >= 0 ? l10n.t('signed {0} ago', formatDuration(ageSeconds)) : l10n.t('{0} in the future', formatDuration(-ageSeconds));
}

/**
 * "1.5 s", "3 min", "2 days": the age of a signature, shown beside the raw t=… it was read from. Written
 * out: Intl has no duration format in Node 20 (Intl.DurationFormat); the words go through t().
 */
export function formatDuration(seconds: number): string {
  const s = Math.abs(seconds);
  if (s < 120) return `${Math.round(s * 10) / 10} s`;
  if (s < 7200) return l10n.t('{0} min', Math.round(s / 60));
  if (s < 172800) return `${Math.round(s / 3600)} h`;
  const days = Math.round(s / 86400);
  if (s < 3.1536e7 * 2) return plural(days, l10n.t('one={0} day|other={0} days', days));
  const years = Math.round(s / 3.1536e7);
  return plural(years, l10n.t('one={0} year|other={0} years', formatNumber(years)));
}

