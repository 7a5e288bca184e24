/**
 * Every closed list that the engine, the host and the webviews all name, declared once (`as const`) with
 * the type derived from it (the wording both webviews show is in src/webview-ui/words.ts).
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

/** How t was read for the freshness check (the HMAC always uses t's exact text). */
export const TIMESTAMP_UNITS = ['seconds', 'milliseconds'] as const;
export type TimestampUnit = (typeof TIMESTAMP_UNITS)[number];

/** What a pasted delivery was read as. */
export const DELIVERY_SOURCES = ['raw-http', 'conversation-json', 'curl', 'separate-fields', 'body-only'] as const;
export type DeliverySource = (typeof DELIVERY_SOURCES)[number];

/** How a delivery ended: the endpoint's answer by class, or no answer at all. */
export const OUTCOME_KINDS = ['success', 'clientError', 'serverError', 'timeout', 'error'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];
