import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { Connection } from '../connection/connection';
import type { Webhook } from '../core/api';
import { compileFilter } from '../core/filter/filter';
import { DeliveryPager, type FillOptions, type PageView } from '../core/filter/pager';
import { CONVERSATION_PAGE_SIZE, type ConversationList, type Load, type NewestDeliveries } from './modelTypes';
import { FilterState } from './filters';
import { HealthChecks } from './health';
import { PageWalks } from './pageWalks';
import type { Health } from './nodes';

export { CONVERSATION_PAGE_SIZE, type ConversationList, type Load, type NewestDeliveries } from './modelTypes';

/**
 * What the tree shows, fetched lazily and cached until refreshed: the webhooks, each webhook's deliveries
 * as pages that replace each other (one request per page; a filter walks on only as far as the page on
 * screen needs), the filters, and each webhook's health (health.ts).
 */
export class WebhooksModel extends Disposable {
  private webhooks: Load<Webhook[]> | undefined;
  private webhooksPromise: Promise<void> | undefined;
  private readonly conversations = new Map<string, Load<ConversationList>>();
  private readonly conversationPromises = new Map<string, Promise<void>>();
  private readonly walks = new PageWalks();
  /** per webhook, bumped by invalidate(webhookId): answers to requests made before it are dropped */
  private readonly webhookGenerations = new Map<string, number>();
  private generation = 0;
  private readonly health: HealthChecks;
  readonly filters = this._register(new FilterState());
  /** requests made, by kind: reported by the benchmarks */
  readonly requestCounts = { webhooks: 0, conversations: 0, health: 0 };

  private readonly changed = this._register(new vscode.EventEmitter<{ webhookId?: string } | undefined>());
  /** undefined: everything; {webhookId}: that webhook's row and children */
  readonly onDidChange = this.changed.event;
  private readonly invalidated = this._register(new vscode.EventEmitter<{ readonly webhookId?: string }>());
  /** a refresh: {} everything (Refresh, auto-refresh, another key or API), {webhookId} one webhook */
  readonly onDidInvalidate = this.invalidated.event;
  private readonly newest = this._register(new vscode.EventEmitter<NewestDeliveries>());
  /** what a health check or a first page learned about a webhook's newest deliveries (failure alerts) */
  readonly onDidLearnNewest = this.newest.event;

  constructor(private readonly connection: Connection) {
    super();
    this.health = new HealthChecks({
      stillCurrent: (id) => this.stillCurrent(id),
      probe: (id) => {
        this.requestCounts.health++;
        return this.connection.client().listConversationsPage(id, undefined, 1);
      },
      answered: (id, page, learned) => {
        this.newest.fire({ webhookId: id, items: page?.items, complete: !!page && page.nextCursor === undefined, probe: true });
        if (learned) this.changed.fire({ webhookId: id });
      },
    });
    this._register(this.filters.onDidChange((e) => this.applyFilters(e.webhookId)));
  }

  /** Forget everything (or one webhook's conversations) and fetch again on the next read. Filters stay. */
  invalidate(webhookId?: string): void {
    if (webhookId) {
      this.webhookGenerations.set(webhookId, (this.webhookGenerations.get(webhookId) ?? 0) + 1);
      this.dropConversations(webhookId);
      this.health.forget(webhookId);
      this.invalidated.fire({ webhookId });
      this.changed.fire({ webhookId });
      return;
    }
    this.generation++;
    this.webhooks = undefined;
    this.webhooksPromise = undefined;
    this.conversations.clear();
    this.conversationPromises.clear();
    this.walks.clear();
    this.health.clear();
    this.invalidated.fire({});
    this.changed.fire(undefined);
  }

  webhooksState(): Load<Webhook[]> | undefined {
    return this.webhooks;
  }

