import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { ApiKeyStore } from '../auth/apiKey';

export type TreeNode = { kind: 'message'; label: string; detail?: string; icon?: string };

/** Tree of webhooks. Without an API key it has no rows, so the welcome view shows. */
export class WebhooksTreeProvider extends Disposable implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = this._register(new vscode.EventEmitter<TreeNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly keys: ApiKeyStore) {
    super();
    this._register(keys.onDidChange(() => this.refresh()));
  }

  refresh(node?: TreeNode): void {
    this.changed.fire(node);
  }

  async getChildren(element?: TreeNode): Promise<TreeNode[]> {
    if (element) return [];
    const key = await this.keys.get();
    if (!key) return [];
    return [{ kind: 'message', label: 'Connected', detail: key.source === 'environment' ? 'key from NEXTMV_API_KEY' : 'key from secret storage', icon: 'plug' }];
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.description = node.detail;
    if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon);
    item.contextValue = node.kind;
    return item;
  }
}
