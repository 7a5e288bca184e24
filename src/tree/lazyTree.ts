import * as vscode from 'vscode';
import { lazyBundle } from '../common/lazyBundle';
import { Views } from '../constants';
import type { TreeNode } from './nodes';
import type { TreeServices, TreeShell } from './types';

type TreeModule = typeof import('./index');

const loadTreeModule = lazyBundle<TreeModule>('tree.js');

/**
 * Stands in for dist/tree.js at activation: creates the view with itself as the data provider, and builds
 * the real provider (with the model and the API connection) the first time the view asks for rows or
 * anything else needs them. Activation by a command or a restored panel never reads the tree's code.
 */
export class LazyTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<TreeNode>;
  private loaded: TreeServices | undefined;

  /** `shell` is asked once, when the tree's code loads: the services behind it are built on first use too */
  constructor(private readonly shell: () => Omit<TreeShell, 'view' | 'fireTreeChange'>) {
    this.view = vscode.window.createTreeView(Views.webhooks, { treeDataProvider: this, showCollapseAll: true, canSelectMany: true });
  }

  get(): TreeServices {
    this.loaded ??= loadTreeModule().createTree({ ...this.shell(), view: this.view, fireTreeChange: (e) => this.changed.fire(e) });
    return this.loaded;
  }

  getChildren(element?: TreeNode): Promise<TreeNode[]> {
    return this.get().tree.getChildren(element);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return this.get().tree.getTreeItem(node);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return this.get().tree.getParent(node);
  }

  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    return this.get().tree.resolveTreeItem(item, node);
  }

  dispose(): void {
    this.loaded?.dispose();
    this.view.dispose();
    this.changed.dispose();
  }
}
