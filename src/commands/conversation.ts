import * as vscode from 'vscode';
import type { Services } from '../services';
import type { Conversation } from '../core/api/types';
import { conversationRowLabel } from '../core/inspector/format';
import { isConversationNode } from '../tree/nodes';
import { registerInspector } from '../webview/inspectorPanel';
import type { ValidatorPanel } from '../webview/validatorPanel';

export type Inspector = ReturnType<typeof registerInspector>;

/** The conversation inspector, fed by the API client and the tree's cache. */
export function wireInspector(s: Services, validator: ValidatorPanel): Inspector {
  return registerInspector(s.context, {
    getSecret: async (webhookId) => {
      const secret = await s.connection.client().getSecret(webhookId);
      s.log.addSecret(secret);
      return secret;
    },
    getConversation: (webhookId, conversationId) => s.connection.client().getConversation(webhookId, conversationId),
    openValidator: (prefillText, webhookId) => validator.show({ ...(webhookId ? { preselectWebhookId: webhookId } : {}), prefill: { delivery: prefillText } }),
    trigger: async (webhookId) => {
      const result = await s.connection.client().triggerWebhook(webhookId);
      s.model.invalidate(webhookId);
      return result;
    },
    pickConversationToCompare: (current) => pickConversationToCompare(s, current),
    log: s.log,
  });
}

/** Another loaded conversation of the same webhook, for Compare With… */
async function pickConversationToCompare(s: Services, current: Conversation): Promise<Conversation | undefined> {
  const state = current.webhookId ? s.model.conversationsState(current.webhookId) : undefined;
  const others = state?.state === 'loaded' ? state.value.items.filter((c) => c.id !== current.id) : [];
  if (!others.length) {
    void vscode.window.showInformationMessage('No other conversation of this webhook is loaded to compare with.');
    return undefined;
  }
  const now = Date.now();
  const pick = await vscode.window.showQuickPick(
    others.map((c) => ({ label: conversationRowLabel(c, now), description: c.id, conversation: c })),
    { title: `Compare ${current.id} with…` },
  );
  return pick?.conversation;
}

/** A click on a conversation row opens (or reuses) the preview inspector. */
export function openConversation(inspector: Inspector, node: unknown): void {
  if (!isConversationNode(node)) return;
  inspector.open(node.conversation, { preview: true, webhookId: node.webhookId });
}
