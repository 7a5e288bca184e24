/**
 * The commands of the handler loop: Send Again… and Edit and Send… (a delivery row's context menu, or the
 * palette with a quick pick of webhook then delivery) and Sign & Send (the editor title, or the palette).
 * They find what to send; src/handlerLoop does the sending and the inspector shows the outcome.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { LocalAttempt } from '../core/send/attempt';
import type { HandlerLoop } from '../handlerLoop/loop';
import { resolveWebhook } from './webhook';
import { resolveDelivery } from './delivery';

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
