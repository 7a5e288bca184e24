import * as vscode from 'vscode';
import { StateKeys } from '../constants';
import type { Services } from '../services';
import { apiKeyFormatProblem } from '../core/forms/apiKeyFormat';
import { isApiError } from '../core/api/errors';
import { userMessageOf } from '../core/userMessage';

const KEYRING_HELP = 'https://code.visualstudio.com/docs/configure/settings-sync#_troubleshooting-keychain-issues';

/**
 * Asks for the key (masked), checks it with one real call, and stores it only if Nextmv accepts it.
 * When Nextmv cannot be reached, the user may save it anyway.
 */
export async function setApiKey(s: Services): Promise<boolean> {
  const value = await vscode.window.showInputBox({
    title: 'Nextmv Webhooks: Set API Key',
    prompt: 'Your Nextmv Cloud API key (Nextmv console → Team settings → API keys). It is kept in VS Code secret storage.',
    password: true,
    ignoreFocusOut: true,
    placeHolder: 'Paste your API key',
    validateInput: (v) => apiKeyFormatProblem(v),
  });
  if (value === undefined) return false; // cancelled
  const key = value.trim();
  const problem = apiKeyFormatProblem(key);
  if (problem) {
    void vscode.window.showErrorMessage(`API key not saved: ${problem}`);
    return false;
  }
  s.log.addSecret(key);
  const check = await checkKey(s, key);
  if (check === 'rejected') return false;
  if (check !== 'ok') {
    const choice = await vscode.window.showWarningMessage(
      `Could not check the API key with ${s.connection.apiUrl}: ${check}`,
      { modal: true, detail: 'Save it anyway and use it once Nextmv can be reached?' },
      'Save Anyway',
    );
    if (choice !== 'Save Anyway') return false;
  }
  await s.keys.store(key);
  await s.context.globalState.update(StateKeys.hadStoredKey, true);
  s.log.info('API key saved to secret storage.');
  s.model.invalidate();
  void vscode.window.showInformationMessage('Nextmv API key saved.');
  return true;
}

/** 'ok', 'rejected' (already reported), or why the key could not be checked. */
async function checkKey(s: Services, key: string): Promise<'ok' | 'rejected' | string> {
  const probe = s.connection.clientWithKey(key);
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Checking the API key with Nextmv…' }, () =>
      probe.client.listWebhooksPage(undefined, 1),
    );
    return 'ok';
  } catch (err) {
    if (isApiError(err) && err.kind === 'unauthorized') {
      s.log.warn(`API key rejected by ${s.connection.apiUrl} (${err.status ?? 'unauthorized'})`);
      void vscode.window.showErrorMessage(`Nextmv rejected this API key (${err.status ?? 401}). It was not saved: check that you copied the whole key, for the right team.`);
      return 'rejected';
    }
    if (isApiError(err) && err.kind === 'invalidBaseUrl') {
      void vscode.window.showErrorMessage(`API key not saved: ${err.userMessage}`);
      return 'rejected';
    }
    s.log.warn(`Could not check the API key: ${userMessageOf(err)}`);
    return userMessageOf(err);
  } finally {
    probe.dispose();
  }
}

export async function clearApiKey(s: Services): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(
    'Remove the Nextmv API key from VS Code secret storage?',
    { modal: true, detail: 'The Webhooks view will ask for a key again. A key from NEXTMV_API_KEY is not affected.' },
    'Clear API Key',
  );
  if (choice !== 'Clear API Key') return false;
  await s.keys.clear();
  await s.context.globalState.update(StateKeys.hadStoredKey, false);
  s.log.info('API key removed from secret storage.');
  s.model.invalidate();
  return true;
}

/**
 * On Linux without a keyring VS Code keeps secrets in memory only: say so when a stored key vanished. Runs
 * unprompted after activation, so it never rejects: a failure (secret storage, the prompt) is logged.
 */
export async function warnIfStoredKeyLost(s: Services): Promise<void> {
  try {
    if (!s.context.globalState.get<boolean>(StateKeys.hadStoredKey)) return;
    const key = await s.keys.get();
    if (key?.source === 'storage') return;
    await s.context.globalState.update(StateKeys.hadStoredKey, false);
    const choice = await vscode.window.showWarningMessage(
      'Your Nextmv API key is no longer in VS Code secret storage. On Linux without a keyring, VS Code keeps secrets only until it restarts.',
      'Set API Key',
      'Keyring Help',
    );
    if (choice === 'Set API Key') await vscode.commands.executeCommand('nextmvWebhooks.setApiKey');
    if (choice === 'Keyring Help') await vscode.env.openExternal(vscode.Uri.parse(KEYRING_HELP));
  } catch (err) {
    s.log.error('Could not check whether the stored API key was lost', err);
  }
}