  /** Loads the list if needed; resolves when webhooksState() is loaded or failed. */
  async loadWebhooks(): Promise<Load<Webhook[]>> {
    if (this.webhooks && this.webhooks.state !== 'loading') return this.webhooks;
    if (!this.webhooksPromise) {
      const gen = this.generation;
      this.webhooks = { state: 'loading' };
      this.requestCounts.webhooks++;
      this.webhooksPromise = this.connection
        .client()
        .listWebhooks()
        .then(
          (list) => {
            if (gen === this.generation) this.webhooks = { state: 'loaded', value: [...list].sort((a, b) => a.id.localeCompare(b.id)) };
          },
          (error: unknown) => {
            if (gen === this.generation) this.webhooks = { state: 'failed', error };
          },
        );
    }
    await this.webhooksPromise;
    return this.webhooks ?? { state: 'loading' };
  }

  findWebhook(id: string): Webhook | undefined {
    return this.webhooks?.state === 'loaded' ? this.webhooks.value.find((w) => w.id === id) : undefined;
  }

  /** Replaces one webhook in the cached list (after create/edit) without refetching everything. */
  upsertWebhook(webhook: Webhook): void {
    if (this.webhooks?.state !== 'loaded') return;
    const list = this.webhooks.value.filter((w) => w.id !== webhook.id);
    list.push(webhook);
    list.sort((a, b) => a.id.localeCompare(b.id));
    this.webhooks = { state: 'loaded', value: list };
    this.changed.fire(undefined);
  }

  removeWebhook(id: string): void {
    if (this.webhooks?.state !== 'loaded') return;
    this.webhooks = { state: 'loaded', value: this.webhooks.value.filter((w) => w.id !== id) };
    this.dropConversations(id);
    this.health.forget(id);
    this.filters.forget(id);
    this.changed.fire(undefined);
  }

  conversationsState(webhookId: string): Load<ConversationList> | undefined {
    return this.conversations.get(webhookId);
  }

  /** The first page of a webhook's conversations: one request. */
  async loadConversations(webhookId: string): Promise<Load<ConversationList>> {
    const known = this.conversations.get(webhookId);
    if (known && known.state !== 'loading') return known;
    let pending = this.conversationPromises.get(webhookId);
    if (!pending) {
      this.conversations.set(webhookId, { state: 'loading' });
      pending = inFlight(this.conversationPromises, webhookId, this.fetchFirstPage(webhookId));
    }
    await pending;
    return this.conversations.get(webhookId) ?? { state: 'loading' };
  }

  /** The page on screen of a loaded webhook (after its first page), or undefined. */
  pageView(webhookId: string): PageView | undefined {
    return this.loadedList(webhookId)?.view();
  }

  private loadedList(webhookId: string): ConversationList | undefined {
    const known = this.conversations.get(webhookId);
    return known?.state === 'loaded' ? known.value : undefined;
  }

  /** Whether the page on screen is short and further pages could fill it. */
  needsFill(webhookId: string): boolean {
    return this.loadedList(webhookId)?.needsFetch() ?? false;
  }

  /**
   * Fetches further pages while the page on screen is short: at most one request without a filter; with
   * one, as many as it takes (the caller shows progress and may abort). A second caller joins the walk.
   */
  fillPage(webhookId: string, o: FillOptions = {}): Promise<void> {
    const pager = this.loadedList(webhookId);
    if (!pager) return Promise.resolve();
    const current = this.stillCurrent(webhookId);
    return this.walks.run(
      webhookId,
      pager,
      async (cursor) => {
        this.requestCounts.conversations++;
        const page = await this.connection.client().listConversationsPage(webhookId, cursor, CONVERSATION_PAGE_SIZE, { signal: o.signal });
        return current() ? page : undefined;
      },
      o,
    );
  }

  /** Older deliveries: the next page replaces the one on screen (`from`: the page it was asked from, if known). */
  older(webhookId: string, from?: number): boolean {
    return this.movePage(webhookId, from, (p) => p.older());
  }

  newer(webhookId: string, from?: number): boolean {
    return this.movePage(webhookId, from, (p) => p.newer());
  }

  /** The next page, fetched if needed: kept for callers of the list that grew ("Load more…"). */
  async loadMore(webhookId: string): Promise<void> {
    if (this.older(webhookId)) await this.fillPage(webhookId);
  }

