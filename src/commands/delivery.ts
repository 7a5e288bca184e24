/**
 * The delivery a row command acts on: the clicked row of our own tree, or (palette) a webhook and then one of
 * its deliveries picked from a list. Send Again…, Edit and Send…, Copy as cURL, Compare With… and the body
 * documents share it.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { Conversation } from '../core/api';
import type { DeliveryRef } from '../core/inspector/deliveryActions';
import { conversationRowLabel } from '../core/inspector/format';
import { isConversationNode, type ConversationNode } from '../tree/nodes';
import { resolveWebhook } from './webhook';

/** What a delivery needs for an action: a test, and its noun for "no delivery with a <what>" (default: a recorded request). */
export interface DeliveryNeed {
  readonly has: (c: Conversation) => boolean;
  readonly what: string;
}


export const WITH_REQUEST: DeliveryNeed = { has: (c) => !!c.request, what: vscode.l10n.t('request') };

/** A delivery row of our own tree (the node the tree drew), not a look-alike built by another extension. */
export function isOwnDeliveryRow(s: Services, arg: unknown): arg is ConversationNode {
  return isConversationNode(arg) && s.tree.conversationNode(arg.webhookId, arg.conversation.id) === arg;
}

/**
 * The clicked row, or the pickers. Only a row of our own tree counts: what some actions hand out is signed with
 * the webhook's secret, so another extension's argument only leads to the pickers, where the user decides.
 */
export async function resolveDelivery(s: Services, arg: unknown, action: string, need: DeliveryNeed = WITH_REQUEST): Promise<DeliveryRef | undefined> {
  if (isOwnDeliveryRow(s, arg)) {
    if (need.has(arg.conversation)) return { conversation: arg.conversation, webhookId: arg.webhookId };
    void vscode.window.showInformationMessage(vscode.l10n.t('Delivery {0} has no {1} to {2}.', arg.conversation.id, need.what, action));
    return undefined;
  }
  const webhook = await resolveWebhook(s, isConversationNode(arg) ? undefined : arg, vscode.l10n.t("Which webhook's delivery do you want to {0}?", action), { rowsOnly: true });
  if (!webhook) return undefined;
  const state = await s.model.loadConversations(webhook.id);
  if (state.state === 'failed') throw state.error;
  const deliveries = state.state === 'loaded' ? state.value.items.filter(need.has) : [];
  if (!deliveries.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Webhook "{0}" has no delivery with a {1} to {2}.', webhook.id, need.what, action));
    return undefined;
  }
  const now = Date.now();
  const picked = await vscode.window.showQuickPick(
    deliveries.map((c) => ({ label: conversationRowLabel(c, now, vscode.env.language), description: c.id, detail: c.request?.url, conversation: c })),
    { title: vscode.l10n.t('Which delivery of {0} do you want to {1}?', webhook.id, action), matchOnDescription: true },
  );
  return picked && { conversation: picked.conversation, webhookId: webhook.id };
}
