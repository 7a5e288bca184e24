import * as l10n from '@vscode/l10n';
/**
 * Turns what people paste into a delivery to verify: a raw HTTP request (CRLF or LF-only), a conversation
 * JSON as the API returns it, a curl command, headers and body pasted apart, or just a body. The body is
 * kept byte for byte (line endings included), because the signature covers exactly those bytes.
 * Never throws: whatever cannot be read becomes `{ ok: false, error }` with a message for a person.
 */

import { SIGNATURE_HEADER } from '../../shared/headers';
import { shorten } from '../../shared/text';
import { headerLine, type HeaderPair, isSignatureName, PasteError, type ParsedDelivery, type PastedDelivery } from './paste/common';
import { parseConversationJson } from './paste/conversationJson';
import { parseCurl } from './paste/curl';
import { looksLikeHeaderBlock, parseRawHttp, REQUEST_LINE } from './paste/rawHttp';

export type { DeliverySource } from '../../shared/vocabulary';
export { headerLine, type HeaderPair, type ParsedDelivery, type PastedDelivery } from './paste/common';

export type ParseDeliveryResult = { ok: true; delivery: ParsedDelivery } | { ok: false; error: string };

export function parseDelivery(input: PastedDelivery): ParseDeliveryResult {
  try {
    return { ok: true, delivery: parseOrThrow(input ?? {}) };
  } catch (err) {
    if (err instanceof PasteError) return { ok: false, error: err.message };
    return { ok: false, error: l10n.t('Could not read the delivery: {0}', err instanceof Error ? err.message : String(err)) };
  }
}

function parseOrThrow(input: PastedDelivery): ParsedDelivery {
  const text = typeof input.delivery === 'string' ? input.delivery : '';
  const bodyField = typeof input.body === 'string' && input.body !== '' ? input.body : undefined;
  const headerField = typeof input.signatureHeader === 'string' && input.signatureHeader.trim() !== '' ? input.signatureHeader : undefined;

  if (text.trim() === '') {
    if (bodyField === undefined && headerField === undefined) {
      throw new PasteError(l10n.t('Paste a delivery (a raw HTTP request, a conversation JSON or just the body), or fill in the Body field.'));
    }
    const field = headerField === undefined ? undefined : readSignatureField(headerField);
    const signatureHeader = field?.value;
    const notes = field?.notes ?? [];
    if (bodyField === undefined) notes.push(l10n.t('The Body field is empty: the signature is checked over an empty body.'));
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
      delivery.notes.push(l10n.t('The Body field is used instead of the body found in Delivery.'));
    }
    delivery.body = bodyField;
  }
  if (headerField !== undefined) {
    const { value, notes } = readSignatureField(headerField);
    delivery.notes.push(...notes);
    if (delivery.signatureHeader !== undefined && delivery.signatureHeader !== value) {
      delivery.notes.push(l10n.t('The Signature header field is used instead of the Nextmv-Signature found in Delivery.'));
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
    return { value: other[1], notes: [l10n.t('The Signature header field names "{0}"; its value was used, but Nextmv\'s header is {1}.', other[0], SIGNATURE_HEADER)] };
  }
  throw new PasteError(l10n.t('The Signature header field has {0} lines but none is "{1}: …". Paste only the header value, t=…,v1=….', lines.length, SIGNATURE_HEADER));
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
    throw new PasteError(l10n.t('This is an HTTP response ("{0}"): paste the request that was sent to your endpoint.', shorten(firstLine.trim(), 40)));
  }
  const request = REQUEST_LINE.exec(firstLine.trim());
  if (request) return parseRawHttp(text, start, { method: request[1].toUpperCase(), url: request[2] });
  if (looksLikeHeaderBlock(text.slice(start))) return parseRawHttp(text, start, undefined);
  return { headers: [], body: text, source: 'body-only', notes: [] };
}