  /** Retry of a page that failed to load (the first: reloads the webhook; a later one: asks for it again). */
  retryPage(webhookId: string): void {
    const pager = this.loadedList(webhookId);
    if (!pager) return this.invalidate(webhookId);
    pager.error = undefined;
    this.changed.fire({ webhookId });
  }

  /**
   * Puts the page holding this delivery on screen (loading the first page if needed), even when the filter
   * would hide it. False when it is not among the deliveries fetched.
   */
  async showConversation(webhookId: string, conversationId: string): Promise<boolean> {
    const state = await this.loadConversations(webhookId);
    if (state.state !== 'loaded') return false;
    const before = state.value.start;
    if (!state.value.showDelivery(conversationId)) return false;
    if (state.value.start !== before) this.changed.fire({ webhookId });
    return true;
  }

  /** How many deliveries match the webhook's filter (and whether that is all), when it has one and is loaded. */
  matchCount(webhookId: string): { count: number; exact: boolean } | undefined {
    if (!this.filters.of(webhookId)) return undefined;
    return this.pageView(webhookId)?.total;
  }

  /** Health if known; otherwise queues one small request and fires a change when it is back. */
  healthOf(webhookId: string): Health {
    return this.health.of(webhookId);
  }

  failingCount(): number {
    return this.health.failingCount();
  }

  /** The filter applying to these webhooks changed: their loaded lists match it again, from the newest page. */
  private applyFilters(webhookId: string | undefined): void {
    const now = Date.now();
    for (const [id, state] of this.conversations) {
      if (webhookId && id !== webhookId) continue;
      if (state.state === 'loaded') state.value.setFilter(this.compiledFilter(id, now));
    }
    this.changed.fire(webhookId ? { webhookId } : undefined);
  }

  private compiledFilter(webhookId: string, now = Date.now()) {
    const f = this.filters.of(webhookId);
    return f ? compileFilter(f, now) : undefined;
  }

  private movePage(webhookId: string, from: number | undefined, move: (p: DeliveryPager) => boolean): boolean {
    const pager = this.loadedList(webhookId);
    // from: a second click on a page row already replaced does nothing
    if (!pager || (from !== undefined && pager.start !== from) || !move(pager)) return false;
    this.changed.fire({ webhookId });
    return true;
  }

  private dropConversations(webhookId: string): void {
    this.conversations.delete(webhookId);
    this.conversationPromises.delete(webhookId);
    this.walks.forget(webhookId);
  }

  /** Whether answers to requests about this webhook made now are still wanted later (no invalidate since). */
  private stillCurrent(webhookId: string): () => boolean {
    const gen = this.generation;
    const hookGen = this.webhookGenerations.get(webhookId);
    return () => gen === this.generation && hookGen === this.webhookGenerations.get(webhookId);
  }

  private async fetchFirstPage(webhookId: string): Promise<void> {
    const current = this.stillCurrent(webhookId);
    this.requestCounts.conversations++;
    try {
      const page = await this.connection.client().listConversationsPage(webhookId, undefined, CONVERSATION_PAGE_SIZE);
      if (!current()) return;
      const pager = new DeliveryPager(CONVERSATION_PAGE_SIZE, this.compiledFilter(webhookId));
      pager.append(page);
      this.conversations.set(webhookId, { state: 'loaded', value: pager });
      this.health.learn(webhookId, pager.items[0]);
      this.newest.fire({ webhookId, items: pager.items, complete: pager.nextCursor === undefined, probe: false });
    } catch (error) {
      if (!current()) return;
      this.conversations.set(webhookId, { state: 'failed', error });
      this.newest.fire({ webhookId, items: undefined, complete: false, probe: false });
    }
  }
}

/** Remembers a webhook's request in `map` until it settles (unless a newer one took its place meanwhile). */
function inFlight(map: Map<string, Promise<void>>, webhookId: string, request: Promise<void>): Promise<void> {
  const tracked = request.finally(() => {
    if (map.get(webhookId) === tracked) map.delete(webhookId);
  });
  map.set(webhookId, tracked);
  return tracked;
}
