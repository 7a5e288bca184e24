/** Checks and normalises the API's root URL (the `nextmvWebhooks.apiUrl` setting). */
import { InvalidBaseUrlError } from './errors';

export const DEFAULT_BASE_URL = 'https://api.cloud.nextmv.io';

/**
 * `https://host[:port][/prefix]` with no trailing slash. A trailing `/v1` is dropped (the client adds it),
 * since pasting the versioned URL is the likeliest mistake. Throws InvalidBaseUrlError.
 */
export function normalizeBaseUrl(raw: string): string {
  const value = raw.trim();
  if (!value) throw new InvalidBaseUrlError(raw, 'it is empty');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidBaseUrlError(raw, 'it is not an absolute URL (it needs http:// or https:// and a host)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidBaseUrlError(raw, `"${url.protocol}" is not http: or https:`);
  if (!url.hostname) throw new InvalidBaseUrlError(raw, 'it has no host');
  // Credentials in the URL would end up in logs and error messages.
  if (url.username || url.password) throw new InvalidBaseUrlError(raw.replace(/\/\/[^@/]*@/, '//'), 'it must not contain a user name or password');
  if (url.search || url.hash) throw new InvalidBaseUrlError(raw, 'it must not have a query (?…) or fragment (#…)');
  const path = url.pathname.replace(/\/+$/, '').replace(/\/v1$/i, '');
  return `${url.origin}${path}`;
}

/** For input validation: the problem with a candidate base URL, or undefined when it is usable. */
export function baseUrlProblem(raw: string): string | undefined {
  try {
    normalizeBaseUrl(raw);
    return undefined;
  } catch (err) {
    return err instanceof InvalidBaseUrlError ? err.userMessage : String(err);
  }
}
