/**
 * The fake's data: webhooks (with their secrets) and each webhook's conversations, applications and their
 * runs. Conversations are append-only per webhook, so a position in that log is a stable cursor for
 * newest-first pages. Runs live in memory only (not in `--state` files) and the oldest go beyond MAX_RUNS.
 */
import type { StoredApplication, StoredRun, StoredWebhook, WireConversation } from './types';

/** runs kept in memory; the oldest are forgotten beyond this */
export const MAX_RUNS = 10_000;

interface ConversationLog {
  /** oldest first */
  items: WireConversation[];
  /** seeded conversations not generated yet: made on first access, so a big seed starts at once */
  pending?: () => WireConversation[];
  /** built on first lookup by id */
  byId?: Map<string, WireConversation>;
}

/** The JSON written by `--state file.json`. */
export interface PersistedState {
  version: 1;
  webhooks: StoredWebhook[];
  /** webhook id → conversations, oldest first */
  conversations: Record<string, WireConversation[]>;
  /** absent in files written before the fake knew applications: the seed's are used then */
  applications?: StoredApplication[];
}

export class FakeState {
  private readonly webhooks = new Map<string, StoredWebhook>();
  private sortedIds: string[] | undefined;
  private readonly logs = new Map<string, ConversationLog>();
  private readonly listeners = new Set<() => void>();
  private readonly applications = new Map<string, StoredApplication>();
  /** by run id; insertion order = creation order */
  private readonly runs = new Map<string, StoredRun>();

  /** Called after every change (persistence hooks in here). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get webhookCount(): number {
    return this.webhooks.size;
  }

  getWebhook(id: string): StoredWebhook | undefined {
    return this.webhooks.get(id);
  }

  /** sorted by id, which keeps cursors stable while webhooks come and go */
  listWebhooks(): StoredWebhook[] {
    return this.ids().map((id) => this.webhooks.get(id) as StoredWebhook);
  }

