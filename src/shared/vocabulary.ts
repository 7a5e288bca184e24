/**
 * Every closed list that the engine, the host and the webviews all name, declared once (`as const`) with
 * the type derived from it, and — where people read it — the one wording both webviews show.
 */

/** Why a signature is valid or not: the signature engine's verdict. */
export const SIGNATURE_REASONS = [
  'ok',
  'missing-header',
  'malformed-header',
  'no-signature',
  'signature-mismatch',
  'timestamp-too-old',
  'timestamp-in-future',
] as const;
export type SignatureReason = (typeof SIGNATURE_REASONS)[number];

/** The verdict's reason in words, after "Valid: " or "Invalid: " (inspector and validator alike). */
export const REASON_TEXT: Readonly<Record<SignatureReason, string>> = {
  ok: 'the signature matches',
  'missing-header': 'there is no Nextmv-Signature header',
  'malformed-header': 'the Nextmv-Signature header is malformed',
  'no-signature': 'the header has no v1 signature',
  'signature-mismatch': 'the signature does not match',
  'timestamp-too-old': 'the signature matches, but its timestamp is older than the maximum age',
  'timestamp-in-future': 'the signature matches, but its timestamp is further ahead than the maximum skew',
};

/** How t was read for the freshness check (the HMAC always uses t's exact text). */
export const TIMESTAMP_UNITS = ['seconds', 'milliseconds'] as const;
export type TimestampUnit = (typeof TIMESTAMP_UNITS)[number];

/** What a pasted delivery was read as. */
export const DELIVERY_SOURCES = ['raw-http', 'conversation-json', 'curl', 'separate-fields', 'body-only'] as const;
export type DeliverySource = (typeof DELIVERY_SOURCES)[number];

export const SOURCE_TEXT: Readonly<Record<DeliverySource, string>> = {
  'raw-http': 'a raw HTTP request',
  'conversation-json': 'a conversation JSON',
  curl: 'a curl command',
  'separate-fields': 'the Signature header and Body fields',
  'body-only': 'a body without headers',
};

/** How a delivery ended: the endpoint's answer by class, or no answer at all. */
export const OUTCOME_KINDS = ['success', 'clientError', 'serverError', 'timeout', 'error'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];
