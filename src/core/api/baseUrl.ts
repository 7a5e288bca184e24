import * as l10n from '@vscode/l10n';
/**
 * Checks and normalises the API's root URL, wherever it comes from: the `nextmvWebhooks.apiUrl` setting,
 * `NEXTMV_ENDPOINT`, an endpoint of the Nextmv CLI's profiles, or an account the user added.
 */
import { InvalidBaseUrlError } from './errors';

export const DEFAULT_BASE_URL = 'https://api.cloud.nextmv.io';

/**
 * What Nextmv's SDK and CLI do with `NEXTMV_ENDPOINT` and a profile's `endpoint`: a value without a scheme is
 * a bare host reached over HTTPS (`api.cloud.nextmv.io`, `localhost:8080` → `https://…`); one that names a
 * scheme is kept as is (http:// and https:// pass, anything else is refused by normalizeBaseUrl).
 */
export function normalizeEndpoint(raw: string): string {
  const value = raw.trim();
  return !value || /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
}

/**
 * `https://host[:port][/prefix]` with no trailing slash; a bare host gets https:// (normalizeEndpoint). A
 * trailing `/v1` is dropped (the client adds it), since pasting the versioned URL is the likeliest mistake.
 * Throws InvalidBaseUrlError; `fix` says where to correct the value (the setting, by default).
 */
export function normalizeBaseUrl(raw: string, fix?: string): string {
  const value = normalizeEndpoint(raw);
  if (!value) throw new InvalidBaseUrlError(raw, l10n.t('it is empty'), fix);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidBaseUrlError(raw, l10n.t('it is not a host name or an http:// or https:// URL'), fix);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidBaseUrlError(raw, l10n.t('"{0}" is not http: or https:', url.protocol), fix);
  if (!url.hostname) throw new InvalidBaseUrlError(raw, l10n.t('it has no host'), fix);
  // Credentials in the URL would end up in logs and error messages.
  if (url.username || url.password) throw new InvalidBaseUrlError(raw.replace(/\/\/[^@/]*@/, '//').replace(/^[^/:@]*(:[^@/]*)?@/, ''), l10n.t('it must not contain a user name or password'), fix);
  if (url.search || url.hash) throw new InvalidBaseUrlError(raw, l10n.t('it must not have a query (?…) or fragment (#…)'), fix);
  const path = url.pathname.replace(/\/+$/, '').replace(/\/v1$/i, '');
  return `${url.origin}${path}`;
}

/** For input validation: the problem with a candidate base URL, or undefined when it is usable. */
export function baseUrlProblem(raw: string, fix?: string): string | undefined {
  try {
    normalizeBaseUrl(raw, fix);
    return undefined;
  } catch (err) {
    return err instanceof InvalidBaseUrlError ? err.userMessage : String(err);
  }
}
