/**
 * Messages between the Validate Delivery webview and the extension host, both ways, with a runtime guard
 * for every message a side receives. Imported by the extension (Node) and by the webview (browser), so it
 * has no Node or DOM imports.
 *
 * Secrets: the webview may send a secret the person pasted; the host never sends a secret back. A verdict
 * carries the HMAC the host expected, never the key it used.
 */

import { arrayOf, hasShape, isBoolean, isFiniteNumber, isNonNegative, isRecord, isRequestId, isString, oneOf, optional, type Guard } from './guards';
import { DELIVERY_SOURCES, SIGNATURE_REASONS, TIMESTAMP_UNITS, type DeliverySource, type SignatureReason, type TimestampUnit } from './vocabulary';

export type { DeliverySource, SignatureReason, TimestampUnit } from './vocabulary';

export const VALIDATOR_VIEW_TYPE = 'nextmvWebhooks.validator';

// ---------------------------------------------------------------- shared shapes

export interface VerdictCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** The signature engine's result as the webview sees it (no secret in it). */
export interface SignatureVerdict {
  readonly valid: boolean;
  readonly reason: SignatureReason;
  readonly timestampUnit?: TimestampUnit;
  readonly checks: readonly VerdictCheck[];
  readonly hints: readonly string[];
  readonly hintIds: readonly string[];
  readonly timestamp?: string;
  readonly ageSeconds?: number;
  readonly receivedSignatures?: readonly string[];
  readonly matchedSignatureIndex?: number;
  readonly expectedSignature?: string;
  readonly signedPayloadPreview?: string;
  readonly signedPayloadTruncated?: boolean;
  readonly matchedVariant?: string;
}

/** What was read from the pasted text. */
export interface DeliverySummary {
  readonly source: DeliverySource;
  readonly notes: readonly string[];
  readonly signatureHeader?: string;
  readonly method?: string;
  readonly url?: string;
  readonly headerCount: number;
  readonly bodyBytes: number;
}

export interface Verdict {
  readonly delivery: { readonly ok: true; readonly summary: DeliverySummary } | { readonly ok: false; readonly error: string };
  /** which secret was used, in words ("the secret of webhook orders-prod"); never the secret itself */
  readonly secretLabel?: string;
  /** why no secret could be used (none chosen, fetching it failed) */
  readonly secretError?: string;
  /** absent when the delivery could not be read or there was no secret */
  readonly signature?: SignatureVerdict;
}

export type SecretChoice =
  | { readonly kind: 'webhook'; readonly webhookId: string }
  | { readonly kind: 'pasted'; readonly secret: string }
  | { readonly kind: 'none' };

export interface ValidateRequest {
  readonly delivery: string;
  readonly signatureHeader: string;
  readonly body: string;
  readonly secret: SecretChoice;
  readonly maxAgeSeconds: number;
  readonly maxSkewSeconds: number;
  readonly ignoreTimestamp: boolean;
}

/** Text to put into the form when the panel opens for a given delivery. */
export interface Prefill {
  readonly delivery?: string;
  readonly signatureHeader?: string;
  readonly body?: string;
}

// ---------------------------------------------------------------- webview → host

export interface ReadyMessage {
  readonly type: 'ready';
}
export interface ValidateMessage {
  readonly type: 'validate';
  readonly requestId: number;
  readonly request: ValidateRequest;
}
export interface ListWebhooksMessage {
  readonly type: 'listWebhooks';
  readonly requestId: number;
}
export type WebviewToHostMessage = ReadyMessage | ValidateMessage | ListWebhooksMessage;

// ---------------------------------------------------------------- host → webview

export interface InitMessage {
  readonly type: 'init';
  readonly webhookIds: readonly string[];
  readonly webhookListError?: string;
  readonly preselectWebhookId?: string;
  readonly prefill?: Prefill;
  readonly defaults: { readonly maxAgeSeconds: number; readonly maxSkewSeconds: number };
}
export interface PrefillMessage {
  readonly type: 'prefill';
  readonly preselectWebhookId?: string;
  readonly prefill?: Prefill;
}
export interface WebhooksMessage {
  readonly type: 'webhooks';
  readonly requestId: number;
  readonly webhookIds: readonly string[];
  readonly error?: string;
}
export interface VerdictMessage {
  readonly type: 'verdict';
  readonly requestId: number;
  readonly verdict: Verdict;
}
export type HostToWebviewMessage = InitMessage | PrefillMessage | WebhooksMessage | VerdictMessage;

// ---------------------------------------------------------------- guards

