import * as l10n from '@vscode/l10n';
/**
 * The request Send Again and Sign & Send make: the body exactly as given (the recorded text, or the editor's
 * text — never parsed or re-serialised), the recorded headers that still make sense, and a fresh
 * Nextmv-Signature over those very bytes with t = now in the chosen unit.
 */
import type { ConversationRequest } from '../api/types';
import { freshSignature, timestampUnitOfHeader } from '../validator/resign';
import { SIGNATURE_HEADER, headerValue } from '../../shared/headers';
import type { TimestampUnit } from '../../shared/vocabulary';

/**
 * Headers the HTTP client computes from what it actually sends (a stale copy would contradict the new
 * body or target) or that belong to one hop of the original connection; undici refuses several of them.
 */
const NOT_FORWARDED = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'te',
  'trailer',
  'upgrade',
  'expect',
]);

/** RFC 9110 token characters: anything else cannot be a header name. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export interface OutgoingRequest {
  readonly method: 'POST';
  readonly url: string;
  /** in the recorded order and case; Nextmv-Signature replaced where it was */
  readonly headers: Readonly<Record<string, string>>;
  /** sent as its UTF-8 bytes, exactly */
  readonly body: string;
  /** the new Nextmv-Signature value */
  readonly signature: string;
  readonly unit: TimestampUnit;
  /** recorded headers left out, and why, for the attempt's notes */
  readonly notes: readonly string[];
}

export interface OutgoingRequestInput {
  readonly url: string;
  readonly body: string;
  readonly secret: string;
  readonly nowMs: number;
  readonly unit: TimestampUnit;
  /** the delivery's recorded request, whose headers are sent again; none for a body from elsewhere */
  readonly recorded?: ConversationRequest;
}

/** The unit of t to sign with by default: the recorded delivery's, else seconds (as Nextmv's own handler reads t). */
export function defaultTimestampUnit(recorded: ConversationRequest | undefined): TimestampUnit {
  return timestampUnitOfHeader(headerValue(recorded?.headers, SIGNATURE_HEADER)) ?? 'seconds';
}

export function buildOutgoingRequest(o: OutgoingRequestInput): OutgoingRequest {
  const notes: string[] = [];
  const headers: Record<string, string> = {};
  let signatureName = SIGNATURE_HEADER;
  for (const [name, value] of Object.entries(o.recorded?.headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === SIGNATURE_HEADER.toLowerCase()) {
      signatureName = name;
      headers[name] = ''; // keeps its place; filled below
    } else if (NOT_FORWARDED.has(lower)) {
      continue;
    } else if (!HEADER_NAME.test(name) || /[\r\n\0]/.test(value)) {
      notes.push(l10n.t('The recorded header "{0}" cannot be sent as it is and was left out.', name.replace(/[\r\n\0]/g, ' ')));
    } else {
      headers[name] = value;
    }
  }
  if (headerValue(headers, 'content-type') === undefined) headers['Content-Type'] = 'application/json';
  const signature = freshSignature({ body: o.body, secret: o.secret, nowMs: o.nowMs, unit: o.unit });
  headers[signatureName] = signature;
  return { method: 'POST', url: o.url, headers, body: o.body, signature, unit: o.unit, notes };
}

export interface BodyComparison {
  /** the bytes sent differ from the recorded ones */
  readonly edited: boolean;
  /** for a person: what was sent, compared with the recording */
  readonly note: string;
}

/**
 * What the sent body is, next to the recorded one: the same bytes; the same text with other line endings
 * (an editor may have converted them); or an edited body. Without a recording: a body from elsewhere.
 */
export function compareWithRecorded(recorded: string | undefined, sent: string): BodyComparison {
  if (recorded === undefined) return { edited: true, note: l10n.t('A body from an editor, not from a recorded delivery.') };
  if (sent === recorded) return { edited: false, note: l10n.t('The recorded body, byte for byte.') };
  const lf = (text: string) => text.replace(/\r\n/g, '\n');
  if (lf(sent) === lf(recorded)) {
    return {
      edited: true,
      note: l10n.t('The recorded text with other line endings ({0} in the editor, {1} recorded): signed and sent as it is in the editor.', eolOf(sent), eolOf(recorded)),
    };
  }
  return { edited: true, note: l10n.t('An edited body: signed and sent exactly as it is in the editor.') };
}

function eolOf(text: string): string {
  const crlf = text.includes('\r\n');
  const lf = /(^|[^\r])\n/.test(text);
  return crlf && lf ? 'mixed' : crlf ? 'CRLF' : lf ? 'LF' : l10n.t('no line breaks');
}
