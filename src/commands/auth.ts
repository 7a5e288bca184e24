import * as vscode from 'vscode';
import type { ApiKeyStore } from '../auth/apiKey';
import { apiKeyFormatProblem } from '../core/apiKeyFormat';
import type { Logger } from '../common/logger';

export async function setApiKey(keys: ApiKeyStore, log: Logger): Promise<boolean> {
  const value = await vscode.window.showInputBox({
    title: 'Nextmv Webhooks: Set API Key',
    prompt: 'Your Nextmv Cloud API key (Nextmv console → Team settings → API keys). It is kept in VS Code secret storage.',
    password: true,
    ignoreFocusOut: true,
    placeHolder: 'Paste your API key',
    validateInput: (v) => apiKeyFormatProblem(v),
  });
  if (value === undefined) return false; // cancelled
  const problem = apiKeyFormatProblem(value);
  if (problem) {
    void vscode.window.showErrorMessage(`API key not saved: ${problem}`);
    return false;
  }
  log.addSecret(value.trim());
  await keys.store(value);
  log.info('API key saved to secret storage.');
  void vscode.window.showInformationMessage('Nextmv API key saved.');
  return true;
}

export async function clearApiKey(keys: ApiKeyStore, log: Logger): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(
    'Remove the Nextmv API key from VS Code secret storage?',
    { modal: true, detail: 'The Webhooks view will ask for a key again. A key from NEXTMV_API_KEY is not affected.' },
    'Clear API Key',
  );
  if (choice !== 'Clear API Key') return false;
  await keys.clear();
  log.info('API key removed from secret storage.');
  return true;
}