const isSecretChoice: Guard<SecretChoice> = (v): v is SecretChoice =>
  isRecord(v) &&
  ((v.kind === 'webhook' && isString(v.webhookId) && v.webhookId !== '') || (v.kind === 'pasted' && isString(v.secret)) || v.kind === 'none');

export const isValidateRequest: Guard<ValidateRequest> = (v): v is ValidateRequest =>
  hasShape(v, {
    delivery: isString,
    signatureHeader: isString,
    body: isString,
    secret: isSecretChoice,
    maxAgeSeconds: isNonNegative,
    maxSkewSeconds: isNonNegative,
    ignoreTimestamp: isBoolean,
  });

export function isReadyMessage(v: unknown): v is ReadyMessage {
  return isRecord(v) && v.type === 'ready';
}
export function isValidateMessage(v: unknown): v is ValidateMessage {
  return hasShape(v, { requestId: isRequestId, request: isValidateRequest }) && v.type === 'validate';
}
export function isListWebhooksMessage(v: unknown): v is ListWebhooksMessage {
  return hasShape(v, { requestId: isRequestId }) && v.type === 'listWebhooks';
}
export function isWebviewToHostMessage(v: unknown): v is WebviewToHostMessage {
  return isReadyMessage(v) || isValidateMessage(v) || isListWebhooksMessage(v);
}

const isPrefill: Guard<Prefill> = (v): v is Prefill =>
  hasShape(v, { delivery: optional(isString), signatureHeader: optional(isString), body: optional(isString) });

const isCheck: Guard<VerdictCheck> = (v): v is VerdictCheck => hasShape(v, { name: isString, ok: isBoolean, detail: isString });

export const isSignatureVerdict: Guard<SignatureVerdict> = (v): v is SignatureVerdict =>
  hasShape(v, {
    valid: isBoolean,
    reason: oneOf(SIGNATURE_REASONS),
    timestampUnit: optional(oneOf(TIMESTAMP_UNITS)),
    checks: arrayOf(isCheck),
    hints: arrayOf(isString),
    hintIds: arrayOf(isString),
    timestamp: optional(isString),
    ageSeconds: optional(isFiniteNumber),
    receivedSignatures: optional(arrayOf(isString)),
    matchedSignatureIndex: optional(isRequestId),
    expectedSignature: optional(isString),
    signedPayloadPreview: optional(isString),
    signedPayloadTruncated: optional(isBoolean),
    matchedVariant: optional(isString),
  });

const isDeliverySummary: Guard<DeliverySummary> = (v): v is DeliverySummary =>
  hasShape(v, {
    source: oneOf(DELIVERY_SOURCES),
    notes: arrayOf(isString),
    signatureHeader: optional(isString),
    method: optional(isString),
    url: optional(isString),
    headerCount: isNonNegative,
    bodyBytes: isNonNegative,
  });

export const isVerdict: Guard<Verdict> = (v): v is Verdict =>
  hasShape(v, { secretLabel: optional(isString), secretError: optional(isString), signature: optional(isSignatureVerdict) }) &&
  isRecord(v.delivery) &&
  ((v.delivery.ok === true && isDeliverySummary(v.delivery.summary)) || (v.delivery.ok === false && isString(v.delivery.error)));

export function isInitMessage(v: unknown): v is InitMessage {
  return (
    hasShape(v, {
      webhookIds: arrayOf(isString),
      webhookListError: optional(isString),
      preselectWebhookId: optional(isString),
      prefill: optional(isPrefill),
      defaults: (d): d is object => hasShape(d, { maxAgeSeconds: isNonNegative, maxSkewSeconds: isNonNegative }),
    }) && v.type === 'init'
  );
}
export function isPrefillMessage(v: unknown): v is PrefillMessage {
  return hasShape(v, { preselectWebhookId: optional(isString), prefill: optional(isPrefill) }) && v.type === 'prefill';
}
export function isWebhooksMessage(v: unknown): v is WebhooksMessage {
  return hasShape(v, { requestId: isRequestId, webhookIds: arrayOf(isString), error: optional(isString) }) && v.type === 'webhooks';
}
export function isVerdictMessage(v: unknown): v is VerdictMessage {
  return hasShape(v, { requestId: isRequestId, verdict: isVerdict }) && v.type === 'verdict';
}
export function isHostToWebviewMessage(v: unknown): v is HostToWebviewMessage {
  return isInitMessage(v) || isPrefillMessage(v) || isWebhooksMessage(v) || isVerdictMessage(v);
}
