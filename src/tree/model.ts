import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { Connection } from '../connection/connection';
import type { Conversation, Webhook } from '../core/api';
import { conversationOutcome } from '../core/api/types';
import { Pacer } from '../core/api/pacer';
import type { Health } from './nodes';

/** Rows per "page" of conversations in the tree (and the page size asked of the API). */
export const CONVERSATION_PAGE_SIZE = 100;
/** Health requests in flight at once. */
const HEALTH_CONCURRENCY = 4;
/** Health requests per second: 600 a minute at most, well under the API's 2,000, leaving room for the user. */
const HEALTH_PER_SECOND = 10;

export type Load<T> = { state: 'loading' } | { state: 'loaded'; value: T } | { state: 'failed'; error: unknown };

export interface ConversationList {
  /** everything fetched so far, newest first */
  readonly items: Conversation[];
  /** how many rows the tree shows (a server without paging returns all at once; the tree still pages) */
  shown: number;
  nextCursor?: string;
}

/**
 * What the tree shows, fetched lazily and cached until refreshed: the webhooks, each webhook's
 * conversations (one request per page) and each webhook's health (one small request, at most
 * HEALTH_CONCURRENCY at a time, skipped when the conversations are already loaded).
 */
export class WebhooksModel extends Disposable {
  private webhooks: Load<Webhook[]> | undefined;
  private webhooksPromise: Promise<void> | undefined;
  private readonly conversations = new Map<string, Load<ConversationList>>();
  private readonly conversationPromises = new Map<string, Promise<void>>();
  /** the next-page request in flight, per webhook: a second Load more… joins it instead of asking again */
  private readonly morePromises = new Map<string, Promise<void>>();
  /** per webhook, bumped by invalidate(webhookId): answers to requests made before it are dropped */
  private readonly webhookGenerations = new Map<string, number>();
  private readonly health = new Map<string, Health>();
  private healthQueue: string[] = [];
  private healthRunning = 0;
  private healthPacer = new Pacer(HEALTH_PER_SECOND);
  private generation = 0;
  /** requests made, by kind: reported by the benchmarks */
  readonly requestCounts = { webhooks: 0, conversations: 0, health: 0 };

  private readonly changed = this._register(new vscode.EventEmitter<{ webhookId?: string } | undefined>());
  /** undefined: everything; {webhookId}: that webhook's row and children */
  readonly onDidChange = this.changed.event;

  constructor(private readonly connection: Connection) {
    super();
  }

