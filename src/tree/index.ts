/**
 * Entry point of dist/tree.js: the API connection, the webhooks model and the tree provider, with the
 * view's badge, description and auto-refresh. extension.js loads it when the view first asks for rows,
 * or when a command or panel first needs the connection (lazyTree.ts) — not at activation.
 */
import { Connection } from '../connection/connection';
import { config } from '../config';
import { DisposableStore } from '../common/lifecycle';
import { AutoRefresh } from './autoRefresh';
import { WebhooksModel } from './model';
import type { TreeServices, TreeShell } from './types';
import { WebhooksTreeProvider } from './webhooksTree';
import { hostOf } from '../shared/text';

export function createTree(shell: TreeShell): TreeServices {
  const connection = new Connection(shell.keys, shell.log);
  const model = new WebhooksModel(connection);
  const tree = new WebhooksTreeProvider(shell.keys, model);
  const updateView = () => updateBadgeAndDescription(shell, connection, model);
  const store = new DisposableStore();
  store.add(connection);
  store.add(model);
  store.add(tree);
  store.add(tree.onDidChangeTreeData((e) => shell.fireTreeChange(e)));
  store.add(new AutoRefresh(shell.view, model, () => config.autoRefreshSeconds));
  store.add(shell.keys.onDidChange(() => model.invalidate()));
  store.add(connection.onDidChange(() => model.invalidate()));
  store.add(tree.onDidChangeHealth(updateView));
  updateView();
  return { connection, model, tree, dispose: () => store.dispose() };
}

/**
 * The badge counts failing webhooks; the view's description says which API and key source are in use.
 * (The apiKeySource context key is the key store's: refreshContext() keeps it with every key change.)
 */
function updateBadgeAndDescription(shell: TreeShell, connection: Connection, model: WebhooksModel): void {
  const failing = model.failingCount();
  shell.view.badge = failing ? { value: failing, tooltip: `${failing} webhook${failing === 1 ? '' : 's'} failing` } : undefined;
  void shell.keys.get().then((key) => {
    const host = hostOf(connection.apiUrl);
    shell.view.description = key ? `${host === 'api.cloud.nextmv.io' ? '' : `${host} · `}key: ${key.source === 'environment' ? 'NEXTMV_API_KEY' : 'secret storage'}` : undefined;
  });
}
