import * as l10n from '@vscode/l10n';
/**
 * Validation of the Create/Edit Webhook inputs, as you type. Returns a message for the input box, or
 * undefined when the value is fine. Severity 'warning' lets a value through with a caution.
 */
export interface FieldProblem {
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

export const WEBHOOK_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function webhookIdProblem(value: string, takenIds: ReadonlySet<string> = new Set()): FieldProblem | undefined {
  const id = value.trim();
  if (!id) return error(l10n.t('Enter an id for the webhook, e.g. orders-prod.'));
  if (id.length > 64) return error(l10n.t('An id has at most 64 characters (this one has {0}).', id.length));
  if (!WEBHOOK_ID_PATTERN.test(id)) {
    const bad = [...new Set(id.replace(/[A-Za-z0-9_-]/g, ''))].map((c) => (c === ' ' ? 'space' : `"${c}"`)).join(', ');
    return error(l10n.t('Use letters, digits, "-" and "_" only (not {0}).', bad));
  }
  if (takenIds.has(id)) return error(l10n.t('A webhook with id "{0}" already exists.', id));
  return undefined;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1', '0.0.0.0']);

export function endpointUrlProblem(value: string): FieldProblem | undefined {
  const text = value.trim();
  if (!text) return error(l10n.t('Enter the URL Nextmv should POST deliveries to, e.g. https://example.com/hooks/nextmv.'));
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return error(l10n.t('That is not an absolute URL: start with https:// (or http:// for a local endpoint).'));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return error(l10n.t('Only http and https URLs can receive webhooks (not {0}).', url.protocol));
  if (!url.hostname) return error(l10n.t('The URL needs a host name.'));
  if (url.username || url.password) return error(l10n.t('Do not put credentials in the URL: they would be stored in plain text.'));
  if (url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname) && !url.hostname.endsWith('.localhost')) {
    return { severity: 'warning', message: l10n.t('Plain http sends deliveries unencrypted: prefer https outside localhost.') };
  }
  return undefined;
}

export function descriptionProblem(value: string): FieldProblem | undefined {
  if (value.length > 1000) return error(l10n.t('A description has at most 1000 characters (this one has {0}).', value.length));
  return undefined;
}

function error(message: string): FieldProblem {
  return { message, severity: 'error' };
}
