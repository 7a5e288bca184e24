/**
 * A fresh Nextmv-Signature for a recorded delivery: t is "now", in the unit (seconds or milliseconds) of the
 * header it replaces, so a handler that reads t the way it read the original accepts the replay.
 */
import { inferTimestampUnit, parseSignatureHeader, signDelivery } from './signature';
import type { TimestampUnit } from '../../shared/vocabulary';

/** The unit of t in a recorded Nextmv-Signature header; undefined when the header has no whole-number t. */
export function timestampUnitOfHeader(header: string | undefined): TimestampUnit | undefined {
  if (header === undefined) return undefined;
  const t = parseSignatureHeader(header).timestamp;
  return t !== undefined && /^\d+$/.test(t) ? inferTimestampUnit(Number(t)) : undefined;
}

/** t for the instant `nowMs`: whole seconds or whole milliseconds since the epoch. */
export function timestampAt(nowMs: number, unit: TimestampUnit): number {
  return unit === 'milliseconds' ? Math.floor(nowMs) : Math.floor(nowMs / 1000);
}

/** The header value signing `body` at `nowMs` with t in `unit`. */
export function freshSignature(o: { readonly body: string | Uint8Array; readonly secret: string; readonly nowMs: number; readonly unit: TimestampUnit }): string {
  return signDelivery({ body: o.body, secret: o.secret, timestamp: timestampAt(o.nowMs, o.unit) });
}
