// A signed delivery and a validate request for the validator's tests (session and protocol guards).
import type { ValidateRequest } from '../../../../src/shared/validatorProtocol';
import { signDelivery } from '../../../../src/core/validator/signature';

export const SECRETS: Record<string, string> = { 'orders-prod': 'whsec-orders-prod-0123456789', 'billing-dev': 'whsec-billing-dev-9876543210' };
export const BODY = '{"type":"run.status","data":{"run_id":"run-1","status_v2":"succeeded"}}';
export const NOW = 1_777_636_803_000;

/** What the validator form sends: the delivery pasted whole, signed with orders-prod's secret, that webhook chosen. */
export function request(over: Partial<ValidateRequest> = {}): ValidateRequest {
  const header = signDelivery({ body: BODY, secret: SECRETS['orders-prod'], timestamp: NOW / 1000 });
  return {
    delivery: `POST /hook HTTP/1.1\nNextmv-Signature: ${header}\n\n${BODY}`,
    signatureHeader: '',
    body: '',
    secret: { kind: 'webhook', webhookId: 'orders-prod' },
    maxAgeSeconds: 300,
    maxSkewSeconds: 60,
    ignoreTimestamp: false,
    ...over,
  };
}
