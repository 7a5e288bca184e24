/**
 * The Webhooks view: the API connection, the webhooks model and the tree provider behind it, with the
 * view's badge, description and auto-refresh. Nothing is fetched until the view asks for rows.
 */
import * as vscode from 'vscode';
import { Connection } from '../connection/connection';
import type { ApiKeyStore } from '../connection/apiKey';
import type { Logger } from '../common/logger';
import { DisposableStore } from '../common/lifecycle';
import { config } from '../config';
import { Views } from '../constants';
import { hostOf } from '../shared/text';
import { AutoRefresh } from './autoRefresh';
import { WebhooksModel } from './model';
import type { TreeNode } from './nodes';
import { WebhooksTreeProvider } from './webhooksTree';

export interface WebhooksView extends vscode.Disposable {
  readonly view: vscode.TreeView<TreeNode>;
  readonly connection: Connection;
  readonly model: WebhooksModel;
  readonly tree: WebhooksTreeProvider;
}

export function createWebhooksView(keys: ApiKeyStore, log: Logger): WebhooksView {
  const store = new DisposableStore();
  const connection = store.add(new Connection(keys, log));
  const model = store.add(new WebhooksModel(connection));
  const tree = store.add(new WebhooksTreeProvider(keys, model));
  const view = store.add(vscode.window.createTreeView(Views.webhooks, { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true }));
  const updateView = () => updateBadgeAndDescription(view, keys, connection, model);
  store.add(new AutoRefresh(view, model, () => config.autoRefreshSeconds));
  store.add(keys.onDidChange(() => model.invalidate()));
  store.add(connection.onDidChange(() => model.invalidate()));
  store.add(tree.onDidChangeHealth(updateView));
  updateView();
  return { view, connection, model, tree, dispose: () => store.dispose() };
}

/**
 * The badge counts failing webhooks; the view's description says which API and key source are in use.
 * (The apiKeySource context key is the key store's: refreshContext() keeps it with every key change.)
 */
function updateBadgeAndDescription(view: vscode.TreeView<TreeNode>, keys: ApiKeyStore, connection: Connection, model: WebhooksModel): void {
  const failing = model.failingCount();
  view.badge = failing ? { value: failing, tooltip: `${failing} webhook${failing === 1 ? '' : 's'} failing` } : undefined;
  void keys.get().then((key) => {
    const host = hostOf(connection.apiUrl);
    view.description = key ? `${host === 'api.cloud.nextmv.io' ? '' : `${host} · `}key: ${key.source === 'environment' ? 'NEXTMV_API_KEY' : 'secret storage'}` : undefined;
  });
}
