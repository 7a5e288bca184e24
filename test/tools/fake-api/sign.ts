/**
 * Nextmv-Signature for the fake and its receiver, with node:crypto only:
 * `t=<t>,v1=<lowercase hex HMAC-SHA256(key = utf8(secret), msg = t + "." + raw body)>`.
 */
import { createHmac } from 'node:crypto';
import type { SignatureUnit } from './types';

export function signatureTimestamp(nowMs: number, unit: SignatureUnit): string {
  return String(unit === 'milliseconds' ? Math.floor(nowMs) : Math.floor(nowMs / 1000));
}

export function hmacHex(secret: string, t: string, body: string | Buffer): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${t}.`).update(body).digest('hex');
}

export function signatureHeader(secret: string, body: string, nowMs: number, unit: SignatureUnit): string {
  const t = signatureTimestamp(nowMs, unit);
  return `t=${t},v1=${hmacHex(secret, t, body)}`;
}
