import * as vscode from 'vscode';
import { StateKeys } from '../constants';
import type { Services } from '../services';
import { apiKeyFormatProblem } from '../core/forms/apiKeyFormat';
import { isApiError } from '../core/api/errors';
import { userMessageOf } from '../core/userMessage';
import { DEFAULT_ACCOUNT, DEFAULT_ACCOUNT_ID, type Account } from '../core/accounts/accounts';
import { withSource } from '../core/accounts/accountEdits';
import { CLI_CONFIG_DISPLAY_PATH } from '../core/accounts/cliConfigError';

const KEYRING_HELP = 'https://code.visualstudio.com/docs/configure/settings-sync#_troubleshooting-keychain-issues';

/**
 * Sets the active account's key: asks for it (masked), checks it with one real call, and stores it only if
 * Nextmv accepts it. An account whose key is read from elsewhere (a Nextmv CLI profile, NEXTMV_API_KEY) is
 * offered to keep a key in secret storage instead — only when the user says so.
 */
export async function setApiKey(s: Services): Promise<boolean> {
  const account = s.accounts.active;
  if (account.source.kind === 'cliProfile' || account.source.kind === 'environment') return storeKeyInstead(s, account);
  const key = await promptAndCheckKey(s, { title: account.id === DEFAULT_ACCOUNT_ID ? vscode.l10n.t('Nextmv Webhooks: Set API Key') : vscode.l10n.t('Nextmv Webhooks: Set API Key — {0}', account.name) });
  if (key === undefined) return false;
  await s.keys.store(key);
  if (account.id === DEFAULT_ACCOUNT_ID) await s.context.globalState.update(StateKeys.hadStoredKey, true);
  s.log.info(`API key of account "${account.name}" saved to secret storage.`);
  s.model.invalidate();
  void vscode.window.showInformationMessage(vscode.l10n.t('Nextmv API key saved.'));
  return true;
}

/**
 * Asks for a key and checks it against `apiUrl` (default: the active account's root). Resolves to the key
 * to store, or undefined when the user cancelled or the key was refused (already said so).
 */
export async function promptAndCheckKey(s: Services, o: { title: string; apiUrl?: string }): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({
    title: o.title,
    prompt: vscode.l10n.t('Your Nextmv Cloud API key (Nextmv console → Team settings → API keys). It is kept in VS Code secret storage.'),
    password: true,
    ignoreFocusOut: true,
    placeHolder: vscode.l10n.t('Paste your API key'),
    validateInput: (v) => apiKeyFormatProblem(v),
  });
  if (value === undefined) return undefined; // cancelled
  const key = value.trim();
  const problem = apiKeyFormatProblem(key);
  if (problem) {
    void vscode.window.showErrorMessage(vscode.l10n.t('API key not saved: {0}', problem));
    return undefined;
  }
  s.log.addSecret(key);
  const apiUrl = o.apiUrl ?? s.connection.apiUrl;
  const check = await checkKey(s, key, apiUrl);
  if (check === 'rejected') return undefined;
  if (check !== 'ok') {
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Could not check the API key with {0}: {1}', apiUrl, check),
      { modal: true, detail: vscode.l10n.t('Save it anyway and use it once Nextmv can be reached?') },
      vscode.l10n.t('Save Anyway'),
    );
    if (choice !== vscode.l10n.t('Save Anyway')) return undefined;
  }
  return key;
}

/** 'ok', 'rejected' (already reported), or why the key could not be checked. */
async function checkKey(s: Services, key: string, apiUrl: string): Promise<'ok' | 'rejected' | string> {
  const probe = s.connection.clientWithKey(key, apiUrl);
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the API key with Nextmv…') }, () =>
      probe.client.listWebhooksPage(undefined, 1),
    );
    return 'ok';
  } catch (err) {
    if (isApiError(err) && err.kind === 'unauthorized') {
      s.log.warn(`API key rejected by ${apiUrl} (${err.status ?? 'unauthorized'})`);
      void vscode.window.showErrorMessage(vscode.l10n.t('Nextmv rejected this API key ({0}). It was not saved: check that you copied the whole key, for the right team.', err.status ?? 401));
      return 'rejected';
    }
    if (isApiError(err) && err.kind === 'invalidBaseUrl') {
      void vscode.window.showErrorMessage(vscode.l10n.t('API key not saved: {0}', err.userMessage));
      return 'rejected';
    }
    s.log.warn(`Could not check the API key: ${userMessageOf(err)}`);
    return userMessageOf(err);
  } finally {
    probe.dispose();
  }
}

