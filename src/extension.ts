import * as vscode from 'vscode';
import { type CommandId, Commands, Views } from './constants';
import { Logger } from './common/logger';
import { ApiKeyStore } from './auth/apiKey';
import { WebhooksTreeProvider } from './tree/webhooksTree';
import { type CommandTable, registerCommands } from './commands/registry';
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
        ...notYetAvailable([
          Commands.createWebhook, Commands.editWebhook, Commands.deleteWebhook, Commands.triggerWebhook,
          Commands.copySigningSecret, Commands.copyEndpointUrl, Commands.validateDelivery,
        ]),
      },
      log,
    ),
  );
  const key = await apiKeys.refreshContext();
  if (key) log.addSecret(key.key);
  return { apiKeys, tree };
}

/** Commands declared by the manifest whose feature is not built yet say so instead of failing silently. */
function notYetAvailable(ids: CommandId[]): CommandTable {
  return Object.fromEntries(ids.map((id) => [id, () => vscode.window.showInformationMessage(`${id} is not available in this build yet.`)]));
}

export function deactivate(): void {
  // everything is in context.subscriptions
}
