import * as l10n from '@vscode/l10n';
/** The text to show a person for any thrown value (typed API errors carry their own userMessage). */
export function userMessageOf(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { userMessage?: unknown; message?: unknown };
    if (typeof e.userMessage === 'string' && e.userMessage) return e.userMessage;
    if (typeof e.message === 'string' && e.message) return e.message;
  }
  if (typeof err === 'string' && err) return err;
  return l10n.t('Something went wrong. See Nextmv Webhooks: Show Logs for details.');
}