/** Where an account that keeps no key in VS Code reads it from, in words. */
function keyHome(account: Account): string {
  return account.source.kind === 'cliProfile'
    ? vscode.l10n.t('the Nextmv CLI profile "{0}" in {1}, which this extension never changes', account.source.profile ?? 'default', CLI_CONFIG_DISPLAY_PATH)
    : vscode.l10n.t('the NEXTMV_API_KEY environment variable');
}

/** A Nextmv CLI or NEXTMV_API_KEY account gets a key of its own in secret storage, if the user asks for it. */
async function storeKeyInstead(s: Services, account: Account): Promise<boolean> {
  const copy = vscode.l10n.t('Copy Key From Profile');
  const enter = vscode.l10n.t('Enter a Key');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('The account "{0}" reads its API key from {1}.', account.name, keyHome(account)),
    { modal: true, detail: vscode.l10n.t('Keep a key for this account in VS Code\'s secret storage instead? It keeps its API root.') },
    ...(account.source.kind === 'cliProfile' ? [copy, enter] : [enter]),
  );
  if (choice !== copy && choice !== enter) return false;
  const apiUrl = s.connection.apiUrl;
  let key: string | undefined;
  if (choice === copy) {
    const found = s.keys.cliProfileOf(account);
    if ('error' in found) {
      void vscode.window.showErrorMessage(userMessageOf(found.error));
      return false;
    }
    key = found.apiKey;
  } else {
    key = await promptAndCheckKey(s, { title: vscode.l10n.t('Nextmv Webhooks: Set API Key — {0}', account.name), apiUrl });
  }
  if (key === undefined) return false;
  await s.keys.storeFor(account, key);
  await s.accounts.update((state) => withSource(state, account.id, { kind: 'stored', apiUrl }));
  s.log.info(`Account "${account.name}" now keeps its API key in secret storage (root ${apiUrl}).`);
  void vscode.window.showInformationMessage(vscode.l10n.t('The account "{0}" now uses a key kept in VS Code\'s secret storage.', account.name));
  return true;
}

export async function clearApiKey(s: Services): Promise<boolean> {
  const account = s.accounts.active;
  if (account.source.kind === 'cliProfile' || account.source.kind === 'environment') {
    void vscode.window.showInformationMessage(vscode.l10n.t('The account "{0}" keeps no key in VS Code: it reads {1}. Remove Account removes the account.', account.name, keyHome(account)));
    return false;
  }
  const named = account.id === DEFAULT_ACCOUNT_ID ? '' : vscode.l10n.t(' of the account "{0}"', account.name);
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Remove the Nextmv API key{0} from VS Code secret storage?', named),
    { modal: true, detail: vscode.l10n.t('The Webhooks view will ask for a key again. A key from NEXTMV_API_KEY is not affected.') },
    vscode.l10n.t('Clear API Key'),
  );
  if (choice !== vscode.l10n.t('Clear API Key')) return false;
  await s.keys.clear();
  if (account.id === DEFAULT_ACCOUNT_ID) await s.context.globalState.update(StateKeys.hadStoredKey, false);
  s.log.info(`API key of account "${account.name}" removed from secret storage.`);
  s.model.invalidate();
  return true;
}

/**
 * On Linux without a keyring VS Code keeps secrets in memory only: say so when the stored key of the first
 * account vanished. Runs unprompted after activation, so it never rejects: a failure is logged.
 */
export async function warnIfStoredKeyLost(s: Services): Promise<void> {
  try {
    if (!s.context.globalState.get<boolean>(StateKeys.hadStoredKey)) return;
    const key = await s.keys.getFor(DEFAULT_ACCOUNT);
    if (key?.source === 'storage') return;
    await s.context.globalState.update(StateKeys.hadStoredKey, false);
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Your Nextmv API key is no longer in VS Code secret storage. On Linux without a keyring, VS Code keeps secrets only until it restarts.'),
      vscode.l10n.t('Set API Key'),
      vscode.l10n.t('Keyring Help'),
    );
    if (choice === vscode.l10n.t('Set API Key')) await vscode.commands.executeCommand('nextmvWebhooks.setApiKey');
    if (choice === vscode.l10n.t('Keyring Help')) await vscode.env.openExternal(vscode.Uri.parse(KEYRING_HELP));
  } catch (err) {
    s.log.error('Could not check whether the stored API key was lost', err);
  }
}
