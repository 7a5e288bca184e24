import * as vscode from 'vscode';
import { Commands, ContextKeys, TreeContextKeys, type RootErrorKind } from '../constants';
import { Disposable, toDisposable } from '../common/lifecycle';
import type { ApiKeyStore } from '../connection/apiKey';
import type { Logger } from '../common/logger';
import { userMessageOf } from '../core/userMessage';
import type { Webhook } from '../core/api';
import { describeFilter } from '../core/filter/filter';
import type { PageView } from '../core/filter/pager';
import { errorNode, retryAfterMs, rootErrorKind, RetryTimers } from './errorNodes';
import { CONVERSATION_PAGE_SIZE, type WebhooksModel } from './model';
import { conversationItem, conversationTooltip, messageItem, pageItem, webhookItem, webhookTooltip, type WebhookFilterLook } from './items';
import { isPageNode, type ConversationNode, type MessageNode, type PageNode, type TreeNode, type WebhookNode } from './nodes';
import { fillWithProgress } from './walkProgress';

/**
 * Webhooks, and under each one page of its deliveries between "Newer"/"Older" rows. Without an API key,
 * with no webhooks, or when the list failed to load, there are no rows: the matching welcome view shows
 * (context keys). A webhook whose deliveries failed to load shows an error row with an inline Refresh (its retry).
 * Node objects are cached by id so refresh(node) and reveal(node) address the same element.
 */