  /** Up to `limit` webhooks with ids after `afterId`, and the id to continue after when more remain. */
  webhookPage(afterId: string | undefined, limit: number): { items: StoredWebhook[]; nextAfter?: string } {
    const ids = this.ids();
    let start = 0;
    if (afterId !== undefined) {
      // first id greater than afterId (binary search; afterId itself may have been deleted)
      let lo = 0;
      let hi = ids.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (ids[mid] <= afterId) lo = mid + 1;
        else hi = mid;
      }
      start = lo;
    }
    const slice = ids.slice(start, start + limit);
    const items = slice.map((id) => this.webhooks.get(id) as StoredWebhook);
    return { items, nextAfter: start + limit < ids.length ? slice[slice.length - 1] : undefined };
  }

  /** Creates or replaces. */
  putWebhook(webhook: StoredWebhook): void {
    if (!this.webhooks.has(webhook.id)) this.sortedIds = undefined;
    this.webhooks.set(webhook.id, webhook);
    if (!this.logs.has(webhook.id)) this.logs.set(webhook.id, { items: [] });
    this.changed();
  }

  /** Removes the webhook and its conversations. */
  deleteWebhook(id: string): boolean {
    if (!this.webhooks.delete(id)) return false;
    this.logs.delete(id);
    this.sortedIds = undefined;
    this.changed();
    return true;
  }

  addConversation(conversation: WireConversation): void {
    const log = this.logOf(conversation.webhook_id);
    log.items.push(conversation);
    log.byId?.set(conversation.id, conversation);
    this.changed();
  }

  /** Many at once, oldest first, after those already there; one change notification. */
  addConversations(webhookId: string, conversations: readonly WireConversation[]): void {
    const log = this.logOf(webhookId);
    for (const c of conversations) {
      log.items.push(c);
      log.byId?.set(c.id, c);
    }
    this.changed();
  }

  /** For seeding: conversations (oldest first) made only when first needed, before any added later. */
  addLazyConversations(webhookId: string, generate: () => WireConversation[]): void {
    const log = this.logOf(webhookId);
    const earlier = log.pending;
    log.pending = earlier ? () => [...earlier(), ...generate()] : generate;
  }

  conversationCount(webhookId: string): number {
    const log = this.logs.get(webhookId);
    return log ? this.materialized(log).items.length : 0;
  }

  /** Newest first, at most `limit`, starting below log position `before` (exclusive); and where to go on. */
  conversationPage(webhookId: string, before: number | undefined, limit: number): { items: WireConversation[]; nextBefore?: number } {
    const log = this.logs.get(webhookId);
    const all = log ? this.materialized(log).items : [];
    const top = Math.min(before ?? all.length, all.length);
    const bottom = Math.max(0, top - limit);
    const items: WireConversation[] = [];
    for (let i = top - 1; i >= bottom; i--) items.push(all[i]);
    return { items, nextBefore: bottom > 0 ? bottom : undefined };
  }

  getConversation(webhookId: string, conversationId: string): WireConversation | undefined {
    const log = this.logs.get(webhookId);
    if (!log) return undefined;
    this.materialized(log);
    if (!log.byId) log.byId = new Map(log.items.map((c) => [c.id, c]));
    return log.byId.get(conversationId);
  }

  get applicationCount(): number {
    return this.applications.size;
  }

  /** sorted by id */
  listApplications(): StoredApplication[] {
    return [...this.applications.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  getApplication(id: string): StoredApplication | undefined {
    return this.applications.get(id);
  }

  /** Creates or replaces. */
  putApplication(application: StoredApplication): void {
    this.applications.set(application.id, application);
    this.changed();
  }

  /** A run of that application (undefined for a run of another one). */
  getRun(applicationId: string, runId: string): StoredRun | undefined {
    const run = this.runs.get(runId);
    return run && run.application_id === applicationId ? run : undefined;
  }

  /** Any application's run. */
  findRun(runId: string): StoredRun | undefined {
    return this.runs.get(runId);
  }

  /** Stores a new run (runs are not persisted: no change notification). */
  addRun(run: StoredRun): void {
    this.runs.set(run.id, run);
    if (this.runs.size > MAX_RUNS) this.runs.delete(this.runs.keys().next().value as string);
  }

  /** every run, oldest first */
  listRuns(): StoredRun[] {
    return [...this.runs.values()];
  }

  clear(): void {
    this.webhooks.clear();
    this.logs.clear();
    this.sortedIds = undefined;
    this.applications.clear();
    this.runs.clear();
    this.changed();
  }

  toJSON(): PersistedState {
    const conversations: Record<string, WireConversation[]> = {};
    for (const [id, log] of this.logs) if (this.materialized(log).items.length > 0) conversations[id] = log.items;
    return { version: 1, webhooks: this.listWebhooks(), conversations, applications: this.listApplications() };
  }

  /** Replaces everything with a persisted state (checked loosely: it is our own file). */
  load(persisted: PersistedState): void {
    if (persisted.version !== 1 || !Array.isArray(persisted.webhooks)) throw new Error('not a fake-api state file (version 1)');
    this.webhooks.clear();
    this.logs.clear();
    this.sortedIds = undefined;
    this.applications.clear();
    this.runs.clear();
    for (const a of persisted.applications ?? []) this.applications.set(a.id, a);
    for (const w of persisted.webhooks) {
      this.webhooks.set(w.id, { ...w, extra: w.extra ?? {} });
      this.logs.set(w.id, { items: [] });
    }
    for (const [id, items] of Object.entries(persisted.conversations ?? {})) if (this.webhooks.has(id)) this.logs.set(id, { items: [...items] });
    this.changed();
  }

  private logOf(webhookId: string): ConversationLog {
    let log = this.logs.get(webhookId);
    if (!log) {
      log = { items: [] };
      this.logs.set(webhookId, log);
    }
    return this.materialized(log);
  }

  private materialized(log: ConversationLog): ConversationLog {
    if (log.pending) {
      const generate = log.pending;
      log.pending = undefined;
      log.items = [...generate(), ...log.items];
      log.byId = undefined;
    }
    return log;
  }

  private ids(): string[] {
    if (!this.sortedIds) this.sortedIds = [...this.webhooks.keys()].sort();
    return this.sortedIds;
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
