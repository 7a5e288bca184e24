import * as vscode from 'vscode';
import { Commands, StateKeys } from './constants';
import { Logger } from './common/logger';
import { vscodePrompter } from './common/prompter';
import { ApiKeyStore } from './connection/apiKey';
import { registerCommands } from './commands/registry';
import { clearApiKey, setApiKey, warnIfStoredKeyLost } from './commands/auth';
import { copyEndpointUrl, copySigningSecret, createWebhook, deleteWebhooks, editWebhook, triggerWebhook } from './commands/webhook';
import { loadMore, refreshNode } from './commands/tree';
import { LazyPanels } from './panels/lazyPanels';
import type { Panels } from './panels/panels';
import { LazyTree } from './tree/lazyTree';
import type { Services } from './services';

/**
 * What activate() returns to the integration tests — and only to them: every other extension can read an
 * extension's exports, and these hold the key store and the API client (SecretStorage's wall is per
 * extension). Outside ExtensionMode.Test, activate() returns nothing.
 */
export type NextmvWebhooksTestApi = Services & Pick<Panels, 'validator' | 'inspector'>;

/**
 * Builds the services and registers the view, the commands, the panel serializers and the body-document
 * provider. Synchronous on purpose (VS Code times activation until activate() returns): nothing is fetched
 * here. Three parts load on first use, each measured at activation by `npm run bench`: the view's provider
 * with the model and the API connection (dist/tree.js) when the view first asks for rows, the HTTP stack
 * (dist/api.js, undici) on the first request, the panels (dist/panels.js) when a panel first opens.
 */
export function activate(context: vscode.ExtensionContext): NextmvWebhooksTestApi | undefined {
  const log = new Logger();
  const keys = new ApiKeyStore(context.secrets);
  const tree = new LazyTree({ log, keys });
  const s: Services = {
    context,
    log,
    keys,
    treeView: tree.view,
    prompter: vscodePrompter,
    get connection() {
      return tree.get().connection;
    },
    get model() {
      return tree.get().model;
    },
    get tree() {
      return tree.get().tree;
    },
  };
  const panels = new LazyPanels(s);
  context.subscriptions.push(
    log,
    keys,
    tree,
    ...panels.register(),
    ...registerCommands(
      {
        [Commands.setApiKey]: () => setApiKey(s),
        [Commands.clearApiKey]: () => clearApiKey(s),
        [Commands.refresh]: () => s.model.invalidate(),
        [Commands.refreshNode]: (node?: unknown) => refreshNode(s, node),
        [Commands.showLogs]: () => log.show(),
        [Commands.createWebhook]: () => createWebhook(s),
        [Commands.editWebhook]: (node?: unknown) => editWebhook(s, node),
        [Commands.deleteWebhook]: (node?: unknown, all?: unknown) => deleteWebhooks(s, node, all),
        [Commands.triggerWebhook]: (node?: unknown) => triggerWebhook(s, node),
        [Commands.copySigningSecret]: (node?: unknown) => copySigningSecret(s, node),
        [Commands.copyEndpointUrl]: (node?: unknown) => copyEndpointUrl(s, node),
        [Commands.validateDelivery]: (arg?: unknown) => panels.get().validateDelivery(arg),
        [Commands.openConversation]: (node?: unknown) => panels.get().openConversation(node),
        [Commands.loadMore]: (node?: unknown) => loadMore(s, node),
      },
      log,
    ),
  );
  keys
    .refreshContext()
    .then((key) => {
      if (key) log.addSecret(key.key);
      return context.globalState.get<boolean>(StateKeys.hadStoredKey) ? warnIfStoredKeyLost(s) : undefined;
    }, (err: unknown) => log.error('Could not read the API key from secret storage', err))
    // the warning itself failed: logged, never an unhandled rejection
    .catch((err: unknown) => log.error('Could not check whether the stored API key was lost', err));
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  // the same object the commands use, so tests that swap `prompter` reach them
  return Object.defineProperties(s as NextmvWebhooksTestApi, {
    validator: { get: () => panels.get().validator },
    inspector: { get: () => panels.get().inspector },
  });
}

export function deactivate(): void {
  // everything is in context.subscriptions
}
