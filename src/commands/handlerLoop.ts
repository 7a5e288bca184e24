/**
 * The commands of the handler loop: Send Again… and Edit and Send… (a delivery row's context menu, or the
 * palette with a quick pick of webhook then delivery) and Sign & Send (the editor title, or the palette).
 * They find what to send; src/handlerLoop does the sending and the inspector shows the outcome.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { Conversation } from '../core/api';
import { conversationRowLabel } from '../core/inspector/format';
import type { LocalAttempt } from '../core/send/attempt';
import type { HandlerLoop } from '../handlerLoop/loop';
import { isConversationNode } from '../tree/nodes';
import { resolveWebhook } from './webhook';

interface Delivery {
  readonly conversation: Conversation;
  readonly webhookId: string;
}

export async function sendAgain(s: Services, loop: HandlerLoop, arg: unknown): Promise<LocalAttempt | undefined> {
  const delivery = await resolveDelivery(s, arg, vscode.l10n.t('send again'));
  return delivery && loop.sendAgainAndShow(delivery.conversation, delivery.webhookId);
}

export async function editAndSend(s: Services, loop: HandlerLoop, arg: unknown): Promise<vscode.TextEditor | undefined> {
  const delivery = await resolveDelivery(s, arg, vscode.l10n.t('edit and send'));
  if (!delivery) return undefined;
  const editor = await loop.openForEditing(delivery.conversation, delivery.webhookId);
  void vscode.window.showInformationMessage(vscode.l10n.t('The request body of {0} is open for editing. Change it, then Sign & Send (the button above the editor) signs exactly this text and sends it.', delivery.conversation.id));
  return editor;
}

/** `arg`: the document's URI when run from the editor title; otherwise the active editor's document. */
export async function signAndSend(s: Services, loop: HandlerLoop, arg: unknown): Promise<LocalAttempt | undefined> {
  const doc = (arg instanceof vscode.Uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === arg.toString()) : undefined) ?? vscode.window.activeTextEditor?.document;
  if (!doc) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Sign & Send sends the text of the active editor: open the JSON to send first (or use Edit and Send… on a delivery).'));
    return undefined;
  }
  return loop.signAndSend(doc, async () => (await resolveWebhook(s, undefined, vscode.l10n.t('Sign with the secret of which webhook?')))?.id);
}

/**
 * The clicked delivery row, or (palette) a webhook and then one of its deliveries picked from a list. Only a
 * row of our own tree counts: what is sent gets a valid signature made with the webhook's secret, so another
 * extension's argument only leads to the pickers, where the user decides.
 */
async function resolveDelivery(s: Services, arg: unknown, action: string): Promise<Delivery | undefined> {
  if (isConversationNode(arg) && s.tree.conversationNode(arg.webhookId, arg.conversation.id) === arg) return { conversation: arg.conversation, webhookId: arg.webhookId };
  const webhook = await resolveWebhook(s, isConversationNode(arg) ? undefined : arg, vscode.l10n.t('Which webhook\'s delivery do you want to {0}?', action), { rowsOnly: true });
  if (!webhook) return undefined;
  const state = await s.model.loadConversations(webhook.id);
  if (state.state === 'failed') throw state.error;
  const deliveries = state.state === 'loaded' ? state.value.items.filter((c) => c.request) : [];
  if (!deliveries.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Webhook "{0}" has no delivery with a request to {1}.', webhook.id, action));
    return undefined;
  }
  const now = Date.now();
  const picked = await vscode.window.showQuickPick(
    deliveries.map((c) => ({ label: conversationRowLabel(c, now, vscode.env.language), description: c.id, detail: c.request?.url, conversation: c })),
    { title: vscode.l10n.t('Which delivery of {0} do you want to {1}?', webhook.id, action), matchOnDescription: true },
  );
  return picked && { conversation: picked.conversation, webhookId: webhook.id };
}
