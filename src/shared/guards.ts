/**
 * Runtime guards for messages that cross between the extension host and a webview: each side checks
 * everything it receives. Small combinators, so a message's guard reads like its type.
 */
export type Guard<T> = (v: unknown) => v is T;

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isString = (v: unknown): v is string => typeof v === 'string';
export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
export const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isNonNegative = (v: unknown): v is number => isFiniteNumber(v) && v >= 0;
/** a whole number ≥ 0: sizes, status codes, request ids */
export const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
/** the id a request carries and its answer echoes */
export const isRequestId: Guard<number> = isCount;

export const arrayOf =
  <T>(item: Guard<T>): Guard<T[]> =>
  (v: unknown): v is T[] =>
    Array.isArray(v) && v.every(item);

export const optional =
  <T>(guard: Guard<T>): Guard<T | undefined> =>
  (v: unknown): v is T | undefined =>
    v === undefined || guard(v);

/** one of a list declared `as const` */
export const oneOf =
  <T extends string>(list: readonly T[]): Guard<T> =>
  (v: unknown): v is T =>
    (list as readonly unknown[]).includes(v);

/** A record whose listed properties each pass their guard (others are not looked at). */
export function hasShape(v: unknown, shape: Record<string, Guard<unknown>>): v is Record<string, unknown> {
  return isRecord(v) && Object.entries(shape).every(([key, guard]) => guard(v[key]));
}
