import * as l10n from '@vscode/l10n';
/**
 * Where Send Again and Sign & Send may send: an absolute http(s) URL, nothing else. Loopback targets (this
 * machine) are the everyday case — a handler under development; any other host is a real service, and a
 * signed delivery sent there is acted on, so the caller asks once before the first send to it.
 */

/** The handler a template serves by default: `New Webhook Handler…` → run it → send here. */
export const LOCAL_HANDLER_SUGGESTION = 'http://localhost:8000/webhookhandler';

export type TargetCheck =
  | {
      readonly ok: true;
      /** the URL as it will be requested (normalised by the URL parser: lower-case host, default port dropped) */
      readonly url: string;
      /** "localhost:8000" */
      readonly host: string;
      /** the host is this machine: localhost, 127.0.0.0/8 or ::1 */
      readonly loopback: boolean;
    }
  | { readonly ok: false; readonly problem: string };

const EXAMPLE = LOCAL_HANDLER_SUGGESTION;

/** Whether `text` can be sent to, and if so the normalised URL; the problem in one sentence when not. */
export function checkTarget(text: string): TargetCheck {
  const typed = text.trim();
  if (typed === '') return { ok: false, problem: l10n.t('Type the URL to send to, e.g. {0}.', EXAMPLE) };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(typed)?.[1];
  if (!scheme || !/^[a-z][a-z0-9+.-]*:\/\//i.test(typed)) {
    // "localhost:8000/hook" parses as the scheme "localhost:": say what is missing instead
    return { ok: false, problem: l10n.t('Start the URL with http:// or https://, e.g. {0}.', EXAMPLE) };
  }
  if (!/^https?$/i.test(scheme)) return { ok: false, problem: l10n.t('Only http:// and https:// URLs can be sent to; "{0}:" is not HTTP.', scheme.toLowerCase()) };
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    return { ok: false, problem: l10n.t('"{0}" is not a valid URL.', typed) };
  }
  if (!url.hostname) return { ok: false, problem: l10n.t('"{0}" names no host.', typed) };
  if (url.username || url.password) return { ok: false, problem: l10n.t('Remove the user name and password from the URL: they would be sent along to the handler.') };
  url.hash = '';
  return { ok: true, url: url.href, host: url.host, loopback: isLoopbackHost(url.hostname) };
}

/**
 * Whether a URL's hostname (as the URL parser gives it: IPv6 in brackets, IPv4 normalised) is this machine.
 * 0.0.0.0 is not counted: it is a bind address, and a request to it is unusual enough to ask about.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  if (host === '[::1]') return true;
  // IPv4-mapped IPv6 (::ffff:127.0.0.1), which the URL parser writes in hex: [::ffff:7f00:1]
  const mapped = /^\[::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}\]$/.exec(host);
  return !!mapped && parseInt(mapped[1], 16) >> 8 === 127;
}
