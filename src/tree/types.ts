import type * as vscode from 'vscode';
import type { Connection } from '../connection/connection';
import type { ApiKeyStore } from '../connection/apiKey';
import type { Logger } from '../common/logger';
import type { WebhooksModel } from './model';
import type { TreeNode } from './nodes';
import type { WebhooksTreeProvider } from './webhooksTree';

/** What dist/host.js hands to dist/tree.js when the tree is first needed (the view is extension.js's). */
export interface TreeShell {
  readonly log: Logger;
  readonly keys: ApiKeyStore;
  /** the extension's globalState: the deliveries already seen, per account (failure alerts) */
  readonly globalState: vscode.Memento;
  readonly view: vscode.TreeView<TreeNode>;
  /** the view's provider is the stand-in (lazyTree.ts): the real provider's changes go through it */
  readonly fireTreeChange: (e: TreeNode | TreeNode[] | undefined) => void;
}

/** The view's data and the API connection behind it, as dist/tree.js builds them. */
export interface TreeServices extends vscode.Disposable {
  readonly connection: Connection;
  readonly model: WebhooksModel;
  readonly tree: WebhooksTreeProvider;
}
