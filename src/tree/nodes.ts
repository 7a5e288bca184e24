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
export interface LoadMoreNode {
  readonly kind: 'loadMore';
  readonly webhookId: string;
  readonly shown: number;
}
/** An error, empty or informational row. A command makes the row actionable (Retry, Set API Key…). */
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
}

export type TreeNode = WebhookNode | ConversationNode | LoadMoreNode | MessageNode;

export function isWebhookNode(v: unknown): v is WebhookNode {
  return typeof v === 'object' && v !== null && (v as TreeNode).kind === 'webhook';
}
export function isConversationNode(v: unknown): v is ConversationNode {
  return typeof v === 'object' && v !== null && (v as TreeNode).kind === 'conversation';
}
