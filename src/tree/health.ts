import type { Conversation, Page } from '../core/api';
import { conversationOutcome } from '../core/api/types';
import { Pacer } from '../core/api/pacer';
import type { Health } from './nodes';

/** Health requests in flight at once. */
const HEALTH_CONCURRENCY = 4;
/** Health requests per second: 600 a minute at most, well under the API's 2,000, leaving room for the user. */
const HEALTH_PER_SECOND = 10;

export interface HealthHooks {
  /** the newest delivery of a webhook (a page of one) */
  probe(webhookId: string): Promise<Page<Conversation>>;
  /** whether answers about this webhook asked for now are still wanted later (no reload since) */
  stillCurrent(webhookId: string): () => boolean;
  /** a probe answered (page) or failed (undefined), and is still wanted */
  answered(webhookId: string, page: Page<Conversation> | undefined, learnedHealth: boolean): void;
}

/**
 * Each webhook's health from its newest delivery: one small request per webhook, at most HEALTH_CONCURRENCY at
 * a time and HEALTH_PER_SECOND, skipped when the first page of its deliveries already told.
 */
export class HealthChecks {
  private readonly health = new Map<string, Health>();
  private queue: string[] = [];
  private running = 0;
  private pacer = new Pacer(HEALTH_PER_SECOND);

  constructor(private readonly hooks: HealthHooks) {}

  /** Health if known; otherwise queues one small request (answered through hooks.answered). */
  of(webhookId: string): Health {
    const known = this.health.get(webhookId);
    if (known) return known;
    this.health.set(webhookId, 'unknown');
    this.queue.push(webhookId);
    this.pump();
    return 'unknown';
  }

  /** What the first page of a webhook's deliveries told. */
  learn(webhookId: string, newest: Conversation | undefined): void {
    this.health.set(webhookId, healthOf(newest));
  }

  forget(webhookId: string): void {
    this.health.delete(webhookId);
  }

  clear(): void {
    this.health.clear();
    this.queue = [];
    this.pacer = new Pacer(HEALTH_PER_SECOND); // the old reservations were for checks now dropped
  }

  failingCount(): number {
    let n = 0;
    for (const h of this.health.values()) if (h === 'failing') n++;
    return n;
  }

  private pump(): void {
    while (this.running < HEALTH_CONCURRENCY && this.queue.length) {
      const id = this.queue.shift()!;
      const current = this.hooks.stillCurrent(id);
      this.running++;
      const wait = this.pacer.reserve(Date.now());
      new Promise((resolve) => setTimeout(resolve, wait))
        .then(() => (current() ? this.hooks.probe(id) : undefined))
        .then(
          (page) => {
            if (!page || !current()) return;
            // Only a new answer counts: a redraw of an expanded webhook re-creates its children, and a click
            // already on its way to one of them would reach a command VS Code has dropped.
            const learned = this.health.get(id) === 'unknown';
            if (learned) this.health.set(id, healthOf(page.items[0]));
            this.hooks.answered(id, page, learned);
          },
          () => {
            // health is a hint: a failed check leaves it unknown
            if (current()) this.hooks.answered(id, undefined, false);
          },
        )
        .finally(() => {
          this.running--;
          this.pump();
        });
    }
  }
}

export function healthOf(latest: Conversation | undefined): Health {
  if (!latest) return 'none';
  return conversationOutcome(latest) === 'success' ? 'ok' : 'failing';
}
