import * as l10n from '@vscode/l10n';
/** Accounts in words: the view's description and the quick picks. */
import { DEFAULT_BASE_URL } from '../api/baseUrl';
import { DEFAULT_ACCOUNT_ID, type Account, type AccountSource } from './accounts';

export type KeySource = 'storage' | 'environment' | 'cliProfile';

/** Where an account's key comes from, in words for the view's description and quick picks. */
export function keySourceWords(source: AccountSource['kind'] | KeySource): string {
  switch (source) {
    case 'cliProfile':
      return l10n.t('Nextmv CLI profile');
    case 'environment':
      return 'NEXTMV_API_KEY';
    default:
      return l10n.t('secret storage');
  }
}

/**
 * The view's description: the account's name (once there is more than the default one, or another is
 * active), the API's host unless it is Nextmv Cloud's, and where the key comes from.
 */
export function viewDescription(o: { account: Account; accountCount: number; host: string | undefined; keySource: KeySource }): string {
  const parts: string[] = [];
  if (o.accountCount > 1 || o.account.id !== DEFAULT_ACCOUNT_ID) parts.push(o.account.name);
  if (o.host && o.host !== new URL(DEFAULT_BASE_URL).host) parts.push(o.host);
  parts.push(l10n.t('key: {0}', keySourceWords(o.keySource)));
  return parts.join(' · ');
}
