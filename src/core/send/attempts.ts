/**
 * This session's local attempts, in memory only: listed under the delivery they were sent from (newest
 * first), and found by id for their body documents. Bodies can be large, so only the most recent are kept.
 */
import type { LocalAttempt } from './attempt';

/** Attempts kept in all; the oldest go first. */
export const MAX_KEPT_ATTEMPTS = 100;
/** Attempts listed per delivery. */
export const MAX_LISTED_PER_DELIVERY = 10;

export class AttemptLog {
  /** oldest first */
  private readonly all: LocalAttempt[] = [];
  private readonly listeners = new Set<(attempt: LocalAttempt) => void>();

  add(attempt: LocalAttempt): void {
    this.all.push(attempt);
    if (this.all.length > MAX_KEPT_ATTEMPTS) this.all.splice(0, this.all.length - MAX_KEPT_ATTEMPTS);
    for (const listener of [...this.listeners]) listener(attempt);
  }

  get(id: string): LocalAttempt | undefined {
    return this.all.find((a) => a.id === id);
  }

  /** The attempts sent from a delivery, newest first (at most MAX_LISTED_PER_DELIVERY). */
  forDelivery(conversationId: string): LocalAttempt[] {
    const out: LocalAttempt[] = [];
    for (let i = this.all.length - 1; i >= 0 && out.length < MAX_LISTED_PER_DELIVERY; i--) {
      if (this.all[i].sourceConversationId === conversationId) out.push(this.all[i]);
    }
    return out;
  }

  /** Called after each added attempt; returns the unsubscribe function. */
  onDidAdd(listener: (attempt: LocalAttempt) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.all.length;
  }
}
