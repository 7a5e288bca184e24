/**
 * Entry point of dist/panels.js: the validator and the inspector, with everything behind them (the
 * signature engine, the delivery parser, the inspector's formatting). extension.js loads it the first
 * time a panel, a body document or a restored panel needs it (lazyPanels.ts) — never at activation.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { Conversation } from '../core/api/types';
import { conversationRowLabel } from '../core/inspector/format';
import { isConversationNode } from '../tree/nodes';
import { loadCommands } from '../commands/lazyCommands';
import { createInspector } from './inspectorPanel';
import { ValidatorPanel, validatorOptionsFromArg, validatorSerializer } from './validatorPanel';
import type { Panels } from './types';

export function createPanels(s: Services): Panels {
  const secretOf = secretsFor(s);
  const validator = new ValidatorPanel({
    extensionUri: s.context.extensionUri,
    listWebhookIds: async () => {
      const state = await s.model.loadWebhooks();
      if (state.state === 'failed') throw state.error;
      return state.state === 'loaded' ? state.value.map((w) => w.id) : [];
    },
    getWebhookSecret: (id) => secretOf(id),
    log: s.log,
  });
  const inspector = createInspector(s.context.extensionUri, {
    getSecret: (webhookId) => secretOf(webhookId),
    getConversation: (webhookId, conversationId) => s.connection.client().getConversation(webhookId, conversationId),
    openValidator: (prefillText, webhookId) => validator.show({ ...(webhookId ? { preselectWebhookId: webhookId } : {}), prefill: { delivery: prefillText } }),
    // the command's flow (a run, or the /trigger test delivery): the same steps as from the tree
    trigger: (webhookId) => loadCommands().triggerWebhook(s, webhookId),
    pickConversationToCompare: (current) => pickConversationToCompare(s, current),
    log: s.log,
  });
  return {
    validator,
    inspector,
    validatorSerializer: validatorSerializer(validator),
    inspectorSerializer: inspector.panels,
    bodies: inspector.bodies,
    validateDelivery: (arg) => {
      validator.show(validatorOptionsFromArg(arg));
    },
    openConversation: (node) => {
      if (isConversationNode(node)) inspector.open(node.conversation, { preview: true, webhookId: node.webhookId });
    },
    dispose: () => {
      inspector.dispose();
      validator.dispose();
    },
  };
}

/** How long a fetched signing secret is reused: a webhook's secret rarely changes, clicks come in runs. */
const SECRET_REUSE_MS = 60_000;

/**
 * A webhook's signing secret for the host-side checks, fetched once a minute at most: every click on a
 * delivery verifies its signature before it shows, and would otherwise wait for a round trip to Nextmv.
 * From the first fetch on, the logger redacts it. A failed fetch is not remembered.
 */
function secretsFor(s: Services): (webhookId: string) => Promise<string> {
  const fetched = new Map<string, { secret: Promise<string>; at: number }>();
  return (webhookId) => {
    const known = fetched.get(webhookId);
    if (known && Date.now() - known.at < SECRET_REUSE_MS) return known.secret;
    const secret = s.connection
      .client()
      .getSecret(webhookId)
      .then((value) => {
        s.log.addSecret(value);
        return value;
      });
    fetched.set(webhookId, { secret, at: Date.now() });
    secret.catch(() => fetched.delete(webhookId));
    return secret;
  };
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