  /** Forget everything (or one webhook's conversations) and fetch again on the next read. */
  invalidate(webhookId?: string): void {
    if (webhookId) {
      this.webhookGenerations.set(webhookId, (this.webhookGenerations.get(webhookId) ?? 0) + 1);
      this.conversations.delete(webhookId);
      this.conversationPromises.delete(webhookId);
      this.morePromises.delete(webhookId);
      this.health.delete(webhookId);
      this.changed.fire({ webhookId });
      return;
    }
    this.generation++;
    this.webhooks = undefined;
    this.webhooksPromise = undefined;
    this.conversations.clear();
    this.conversationPromises.clear();
    this.morePromises.clear();
    this.health.clear();
    this.healthQueue = [];
    this.healthPacer = new Pacer(HEALTH_PER_SECOND); // the old reservations were for checks now dropped
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
    this.conversations.delete(id);
    this.health.delete(id);
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
      pending = this.inFlight(this.conversationPromises, webhookId, this.fetchPage(webhookId, undefined));
    }
    await pending;
    return this.conversations.get(webhookId) ?? { state: 'loading' };
  }

  /**
   * Shows the next page: from what is already fetched if the server sent more, else one more request. A call
   * while that request is in flight (a second click) joins it; the first call reports its failure.
   */
  async loadMore(webhookId: string): Promise<void> {
    const joining = this.morePromises.get(webhookId);
    if (joining) return joining.catch(() => undefined);
    const known = this.conversations.get(webhookId);
    if (known?.state !== 'loaded') return;
    const list = known.value;
    if (list.items.length > list.shown) {
      list.shown = Math.min(list.items.length, list.shown + CONVERSATION_PAGE_SIZE);
    } else if (list.nextCursor) {
      await this.inFlight(this.morePromises, webhookId, this.fetchPage(webhookId, list.nextCursor));
    }
    this.changed.fire({ webhookId });
  }

  /** Remembers a webhook's request in `map` until it settles (unless a newer one took its place meanwhile). */
  private inFlight(map: Map<string, Promise<void>>, webhookId: string, request: Promise<void>): Promise<void> {
    const tracked = request.finally(() => {
      if (map.get(webhookId) === tracked) map.delete(webhookId);
    });
    map.set(webhookId, tracked);
    return tracked;
  }

  /** Whether answers to requests about this webhook made now are still wanted later (no invalidate since). */
  private stillCurrent(webhookId: string): () => boolean {
    const gen = this.generation;
    const hookGen = this.webhookGenerations.get(webhookId);
    return () => gen === this.generation && hookGen === this.webhookGenerations.get(webhookId);
  }

  private async fetchPage(webhookId: string, cursor: string | undefined): Promise<void> {
    const current = this.stillCurrent(webhookId);
    this.requestCounts.conversations++;
    try {
      const page = await this.connection.client().listConversationsPage(webhookId, cursor, CONVERSATION_PAGE_SIZE);
      if (!current()) return;
      const previous = cursor ? this.conversations.get(webhookId) : undefined;
      const items = withNew(previous?.state === 'loaded' ? previous.value.items : [], page.items);
      const shown = Math.min(items.length, (previous?.state === 'loaded' ? previous.value.shown : 0) + CONVERSATION_PAGE_SIZE);
      this.conversations.set(webhookId, { state: 'loaded', value: { items, shown, nextCursor: page.nextCursor } });
      this.health.set(webhookId, healthOf(items[0]));
    } catch (error) {
      if (!current()) return;
      if (!cursor) this.conversations.set(webhookId, { state: 'failed', error });
      else throw error;
    }
  }

  /** Health if known; otherwise queues one small request and fires a change when it is back. */
  healthOf(webhookId: string): Health {
    const known = this.health.get(webhookId);
    if (known) return known;
    this.health.set(webhookId, 'unknown');
    this.healthQueue.push(webhookId);
    this.pumpHealth();
    return 'unknown';
  }

  failingCount(): number {
    let n = 0;
    for (const h of this.health.values()) if (h === 'failing') n++;
    return n;
  }

  private pumpHealth(): void {
    while (this.healthRunning < HEALTH_CONCURRENCY && this.healthQueue.length) {
      const id = this.healthQueue.shift()!;
      const current = this.stillCurrent(id);
      this.healthRunning++;
      const wait = this.healthPacer.reserve(Date.now());
      let learned = false;
      new Promise((resolve) => setTimeout(resolve, wait))
        .then(() => {
          if (!current()) return undefined;
          this.requestCounts.health++;
          return this.connection.client().listConversationsPage(id, undefined, 1);
        })
        .then(
          (page) => {
            if (page && current() && this.health.get(id) === 'unknown') {
              this.health.set(id, healthOf(page.items[0]));
              learned = true;
            }
          },
          () => undefined, // health is a hint: a failed check leaves it unknown
        )
        .finally(() => {
          this.healthRunning--;
          // Only a new answer redraws the row: a redraw of an expanded webhook re-creates its children, and a
          // click already on its way to one of them (Load more…) would reach a command VS Code has dropped.
          if (learned) this.changed.fire({ webhookId: id });
          this.pumpHealth();
        });
    }
  }
}

/** `items`, then those of `more` not among them (by id): a page shifts when deliveries arrive in between. */
function withNew(items: readonly Conversation[], more: readonly Conversation[]): Conversation[] {
  const out = [...items];
  const seen = new Set(items.map((c) => c.id));
  for (const c of more) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    out.push(c);
  }
  return out;
}

function healthOf(latest: Conversation | undefined): Health {
  if (!latest) return 'none';
  return conversationOutcome(latest) === 'success' ? 'ok' : 'failing';
}
