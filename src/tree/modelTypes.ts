/** The shapes the webhooks model hands out (model.ts re-exports them). */
import type { Conversation } from '../core/api';
import type { DeliveryPager } from '../core/filter/pager';

/** Rows per page of conversations in the tree (and the page size asked of the API). */
export const CONVERSATION_PAGE_SIZE = 100;

export type Load<T> = { state: 'loading' } | { state: 'loaded'; value: T } | { state: 'failed'; error: unknown };

/**
 * A webhook's deliveries: `items` (everything fetched, newest first), `nextCursor`, and the page on screen
 * (`start`; `shown` = rows from the top of the list to the end of that page).
 */
export type ConversationList = DeliveryPager;

/** The newest deliveries of a webhook, as a refresh learned them (a health check's one, or a first page). */
export interface NewestDeliveries {
  readonly webhookId: string;
  /** newest first; undefined when they could not be loaded */
  readonly items: readonly Conversation[] | undefined;
  /** the list holds every delivery of the webhook */
  readonly complete: boolean;
  /** a health check (one delivery), not a page */
  readonly probe: boolean;
}
