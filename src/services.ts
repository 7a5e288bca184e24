import type * as vscode from 'vscode';
import type { AccountList } from './connection/accounts';
import type { ApiKeyStore } from './connection/apiKey';
import type { Connection } from './connection/connection';
import type { Logger } from './common/logger';
import type { WebhooksModel } from './tree/model';
import type { WebhooksTreeProvider } from './tree/webhooksTree';
import type { TreeNode } from './tree/nodes';
import type { Prompter } from './common/prompter';

/** What the commands and panels work with; built once, on first use, in host.ts. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: Logger;
  /** the accounts and which one is active */
  readonly accounts: AccountList;
  /** the active account's key (and each account's) */
  readonly keys: ApiKeyStore;
  readonly connection: Connection;
  readonly model: WebhooksModel;
  readonly tree: WebhooksTreeProvider;
  readonly treeView: vscode.TreeView<TreeNode>;
  /** swapped by the integration tests to answer multi-step inputs */
  prompter: Prompter;
}
