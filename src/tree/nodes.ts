import type { Conversation, Webhook } from '../core/api';

/** Health of a webhook from its latest delivery. */
export type Health = 'ok' | 'failing' | 'none' | 'unknown';

export interface WebhookNode {
  readonly kind: 'webhook';
  readonly webhook: Webhook;
}
export interface ConversationNode {
  readonly kind: 'conversation';
  readonly webhookId: string;
  readonly conversation: Conversation;
}
/** "Newer deliveries" / "Older deliveries": replaces the page on screen with the one before or after it. */
export interface PageNode {
  readonly kind: 'page';
  readonly webhookId: string;
  readonly direction: 'newer' | 'older';
  /** the start of the page on screen when the row was drawn: a click on a row already replaced does nothing */
  readonly from: number;
  /** the rows the click leads to, 1-based ("101–200"); `to` undefined while unknown */
  readonly range: { readonly from: number; readonly to?: number };
  /** with a filter: the rows are matches; `stopped`: the search was stopped short of a full page */
  readonly filtered: boolean;
  readonly stopped: boolean;
}
/**
 * An error, empty or informational row. A command makes the row actionable ("No deliveries yet" → Trigger);
 * a row with `retry` is an error that offers Retry as an inline action instead (the view's guidelines:
 * errors are not clickable rows).
 */
export interface MessageNode {
  readonly kind: 'message';
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly icon: string;
  readonly iconColor?: string;
  readonly command?: { readonly command: string; readonly title: string; readonly arguments?: unknown[] };
  readonly parentWebhookId?: string;
  /** an error row whose inline Refresh retries this webhook's page */
  readonly retry?: boolean;
}

export type TreeNode = WebhookNode | ConversationNode | PageNode | MessageNode;

export function isWebhookNode(v: unknown): v is WebhookNode {
  return typeof v === 'object' && v !== null && (v as TreeNode).kind === 'webhook';
}
export function isConversationNode(v: unknown): v is ConversationNode {
  return typeof v === 'object' && v !== null && (v as TreeNode).kind === 'conversation';
}

export function isPageNode(v: unknown): v is PageNode {
  return typeof v === 'object' && v !== null && (v as TreeNode).kind === 'page';
}
