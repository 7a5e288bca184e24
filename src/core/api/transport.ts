/**
 * The transport contract the client talks through — an interface small enough to fake — and its
 * options: timeouts, retries, the response size limit. Types and defaults only, so the transports and
 * their helpers (deadline, retry, body reader) share them without importing one another.
 */

export interface RetryOptions {
  /** retries after the first attempt */
  readonly maxRetries: number;
  /** the first backoff; doubles every retry */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** a Retry-After longer than this is not waited for: the 429 goes to the caller instead */
  readonly maxRetryAfterMs: number;
  /** 0 ≤ x < 1; replaceable for tests */
  readonly random: () => number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface HttpRequest {
  readonly method: HttpMethod;
  readonly url: string;
  /** names in any case; `authorization` is never logged */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  /** lower-case names; repeated headers joined with ", " */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Sends one request and returns whatever status came back. Throws only typed ApiErrors for what is not a
 * response: network failure, timeout, cancellation, an oversized body.
 */
export interface Transport {
  request(req: HttpRequest): Promise<HttpResponse>;
  close?(): Promise<void>;
}

export interface Timeouts {
  /** TCP + TLS connect */
  readonly connectMs: number;
  /** from sending the request to the end of the response headers */
  readonly headersMs: number;
  /** the longest pause between two chunks of the body */
  readonly bodyMs: number;
  /** the whole request, connecting to the last byte of the body: a server that keeps dripping never pauses for bodyMs */
  readonly totalMs: number;
}
export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, headersMs: 30_000, bodyMs: 60_000, totalMs: 90_000 };

/** Timeouts from the given ones and the defaults; without a total, one that leaves room for a longer headersMs. */
export function resolveTimeouts(timeouts: Partial<Timeouts> = {}): Timeouts {
  const merged = { ...DEFAULT_TIMEOUTS, ...timeouts };
  return { ...merged, totalMs: timeouts.totalMs ?? Math.max(DEFAULT_TIMEOUTS.totalMs, 3 * merged.headersMs) };
}

export const DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024;

export interface TransportOptions {
  readonly timeouts?: Partial<Timeouts>;
  readonly retry?: Partial<RetryOptions>;
  /** bodies larger than this fail with InvalidResponseError("… larger than …") without being kept */
  readonly maxResponseBytes?: number;
  /** one line per request, retry and failure; credentials already redacted */
  readonly log?: (line: string) => void;
}

