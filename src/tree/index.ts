/**
 * Entry point of dist/tree.js: the API connection, the webhooks model and the tree provider, with the
 * view's badge, description and auto-refresh. Loaded when the view first asks for rows, or when a command
 * or panel first needs the connection (lazyTree.ts) — not at activation.
 */
import * as vscode from 'vscode';
import { Connection } from '../connection/connection';
import { config } from '../config';
import { DisposableStore } from '../common/lifecycle';
import { AutoRefresh } from './autoRefresh';
import { TreeContextKeys } from '../constants';
import { describeFilter } from '../core/filter/filter';
import { accountFingerprint, FailureAlerts } from './failureAlerts';
import { WebhooksModel } from './model';
import type { TreeServices, TreeShell } from './types';
import { WebhooksTreeProvider } from './webhooksTree';
import { hostOf } from '../shared/text';
import { viewDescription } from '../core/accounts/describe';
import { formatNumber, plural } from '../shared/intl';

export function createTree(shell: TreeShell): TreeServices {
  const connection = new Connection(shell.keys, shell.log);
  const model = new WebhooksModel(connection);
  const tree = new WebhooksTreeProvider(shell.keys, model, shell.log);
  const updateView = () => updateBadgeAndDescription(shell, connection, model);
  const store = new DisposableStore();
  store.add(connection);
  store.add(model);
  store.add(tree);
  store.add(tree.onDidChangeTreeData((e) => shell.fireTreeChange(e)));
  store.add(new AutoRefresh(shell.view, model, () => config.autoRefreshSeconds));
  // a key changed, or another account is active: nothing fetched before may show (the model's generation
  // drops answers still on their way)
  store.add(shell.keys.onDidChange(() => {
    model.invalidate();
    updateView();
  }));
  store.add(connection.onDidChange(() => model.invalidate()));
  store.add(tree.onDidChangeHealth(updateView));
  store.add(model.filters.onDidChange(() => {
    updateView();
    void vscode.commands.executeCommand('setContext', TreeContextKeys.filtered, model.filters.active);
  }));
  const account = async () => {
    const key = await shell.keys.get();
    return key ? accountFingerprint(connection.apiUrl, key.key) : undefined;
  };
  store.add(new FailureAlerts(model, shell.globalState, account, shell.log));
  updateView();
  return { connection, model, tree, dispose: () => store.dispose() };
}

/**
 * The badge counts failing webhooks; the view's description says which filter is on, and names the active
 * account (once there are several), the API and the key's source. (The apiKeySource context key is the key
 * store's: refreshContext() keeps it with every key change.)
 */
function updateBadgeAndDescription(shell: TreeShell, connection: Connection, model: WebhooksModel): void {
  const failing = model.failingCount();
  shell.view.badge = failing ? { value: failing, tooltip: plural(failing, vscode.l10n.t('one={0} webhook failing|other={0} webhooks failing', formatNumber(failing, vscode.env.language)), vscode.env.language) } : undefined;
  const account = shell.keys.accounts.active;
  const accountCount = shell.keys.accounts.all.length;
  // an unusable Nextmv CLI profile still names its account here; the welcome view says what is wrong
  void shell.keys.get().then((key) => key?.source, () => 'cliProfile' as const).then((keySource) => {
    if (shell.keys.accounts.active !== account) return; // switched meanwhile: a newer update follows
    const where = keySource ? viewDescription({ account, accountCount, host: hostOf(connection.apiUrl), keySource }) : accountCount > 1 ? account.name : undefined;
    shell.view.description = [filterDescription(model), where].filter(Boolean).join(' — ') || undefined;
  });
}

/** "filter: failed · last day", or how many webhooks have a filter of their own. */
function filterDescription(model: WebhooksModel): string {
  const own = model.filters.ownCount;
  const view = describeFilter(model.filters.view);
  if (view) return vscode.l10n.t('filter: {0}{1}', view, own ? vscode.l10n.t(' (+{0} of their own)', own) : '');
  return own ? plural(own, vscode.l10n.t('one={0} webhook filtered|other={0} webhooks filtered', formatNumber(own, vscode.env.language)), vscode.env.language) : '';
}
