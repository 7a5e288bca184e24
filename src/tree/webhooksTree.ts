import * as vscode from 'vscode';
import { Commands, ContextKeys } from '../constants';
import { Disposable, toDisposable } from '../common/lifecycle';
import type { ApiKeyStore } from '../connection/apiKey';
import type { Webhook } from '../core/api';
import { errorNode, RetryTimers } from './errorNodes';
import type { WebhooksModel } from './model';
import { conversationItem, conversationTooltip, loadMoreItem, messageItem, webhookItem, webhookTooltip } from './items';
import type { ConversationNode, LoadMoreNode, MessageNode, TreeNode, WebhookNode } from './nodes';

/**
 * Webhooks, and under each its conversations. Failures are rows (never thrown); without an API key, or
 * with no webhooks, there are no rows so the matching welcome view shows.
 * Node objects are cached by id so refresh(node) and reveal(node) address the same element.
 */
export class WebhooksTreeProvider extends Disposable implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = this._register(new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly webhookNodes = new Map<string, WebhookNode>();
  /** per webhook, the rows of the deliveries it shows now (by conversation id); dropped when they are reloaded */
  private readonly conversationNodes = new Map<string, Map<string, ConversationNode>>();
  private readonly retries = this._register(new RetryTimers());
  private pending = new Set<string>();
  private pendingTimer: NodeJS.Timeout | undefined;
  private readonly countChanged = this._register(new vscode.EventEmitter<void>());
  /** the number of failing webhooks may have changed (the view badge) */
  readonly onDidChangeHealth = this.countChanged.event;

  constructor(
    private readonly keys: ApiKeyStore,
    readonly model: WebhooksModel,
  ) {
    super();
    this._register(
      model.onDidChange((e) => {
        this.forgetInvalidated(e?.webhookId);
        if (e?.webhookId) this.queueRefresh(e.webhookId);
        else this.fireAll();
      }),
    );
    this._register(toDisposable(() => clearTimeout(this.pendingTimer)));
  }

  /** Refetch: everything, or one webhook's conversations. */
  refresh(node?: TreeNode): void {
    if (node?.kind === 'webhook') this.model.invalidate(node.webhook.id);
    else if (node?.kind === 'conversation' || node?.kind === 'loadMore') this.model.invalidate(node.webhookId);
    else this.model.invalidate();
  }

  async getChildren(element?: TreeNode): Promise<TreeNode[]> {
    if (!element) return this.rootChildren();
    if (element.kind === 'webhook') return this.conversationChildren(element.webhook.id);
    return [];
  }

  getParent(element: TreeNode): TreeNode | undefined {
    const parentId = element.kind === 'conversation' || element.kind === 'loadMore' ? element.webhookId : element.kind === 'message' ? element.parentWebhookId : undefined;
    return parentId ? this.webhookNodes.get(parentId) : undefined;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'webhook':
        return webhookItem(node.webhook, this.model.healthOf(node.webhook.id));
      case 'conversation':
        return conversationItem(node);
      case 'loadMore':
        return loadMoreItem(node);
      case 'message':
        return messageItem(node);
    }
  }

  /** Tooltips are built on hover only. */
  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    if (node.kind === 'webhook') item.tooltip = webhookTooltip(node.webhook, this.model.healthOf(node.webhook.id));
    else if (node.kind === 'conversation') item.tooltip = conversationTooltip(node);
    return item;
  }

  webhookNode(id: string): WebhookNode | undefined {
    return this.webhookNodes.get(id);
  }

  conversationNode(webhookId: string, conversationId: string): ConversationNode | undefined {
    return this.conversationNodes.get(webhookId)?.get(conversationId);
  }

  /** The rows of deliveries whose list the model dropped (invalidated) go with it, so they cannot pile up. */
  private forgetInvalidated(webhookId: string | undefined): void {
    for (const id of webhookId ? [webhookId] : [...this.conversationNodes.keys()]) {
      if (!this.model.conversationsState(id)) this.conversationNodes.delete(id);
    }
  }

  private async rootChildren(): Promise<TreeNode[]> {
    let key;
    try {
      key = await this.keys.get();
    } catch (error) {
      // the active account's Nextmv CLI profile cannot be used: one row that says why
      await setContext(ContextKeys.noWebhooks, false);
      return [errorNode(error, { id: 'root-error', retry: () => this.model.invalidate() }, this.retries)];
    }
    if (!key) {
      await setContext(ContextKeys.noWebhooks, false);
      return [];
    }
    const state = await this.model.loadWebhooks();
    if (state.state === 'failed') {
      await setContext(ContextKeys.noWebhooks, false);
      return [errorNode(state.error, { id: 'root-error', retry: () => this.model.invalidate() }, this.retries)];
    }
    if (state.state !== 'loaded') return [];
    await setContext(ContextKeys.noWebhooks, state.value.length === 0);
    const seen = new Set<string>();
    const nodes = state.value.map((w) => {
      seen.add(w.id);
      return this.nodeFor(w);
    });
    for (const id of [...this.webhookNodes.keys()]) if (!seen.has(id)) this.webhookNodes.delete(id);
    for (const id of [...this.conversationNodes.keys()]) if (!seen.has(id)) this.conversationNodes.delete(id);
    return nodes;
  }

  private async conversationChildren(webhookId: string): Promise<TreeNode[]> {
    const state = await this.model.loadConversations(webhookId);
    if (state.state !== 'loaded') this.conversationNodes.delete(webhookId);
    if (state.state === 'failed') {
      return [errorNode(state.error, { id: `conv-error-${webhookId}`, parentWebhookId: webhookId, retry: () => this.model.invalidate(webhookId) }, this.retries)];
    }
    if (state.state !== 'loaded') return [];
    const list = state.value;
    if (list.items.length === 0) {
      this.conversationNodes.delete(webhookId);
      const empty: MessageNode = {
        kind: 'message', id: `empty-${webhookId}`, parentWebhookId: webhookId, label: 'No deliveries yet',
        description: 'Trigger Webhook sends a test', icon: 'info',
        command: { command: Commands.triggerWebhook, title: 'Trigger Webhook', arguments: [webhookId] },
      };
      return [empty];
    }
    // the same node for a delivery already shown (VS Code keeps its selection); none kept for one no longer shown
    const before = this.conversationNodes.get(webhookId);
    const now = new Map<string, ConversationNode>();
    const rows: TreeNode[] = list.items.slice(0, list.shown).map((conversation) => {
      const known = before?.get(conversation.id);
      const node: ConversationNode = known?.conversation === conversation ? known : { kind: 'conversation', webhookId, conversation };
      now.set(conversation.id, node);
      return node;
    });
    this.conversationNodes.set(webhookId, now);
    if (list.items.length > list.shown || list.nextCursor) {
      const more: LoadMoreNode = { kind: 'loadMore', webhookId, shown: list.shown };
      rows.push(more);
    }
    this.countChanged.fire();
    return rows;
  }

  private nodeFor(webhook: Webhook): WebhookNode {
    const existing = this.webhookNodes.get(webhook.id);
    if (existing && existing.webhook === webhook) return existing;
    // keep the same object so VS Code keeps its expansion state; update what it points to
    const node: WebhookNode = existing ? Object.assign(existing, { webhook }) : { kind: 'webhook', webhook };
    this.webhookNodes.set(webhook.id, node);
    return node;
  }

  /** Health answers arrive one by one: coalesce them into one tree update. */
  private queueRefresh(webhookId: string): void {
    this.pending.add(webhookId);
    this.pendingTimer ??= setTimeout(() => {
      this.pendingTimer = undefined;
      const nodes = [...this.pending].map((id) => this.webhookNodes.get(id)).filter((n): n is WebhookNode => !!n);
      this.pending = new Set();
      if (nodes.length) this.changed.fire(nodes);
      this.countChanged.fire();
    }, 50);
  }

  private fireAll(): void {
    this.changed.fire(undefined);
    this.countChanged.fire();
  }
}

function setContext(key: string, value: unknown): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}
