import * as vscode from 'vscode';
import { Commands, StateKeys } from './constants';
import { Logger } from './common/logger';
import { AccountList } from './connection/accounts';
import { ApiKeyStore } from './connection/apiKey';
import { registerCommands } from './commands/registry';
import { lazyPrompter, loadCommands, type CommandsModule } from './commands/lazyCommands';
import { refreshAll, refreshNode } from './commands/tree';
import { LazyTree } from './tree/lazyTree';
import { LazyPanels } from './panels/lazyPanels';
import type { Services } from './services';
import type { Panels } from './panels/types';

/**
 * What activate() returns to the integration tests — and only to them: every other extension can read an
 * extension's exports, and these hold the key store and the API client (SecretStorage's wall is per
 * extension). Outside ExtensionMode.Test, activate() returns nothing.
 */
/** The commands of dist/commands.js that need only the services and the command's own arguments. */
type ServicesCommand = { [K in keyof CommandsModule]: CommandsModule[K] extends (s: Services, ...args: unknown[]) => unknown ? K : never }[keyof CommandsModule];
/** The commands of dist/commands.js that also need the panels (a delivery row's actions). */
type PanelsCommand = { [K in keyof CommandsModule]: CommandsModule[K] extends (s: Services, p: Panels, ...args: unknown[]) => unknown ? K : never }[keyof CommandsModule];

export type NextmvWebhooksTestApi = Services & Pick<Panels, 'validator' | 'inspector' | 'loop'>;

/**
 * Synchronous on purpose: VS Code times activation until activate() returns, so nothing is awaited here —
 * the key lookup and context keys follow right after. Activation only registers: the view's provider
 * (dist/tree.js, with the API connection) loads when the view first asks for rows, the HTTP stack
 * (dist/api.js) on the first request, the panels (dist/panels.js) and the commands that change things
 * (dist/commands.js) when first used. Each split keeps ms off activation (measured; see esbuild.js).
 */
export function activate(context: vscode.ExtensionContext): NextmvWebhooksTestApi | undefined {
  const log = new Logger();
  const accounts = new AccountList(context.globalState);
  const keys = new ApiKeyStore(context.secrets, accounts, (key) => log.addSecret(key));
  const tree = new LazyTree({ log, keys, globalState: context.globalState });
  const s: Services = {
    context,
    log,
    accounts,
    keys,
    treeView: tree.view,
    prompter: lazyPrompter,
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
  // one short closure per command keeps extension.js (compiled at every activation) small as commands grow
  const lazy = (name: ServicesCommand) => (...args: unknown[]) => (loadCommands()[name] as (s: Services, ...a: unknown[]) => unknown)(s, ...args);
  const withPanels = (name: PanelsCommand) => (...args: unknown[]) => (loadCommands()[name] as (s: Services, p: Panels, ...a: unknown[]) => unknown)(s, panels.get(), ...args);
  context.subscriptions.push(
    log, accounts, keys, tree,
    ...panels.register(),
    ...registerCommands(
      {
        [Commands.setApiKey]: lazy('setApiKey'),
        [Commands.clearApiKey]: lazy('clearApiKey'),
        [Commands.refresh]: () => refreshAll(s),
        [Commands.refreshNode]: (node?: unknown) => refreshNode(s, node),
        [Commands.showLogs]: () => log.show(),
        [Commands.createWebhook]: lazy('createWebhook'),
        [Commands.editWebhook]: lazy('editWebhook'),
        [Commands.deleteWebhook]: lazy('deleteWebhooks'),
        [Commands.triggerWebhook]: lazy('triggerWebhook'),
        [Commands.copySigningSecret]: lazy('copySigningSecret'),
        [Commands.copyEndpointUrl]: lazy('copyEndpointUrl'),
        [Commands.validateDelivery]: (arg?: unknown) => panels.get().validateDelivery(arg),
        [Commands.openConversation]: (node?: unknown) => panels.get().openConversation(node),
        [Commands.loadMore]: (node?: unknown) => s.tree.turnPage(node),
        [Commands.filterDeliveries]: lazy('filterDeliveries'),
        [Commands.filterWebhook]: lazy('filterWebhook'),
        [Commands.clearFilter]: () => s.model.filters.clearAll(),
        [Commands.clearWebhookFilter]: lazy('clearWebhookFilter'),
        [Commands.showFailures]: lazy('showFailures'),
        [Commands.switchAccount]: lazy('switchAccount'),
        [Commands.addAccount]: lazy('addAccount'),
        [Commands.removeAccount]: lazy('removeAccount'),
        [Commands.sendAgain]: (node?: unknown) => loadCommands().sendAgain(s, panels.get().loop, node),
        [Commands.editAndSend]: (node?: unknown) => loadCommands().editAndSend(s, panels.get().loop, node),
        [Commands.signAndSend]: (uri?: unknown) => loadCommands().signAndSend(s, panels.get().loop, uri),
        [Commands.newWebhookHandler]: lazy('newWebhookHandler'),
        [Commands.copyAsCurl]: withPanels('copyAsCurl'),
        [Commands.compareWith]: withPanels('compareDeliveries'),
        [Commands.openRequestBody]: withPanels('openRequestBody'),
        [Commands.openResponseBody]: withPanels('openResponseBody'),
        [Commands.exportDeliveries]: lazy('exportDeliveries'),
        [Commands.exportSelectedDeliveries]: lazy('exportSelectedDeliveries'),
      },
      log,
    ),
  );
  if (accounts.all.length > 1) accounts.refreshContext().catch((err: unknown) => log.error('Could not set the accounts context', err));
  void keys
    .refreshContext()
    .then(() => {
      // the warning's code loads only when there is something to warn about
      return context.globalState.get<boolean>(StateKeys.hadStoredKey) ? loadCommands().warnIfStoredKeyLost(s) : undefined;
    }, (err: unknown) => log.error('Could not read the API key from secret storage', err))
    // loading the commands, or the warning itself, failed: logged, never an unhandled rejection
    .catch((err: unknown) => log.error('Could not check whether the stored API key was lost', err));
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  // the same object the commands use, so tests that swap `prompter` reach them; the panels load on demand
  return Object.defineProperties(s as NextmvWebhooksTestApi, {
    validator: { get: () => panels.get().validator },
    inspector: { get: () => panels.get().inspector },
    loop: { get: () => panels.get().loop },
  });
}

export function deactivate(): void {
  // everything is in context.subscriptions
}
