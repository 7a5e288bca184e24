import * as l10n from '@vscode/l10n';
/**
 * Checks the shape of a pasted API key before anything is sent. Nextmv does not document a key format,
 * so this only rejects what can never be a bearer token.
 * Returns a message for the input box, or undefined when the text is acceptable.
 */
export function apiKeyFormatProblem(value: string): string | undefined {
  const key = value.trim();
  if (key.length === 0) return l10n.t('Enter your Nextmv API key.');
  if (/^bearer\s/i.test(key)) return l10n.t('Paste the key alone, without the "Bearer " prefix.');
  if (/\s/.test(key)) return l10n.t('An API key has no spaces or line breaks inside it.');
  if (/[^\x21-\x7e]/.test(key)) return l10n.t('An API key has only printable ASCII characters.');
  if (key.length < 8) return l10n.t('That is too short to be a Nextmv API key.');
  if (key.length > 4096) return l10n.t('That is too long to be a Nextmv API key.');
  return undefined;
}
