import * as vscode from 'vscode';
import { Commands, Views } from './constants';
import { Logger } from './common/logger';
import { ApiKeyStore } from './auth/apiKey';
import { WebhooksTreeProvider } from './tree/webhooksTree';
import { registerCommands } from './commands/registry';
import { clearApiKey, setApiKey } from './commands/auth';

/** What activate() returns: used by the integration tests, stable enough for other extensions. */
export interface NextmvWebhooksApi {
  readonly apiKeys: ApiKeyStore;
  readonly tree: WebhooksTreeProvider;
}

export async function activate(context: vscode.ExtensionContext): Promise<NextmvWebhooksApi> {
  const log = new Logger();
  const apiKeys = new ApiKeyStore(context.secrets);
  const tree = new WebhooksTreeProvider(apiKeys);
  context.subscriptions.push(
    log,
    apiKeys,
    tree,
    vscode.window.createTreeView(Views.webhooks, { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true }),
    ...registerCommands(
      {
        [Commands.setApiKey]: () => setApiKey(apiKeys, log),
        [Commands.clearApiKey]: () => clearApiKey(apiKeys, log),
        [Commands.refresh]: () => tree.refresh(),
        [Commands.refreshNode]: () => tree.refresh(),
        [Commands.showLogs]: () => log.show(),
      },
      log,
    ),
  );
  const key = await apiKeys.refreshContext();
  if (key) log.addSecret(key.key);
  return { apiKeys, tree };
}

export function deactivate(): void {
  // everything is in context.subscriptions
}
