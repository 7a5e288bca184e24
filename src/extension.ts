import * as vscode from 'vscode';
import { Commands, ContextKeys, Settings, StateKeys, Views } from './constants';
import { Logger } from './common/logger';
import { ApiKeyStore } from './auth/apiKey';
import { Connection } from './api/connection';
import { WebhooksModel } from './tree/model';
import { WebhooksTreeProvider } from './tree/webhooksTree';
import type { TreeNode } from './tree/nodes';
import { registerCommands } from './commands/registry';
import { lazyPrompter, loadCommands } from './commands/lazyCommands';
import { refreshNode, loadMore } from './commands/tree';
import { AutoRefresh } from './tree/autoRefresh';
import { LazyPanels } from './panels/lazyPanels';
import type { Services } from './services';
import type { Panels } from './panels/types';

/** What activate() returns: the services and panels, for the integration tests. */
export type NextmvWebhooksApi = Services & Pick<Panels, 'validator' | 'inspector'>;

/**
 * Synchronous on purpose: VS Code times activation until activate() returns, so nothing is awaited here —
 * the key lookup and context keys follow right after. Only what draws the view is loaded now: the HTTP
 * stack (dist/api.js) loads on the first request, the panels (dist/panels.js) when one is first needed.
 */
export function activate(context: vscode.ExtensionContext): NextmvWebhooksApi {
  const log = new Logger();
  const keys = new ApiKeyStore(context.secrets);
  const connection = new Connection(keys, log);
  const model = new WebhooksModel(connection);
  const tree = new WebhooksTreeProvider(keys, model);
  const treeView = vscode.window.createTreeView<TreeNode>(Views.webhooks, { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });
  const s: Services = { context, log, keys, connection, model, tree, treeView, prompter: lazyPrompter };
  const panels = new LazyPanels(s);
  context.subscriptions.push(
    log, keys, connection, model, tree, treeView,
    ...panels.register(),
    new AutoRefresh(treeView, model, () => vscode.workspace.getConfiguration(Settings.section).get<number>(Settings.autoRefreshSeconds, 0)),
    keys.onDidChange(() => model.invalidate()),
    connection.onDidChange(() => model.invalidate()),
    tree.onDidChangeHealth(() => updateBadgeAndTitle(s)),
    ...registerCommands(
      {
        [Commands.setApiKey]: () => loadCommands().setApiKey(s),
        [Commands.clearApiKey]: () => loadCommands().clearApiKey(s),
        [Commands.refresh]: () => model.invalidate(),
        [Commands.refreshNode]: (node?: unknown) => refreshNode(s, node),
        [Commands.showLogs]: () => log.show(),
        [Commands.createWebhook]: () => loadCommands().createWebhook(s),
        [Commands.editWebhook]: (node?: unknown) => loadCommands().editWebhook(s, node),
        [Commands.deleteWebhook]: (node?: unknown, all?: unknown) => loadCommands().deleteWebhooks(s, node, all),
        [Commands.triggerWebhook]: (node?: unknown) => loadCommands().triggerWebhook(s, node),
        [Commands.copySigningSecret]: (node?: unknown) => loadCommands().copySigningSecret(s, node),
        [Commands.copyEndpointUrl]: (node?: unknown) => loadCommands().copyEndpointUrl(s, node),
        [Commands.validateDelivery]: (arg?: unknown) => panels.get().validateDelivery(arg),
        [Commands.openConversation]: (node?: unknown) => panels.get().openConversation(node),
        [Commands.loadMore]: (node?: unknown) => loadMore(s, node),
      },
      log,
    ),
  );
  void keys.refreshContext().then((key) => {
    if (key) log.addSecret(key.key);
    updateBadgeAndTitle(s);
    // the warning's code loads only when there is something to warn about
    return context.globalState.get<boolean>(StateKeys.hadStoredKey) ? loadCommands().warnIfStoredKeyLost(s) : undefined;
  }, (err: unknown) => log.error('Could not read the API key from secret storage', err));
  // the same object the commands use, so tests that swap `prompter` reach them; the panels load on demand
  return Object.defineProperties(s as NextmvWebhooksApi, {
    validator: { get: () => panels.get().validator },
    inspector: { get: () => panels.get().inspector },
  });
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
