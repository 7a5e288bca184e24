import * as vscode from 'vscode';
import { Commands, ContextKeys, Settings, Views } from './constants';
import { Logger } from './common/logger';
import { ApiKeyStore } from './auth/apiKey';
import { Connection } from './api/connection';
import { WebhooksModel } from './tree/model';
import { WebhooksTreeProvider } from './tree/webhooksTree';
import type { TreeNode } from './tree/nodes';
import { registerCommands } from './commands/registry';
import { clearApiKey, setApiKey, warnIfStoredKeyLost } from './commands/auth';
import { copyEndpointUrl, copySigningSecret, createWebhook, deleteWebhooks, editWebhook, triggerWebhook } from './commands/webhook';
import { refreshNode, loadMore } from './commands/tree';
import { type Inspector, openConversation, wireInspector } from './commands/conversation';
import { AutoRefresh } from './tree/autoRefresh';
import { vscodePrompter } from './ui/prompter';
import { registerValidator, type ValidatorPanel } from './webview/validatorPanel';
import type { Services } from './services';

/** What activate() returns: the services and panels, for the integration tests. */
export type NextmvWebhooksApi = Services & { readonly validator: ValidatorPanel; readonly inspector: Inspector };

/**
 * Synchronous on purpose: VS Code times activation until activate() returns, so nothing is awaited here —
 * the key lookup and context keys follow right after, and the HTTP stack loads on the first request.
 */
export function activate(context: vscode.ExtensionContext): NextmvWebhooksApi {
  const log = new Logger();
  const keys = new ApiKeyStore(context.secrets);
  const connection = new Connection(keys, log);
  const model = new WebhooksModel(connection);
  const tree = new WebhooksTreeProvider(keys, model);
  const treeView = vscode.window.createTreeView<TreeNode>(Views.webhooks, { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });
  const s: Services = { context, log, keys, connection, model, tree, treeView, prompter: vscodePrompter };
  const validator = registerValidator({
    extensionUri: context.extensionUri,
    listWebhookIds: async () => {
      const state = await model.loadWebhooks();
      if (state.state === 'failed') throw state.error;
      return state.state === 'loaded' ? state.value.map((w) => w.id) : [];
    },
    getWebhookSecret: async (id) => {
      const secret = await connection.client().getSecret(id);
      log.addSecret(secret);
      return secret;
    },
    log,
  });

  const inspector = wireInspector(s, validator.validator);
  context.subscriptions.push(
    log, keys, connection, model, tree, treeView,
    ...validator.disposables,
    ...inspector.disposables,
    new AutoRefresh(treeView, model, () => vscode.workspace.getConfiguration(Settings.section).get<number>(Settings.autoRefreshSeconds, 0)),
    keys.onDidChange(() => model.invalidate()),
    connection.onDidChange(() => model.invalidate()),
    tree.onDidChangeHealth(() => updateBadgeAndTitle(s)),
    ...registerCommands(
      {
        [Commands.setApiKey]: () => setApiKey(s),
        [Commands.clearApiKey]: () => clearApiKey(s),
        [Commands.refresh]: () => model.invalidate(),
        [Commands.refreshNode]: (node?: unknown) => refreshNode(s, node),
        [Commands.showLogs]: () => log.show(),
        [Commands.createWebhook]: () => createWebhook(s),
        [Commands.editWebhook]: (node?: unknown) => editWebhook(s, node),
        [Commands.deleteWebhook]: (node?: unknown, all?: unknown) => deleteWebhooks(s, node, all),
        [Commands.triggerWebhook]: (node?: unknown) => triggerWebhook(s, node),
        [Commands.copySigningSecret]: (node?: unknown) => copySigningSecret(s, node),
        [Commands.copyEndpointUrl]: (node?: unknown) => copyEndpointUrl(s, node),
        [Commands.validateDelivery]: validator.command,
        [Commands.openConversation]: (node?: unknown) => openConversation(inspector, node),
        [Commands.loadMore]: (node?: unknown) => loadMore(s, node),
      },
      log,
    ),
  );
  void keys.refreshContext().then((key) => {
    if (key) log.addSecret(key.key);
    updateBadgeAndTitle(s);
    return warnIfStoredKeyLost(s);
  }, (err: unknown) => log.error('Could not read the API key from secret storage', err));
  // the same object the commands use, so tests that swap `prompter` reach them
  return Object.assign(s, { validator: validator.validator, inspector });
}

/** The badge counts failing webhooks; the view's description says which API and key source are in use. */
function updateBadgeAndTitle(s: Services): void {
  const failing = s.model.failingCount();
  s.treeView.badge = failing ? { value: failing, tooltip: `${failing} webhook${failing === 1 ? '' : 's'} failing` } : undefined;
  void s.keys.get().then((key) => {
    const host = hostOf(s.connection.apiUrl);
    s.treeView.description = key ? `${host === 'api.cloud.nextmv.io' ? '' : `${host} · `}key: ${key.source === 'environment' ? 'NEXTMV_API_KEY' : 'secret storage'}` : undefined;
    return vscode.commands.executeCommand('setContext', ContextKeys.apiKeySource, key?.source ?? 'none');
  });
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function deactivate(): void {
  // everything is in context.subscriptions
}