export class WebhooksTreeProvider extends Disposable implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = this._register(new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly webhookNodes = new Map<string, WebhookNode>();
  /** per webhook, the rows of the deliveries on screen now (by conversation id); dropped when they are reloaded */
  private readonly conversationNodes = new Map<string, Map<string, ConversationNode>>();
  /** per webhook, the match count its row shows: a walk that changes it redraws the row */
  private readonly drawnMatches = new Map<string, string>();
  private readonly retries = this._register(new RetryTimers());
  private pending = new Set<string>();
  private pendingTimer: NodeJS.Timeout | undefined;
  private readonly countChanged = this._register(new vscode.EventEmitter<void>());
  /** the number of failing webhooks may have changed (the view badge) */
  readonly onDidChangeHealth = this.countChanged.event;
  /** why the list of webhooks did not load, '' when it did (the loadError context key, for the tests too) */
  rootError: RootErrorKind | '' = '';
  private loggedCause: unknown;

  constructor(
    private readonly keys: ApiKeyStore,
    readonly model: WebhooksModel,
    /** root errors are logged (the welcome view's Show Logs): its text is static */
    private readonly log?: Pick<Logger, 'warn'>,
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

  /** Refetch: everything, or one webhook's conversations; an error row's Retry asks for its page again. */
  refresh(node?: TreeNode): void {
    if (node?.kind === 'webhook') this.model.invalidate(node.webhook.id);
    else if (node?.kind === 'conversation' || node?.kind === 'page') this.model.invalidate(node.webhookId);
    else if (node?.kind === 'message' && node.parentWebhookId) this.model.retryPage(node.parentWebhookId);
    else this.model.invalidate();
  }

  /**
   * Older/Newer deliveries: the page replaces the one on screen (the row keeps its place and the keyboard
   * focus, so Enter again turns the next page). A click on a row already replaced does nothing.
   */
  turnPage(node: unknown): boolean {
    if (!isPageNode(node)) return false;
    return node.direction === 'older' ? this.model.older(node.webhookId, node.from) : this.model.newer(node.webhookId, node.from);
  }

  async getChildren(element?: TreeNode): Promise<TreeNode[]> {
    if (!element) return this.rootChildren();
    if (element.kind === 'webhook') return this.conversationChildren(element.webhook.id);
    return [];
  }

  getParent(element: TreeNode): TreeNode | undefined {
    const parentId = element.kind === 'conversation' || element.kind === 'page' ? element.webhookId : element.kind === 'message' ? element.parentWebhookId : undefined;
    return parentId ? this.webhookNodes.get(parentId) : undefined;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'webhook': {
        const look = this.filterLook(node.webhook.id);
        this.drawnMatches.set(node.webhook.id, matchText(look));
        return webhookItem(node.webhook, this.model.healthOf(node.webhook.id), look);
      }
      case 'conversation':
        return conversationItem(node);
      case 'page':
        return pageItem(node);
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

  private filterLook(webhookId: string): WebhookFilterLook | undefined {
    const own = this.model.filters.ownFilter(webhookId);
    const matches = this.model.matchCount(webhookId);
    if (!own && !matches) return undefined;
    return { ownWords: own ? describeFilter(own) : undefined, matches };
  }

  private async rootChildren(): Promise<TreeNode[]> {
    let key;
    try {
      key = await this.keys.get();
    } catch (error) {
      // the active account's Nextmv CLI profile cannot be used: the welcome view says so (Switch Account)
      await this.setRootState(rootErrorKind(error), false, error);
      return [];
    }
    if (!key) {
      await this.setRootState('', false);
      return [];
    }
    const state = await this.model.loadWebhooks();
    if (state.state === 'failed') {
      const kind = rootErrorKind(state.error);
      if (kind === 'rateLimited') this.retries.schedule('root', retryAfterMs(state.error), () => this.model.invalidate());
      await this.setRootState(kind, false, state.error);
      return [];
    }
    if (state.state !== 'loaded') return [];
    await this.setRootState('', state.value.length === 0);
    const seen = new Set<string>();
    const nodes = state.value.map((w) => {
      seen.add(w.id);
      return this.nodeFor(w);
    });
    for (const id of [...this.webhookNodes.keys()]) if (!seen.has(id)) this.webhookNodes.delete(id);
    for (const id of [...this.conversationNodes.keys()]) if (!seen.has(id)) this.conversationNodes.delete(id);
    return nodes;
  }

  private async setRootState(error: RootErrorKind | '', noWebhooks: boolean, cause?: unknown): Promise<void> {
    if (error && (error !== this.rootError || cause !== this.loggedCause)) this.log?.warn(`The webhooks could not be listed: ${userMessageOf(cause)}`);
    this.loggedCause = cause;
    this.rootError = error;
    await setContext(TreeContextKeys.loadError, error);
    await setContext(ContextKeys.noWebhooks, noWebhooks);
  }

  private async conversationChildren(webhookId: string): Promise<TreeNode[]> {
    const state = await this.model.loadConversations(webhookId);
    if (state.state !== 'loaded') this.conversationNodes.delete(webhookId);
    if (state.state === 'failed') {
      return [errorNode(state.error, { id: `conv-error-${webhookId}`, parentWebhookId: webhookId, retry: () => this.model.invalidate(webhookId) }, this.retries)];
    }
    if (state.state !== 'loaded') return [];
    if (this.model.needsFill(webhookId)) {
      await fillWithProgress(this.model, webhookId);
      // the row above shows how many match: redraw it when the walk changed that
      if (this.drawnMatches.get(webhookId) !== matchText(this.filterLook(webhookId))) this.queueRefresh(webhookId);
    }
    const view = this.model.pageView(webhookId);
    if (!view) return [];
    const rows = this.pageRows(webhookId, view);
    this.countChanged.fire();
    return rows;
  }

  private pageRows(webhookId: string, view: PageView): TreeNode[] {
    const filter = this.model.filters.of(webhookId);
    const rows: TreeNode[] = [];
    const page = (direction: PageNode['direction'], range: PageNode['range']): PageNode => ({ kind: 'page', webhookId, direction, from: view.start, range, filtered: !!filter, stopped: direction === 'older' && view.stopped });
    if (view.hasNewer) rows.push(page('newer', { from: view.start - CONVERSATION_PAGE_SIZE + 1, to: view.start }));
    // the same node for a delivery already shown (VS Code keeps its selection); none kept for one no longer shown
    const before = this.conversationNodes.get(webhookId);
    const now = new Map<string, ConversationNode>();
    for (const conversation of view.rows) {
      const known = before?.get(conversation.id);
      const node: ConversationNode = known?.conversation === conversation ? known : { kind: 'conversation', webhookId, conversation };
      now.set(conversation.id, node);
      rows.push(node);
    }
    this.conversationNodes.set(webhookId, now);
    if (view.error !== undefined) rows.push(errorNode(view.error, { id: `page-error-${webhookId}`, parentWebhookId: webhookId, retry: () => this.model.retryPage(webhookId) }, this.retries));
    else if (view.hasOlder) {
      const end = view.start + view.rows.length;
      const next = end + CONVERSATION_PAGE_SIZE;
      rows.push(page('older', { from: end + 1, to: view.total.count >= next ? next : view.total.exact ? view.total.count : undefined }));
    }
    if (view.rows.length === 0 && view.start === 0 && view.error === undefined) {
      const state = this.model.conversationsState(webhookId);
      const any = state?.state === 'loaded' && state.value.items.length > 0;
      rows.unshift(emptyRow(webhookId, filter && any ? describeFilter(filter) : undefined, !!this.model.filters.ownFilter(webhookId), view.hasOlder));
    }
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

function matchText(look: WebhookFilterLook | undefined): string {
  return look?.matches ? `${look.matches.count}${look.matches.exact ? '' : '+'}` : '';
}

/** No deliveries (yet, or matching the filter): says so, with the way out (Trigger, or Clear Filter). */
function emptyRow(webhookId: string, filterWords: string | undefined, ownFilter: boolean, searchedPart: boolean): MessageNode {
  if (filterWords === undefined) {
    return {
      kind: 'message', id: `empty-${webhookId}`, parentWebhookId: webhookId, label: vscode.l10n.t('No deliveries yet'),
      description: vscode.l10n.t('Trigger Webhook sends a test'), icon: 'info',
      command: { command: Commands.triggerWebhook, title: vscode.l10n.t('Trigger Webhook'), arguments: [webhookId] },
    };
  }
  return {
    kind: 'message', id: `no-match-${webhookId}`, parentWebhookId: webhookId,
    label: searchedPart ? vscode.l10n.t('No matching deliveries found so far') : vscode.l10n.t('No deliveries match the filter'), description: filterWords, icon: 'filter',
    command: ownFilter ? { command: Commands.clearWebhookFilter, title: vscode.l10n.t('Clear Filter'), arguments: [webhookId] } : { command: Commands.clearFilter, title: vscode.l10n.t('Clear Filter') },
  };
}

function setContext(key: string, value: unknown): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}
