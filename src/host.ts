/**
 * Entry point of dist/host.js: everything extension.js hands its registrations to — the services (logger,
 * accounts, key store), the command table, the panels. extension.js registers with VS Code and loads this
 * file right after activation (or on the first command, restored panel or request for rows), so none of
 * this code runs while VS Code times activation.
 */
import * as vscode from 'vscode';
import { Commands, StateKeys, type CommandId } from './constants';
import { DisposableStore } from './common/lifecycle';
import { Logger } from './common/logger';
import { AccountList } from './connection/accounts';
import { ApiKeyStore } from './connection/apiKey';
import { runCommand } from './commands/registry';
import { lazyPrompter, loadCommands, type CommandsModule } from './commands/lazyCommands';
import { refreshAll, refreshNode } from './commands/tree';
import { LazyPanels } from './panels/lazyPanels';
import type { Services } from './services';
import type { Panels } from './panels/types';
import type { TreeServices, TreeShell } from './tree/types';
import type { TreeNode } from './tree/nodes';

/**
 * What activate() returns to the integration tests — and only to them: every other extension can read an
 * extension's exports, and these hold the key store and the API client (SecretStorage's wall is per
 * extension). Outside ExtensionMode.Test, activate() returns nothing.
 */
export type NextmvWebhooksTestApi = Services & Pick<Panels, 'validator' | 'inspector' | 'loop'>;

/** The view as extension.js created it: the view itself, and the tree's code (dist/tree.js) once loaded. */
export interface TreeStandIn {
  readonly view: vscode.TreeView<TreeNode>;
  get(): TreeServices;
}

export interface Host extends vscode.Disposable {
  /** what dist/tree.js is given when the view first asks for rows */
  readonly treeShell: Omit<TreeShell, 'view' | 'fireTreeChange'>;
  readonly panels: Panels;
  /** runs a command through the one error wrapper */
  run(id: CommandId, args: unknown[]): Promise<unknown>;
  /** the context keys of the welcome view and menus, and the warning about a lost key: extension.js calls it once, after activation */
  start(): void;
  readonly testApi: NextmvWebhooksTestApi;
}

/** The commands of dist/commands.js that need only the services and the command's own arguments. */
type ServicesCommand = { [K in keyof CommandsModule]: CommandsModule[K] extends (s: Services, ...args: unknown[]) => unknown ? K : never }[keyof CommandsModule];
/** The commands of dist/commands.js that also need the panels (a delivery row's actions). */
type PanelsCommand = { [K in keyof CommandsModule]: CommandsModule[K] extends (s: Services, p: Panels, ...args: unknown[]) => unknown ? K : never }[keyof CommandsModule];
type Handler = (...args: unknown[]) => unknown;

export function createHost(context: vscode.ExtensionContext, tree: TreeStandIn): Host {
  // disposed last-added first: the panels, then the key store, the accounts and the logger
  const store = new DisposableStore();
  const log = store.add(new Logger());
  const accounts = store.add(new AccountList(context.globalState));
  const keys = store.add(new ApiKeyStore(context.secrets, accounts, (key) => log.addSecret(key)));
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
  const panels = store.add(new LazyPanels(s));
  const lazy = (name: ServicesCommand): Handler => (...args) => (loadCommands()[name] as (s: Services, ...a: unknown[]) => unknown)(s, ...args);
  const withPanels = (name: PanelsCommand): Handler => (...args) => (loadCommands()[name] as (s: Services, p: Panels, ...a: unknown[]) => unknown)(s, panels.get(), ...args);
  // every id of Commands, each once: extension.js registers them all and sends them here
  const table: Record<CommandId, Handler> = {
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
  };
  return {
    treeShell: { log, keys, globalState: context.globalState },
    get panels() {
      return panels.get();
    },
    run: (id, args) => runCommand(id, () => table[id](...args), log),
    start() {
      if (accounts.all.length > 1) accounts.refreshContext().catch((err: unknown) => log.error('Could not set the accounts context', err));
      void keys
        .refreshContext()
        .then(() => {
          // the warning's code loads only when there is something to warn about
          return context.globalState.get<boolean>(StateKeys.hadStoredKey) ? loadCommands().warnIfStoredKeyLost(s) : undefined;
        }, (err: unknown) => log.error('Could not read the API key from secret storage', err))
        // loading the commands, or the warning itself, failed: logged, never an unhandled rejection
        .catch((err: unknown) => log.error('Could not check whether the stored API key was lost', err));
    },
    // the same object the commands use, so tests that swap `prompter` reach them; the panels load on demand
    get testApi() {
      return Object.defineProperties(s as NextmvWebhooksTestApi, {
        validator: { get: () => panels.get().validator, configurable: true },
        inspector: { get: () => panels.get().inspector, configurable: true },
        loop: { get: () => panels.get().loop, configurable: true },
      });
    },
    dispose: () => store.dispose(),
  };
}
