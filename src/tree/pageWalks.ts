import type { Conversation, Page } from '../core/api';
import { fillPage, type DeliveryPager, type FillOptions } from '../core/filter/pager';

/**
 * The walk that fills each webhook's page on screen: a second caller under the same filter joins it; a walk
 * under a new filter starts once the old one's request is back (the old one then stops), so no page is
 * asked for twice.
 */
export class PageWalks {
  private readonly walks = new Map<string, { readonly pager: DeliveryPager; readonly epoch: number; readonly walk: Promise<void> }>();

  run(webhookId: string, pager: DeliveryPager, fetchPage: (cursor: string) => Promise<Page<Conversation> | undefined>, o: FillOptions): Promise<void> {
    const running = this.walks.get(webhookId);
    if (running && running.pager === pager && running.epoch === pager.epoch) return running.walk;
    if (!pager.needsFetch()) return running?.walk ?? Promise.resolve();
    // with nothing under way the first request leaves at once
    const walk: Promise<void> = (running ? running.walk.then(() => fillPage(pager, fetchPage, o)) : fillPage(pager, fetchPage, o))
      .then(() => undefined)
      .finally(() => {
        if (this.walks.get(webhookId)?.walk === walk) this.walks.delete(webhookId);
      });
    this.walks.set(webhookId, { pager, epoch: pager.epoch, walk });
    return walk;
  }

  forget(webhookId: string): void {
    this.walks.delete(webhookId);
  }

  clear(): void {
    this.walks.clear();
  }
}
