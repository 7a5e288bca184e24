/**
 * Entry point of dist/panels.js: the validator and the inspector, with everything behind them (the
 * signature engine, the delivery parser, the inspector's formatting). dist/host.js loads it the first
 * time a panel, a body document or a restored panel needs it (lazyPanels.ts) — never at activation.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { Conversation } from '../core/api/types';
import { validatorPrefillText } from '../core/inspector/deliveryActions';
import { conversationRowLabel } from '../core/inspector/format';
import { isLocalAttemptId } from '../core/send/attempt';
import { HandlerLoop } from '../handlerLoop/loop';
import { isConversationNode } from '../tree/nodes';
import { loadCommands } from '../commands/lazyCommands';
import { createInspector } from './inspectorPanel';
import { ValidatorPanel, validatorOptionsFromArg, validatorSerializer } from './validatorPanel';
import type { Panels } from './types';

export function createPanels(s: Services): Panels {
  const secrets = secretsFor(s);
  const secretOf = secrets.get;
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
  const loop = new HandlerLoop({
    state: s.context.globalState,
    log: s.log,
    getSecret: (webhookId) => secretOf(webhookId),
    endpointOf: (webhookId) => s.model.findWebhook(webhookId)?.endpointUrl,
    showInInspector: (c, webhookId) => inspector.open(c, { webhookId }),
  });
  const inspector = createInspector(s.context.extensionUri, {
    getSecret: (webhookId) => secretOf(webhookId),
    getConversation: async (webhookId, conversationId) => {
      // a local attempt lives only in this session: its body documents and panel find it here
      const attempt = loop.attempts.get(conversationId);
      if (attempt) return attempt.conversation;
      if (isLocalAttemptId(conversationId)) throw new Error(vscode.l10n.t('{0} was sent from VS Code in an earlier session; local attempts are kept only while VS Code runs.', conversationId));
      return s.connection.client().getConversation(webhookId, conversationId);
    },
    openValidator: (prefillText, webhookId) => validator.show({ ...(webhookId ? { preselectWebhookId: webhookId } : {}), prefill: { delivery: prefillText } }),
    // the command's flow (a run, or the /trigger test delivery): the same steps as from the tree
    trigger: (webhookId) => loadCommands().triggerWebhook(s, webhookId),
    pickConversationToCompare: (current, first) => pickConversationToCompare(s, current, first),
    sendAgain: (c, webhookId) => loop.sendAgain(c, webhookId),
    editAndSend: (c, webhookId) => loop.openForEditing(c, webhookId),
    localAttempts: (conversationId) => loop.attempts.forDelivery(conversationId),
    log: s.log,
  });
  // Another account is active: nothing of the previous one's may show or be used. Its inspectors close, the
  // validator keeps what the user typed but forgets the fetched secrets and lists the new account's webhooks.
  const onSwitch = s.accounts.onDidSwitch(() => {
    secrets.clear();
    inspector.closeAll();
    validator.reset();
  });
  const stopListening = loop.attempts.onDidAdd((attempt) => {
    if (attempt.sourceConversationId) inspector.panels.refreshAttempts(attempt.sourceConversationId);
  });
  return {
    validator,
    inspector,
    loop,
    validatorSerializer: validatorSerializer(validator),
    inspectorSerializer: inspector.panels,
    bodies: inspector.bodies,
    validateDelivery: (arg) => {
      // a delivery row prefills the form as the inspector's Validate… does — only a row of our own tree: another
      // extension's look-alike gets the empty form
      if (!isConversationNode(arg)) validator.show(validatorOptionsFromArg(arg));
      else if (s.tree.conversationNode(arg.webhookId, arg.conversation.id) !== arg) validator.show({});
      else validator.show({ preselectWebhookId: arg.webhookId, prefill: { delivery: validatorPrefillText(arg.conversation) } });
    },
    secretOf,
    openConversation: (node) => {
      if (isConversationNode(node)) inspector.open(node.conversation, { preview: true, webhookId: node.webhookId });
    },
    dispose: () => {
      onSwitch.dispose();
      stopListening();
      loop.dispose();
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
function secretsFor(s: Services): { get(webhookId: string): Promise<string>; clear(): void } {
  const fetched = new Map<string, { secret: Promise<string>; at: number }>();
  return {
    get: (webhookId) => {
      const known = fetched.get(webhookId);
      if (known && Date.now() - known.at < SECRET_REUSE_MS) return known.secret;
      const secret = s.connection
        .client()
        .getSecret(webhookId)
        .then((value) => {
          s.log.addSecret(value);
          return value;
        });
      const entry = { secret, at: Date.now() };
      fetched.set(webhookId, entry);
      secret.catch(() => fetched.get(webhookId) === entry && fetched.delete(webhookId));
      return secret;
    },
    // a secret still on its way when the account changes is not kept either: its entry is gone
    clear: () => fetched.clear(),
  };
}

/** Another conversation of the same webhook for Compare With…: `first` (an attempt's delivery and siblings), then the loaded ones. */
async function pickConversationToCompare(s: Services, current: Conversation, first: readonly Conversation[] = []): Promise<Conversation | undefined> {
  const state = current.webhookId ? s.model.conversationsState(current.webhookId) : undefined;
  const loaded = state?.state === 'loaded' ? state.value.items : [];
  const others = [...first, ...loaded.filter((c) => !first.some((f) => f.id === c.id))].filter((c) => c.id !== current.id);
  if (!others.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No other conversation of this webhook is loaded to compare with.'));
    return undefined;
  }
  const now = Date.now();
  const pick = await vscode.window.showQuickPick(
    others.map((c) => ({ label: conversationRowLabel(c, now, vscode.env.language), description: isLocalAttemptId(c.id) ? vscode.l10n.t('sent from VS Code · {0}', c.id) : c.id, conversation: c })),
    { title: vscode.l10n.t('Compare {0} with…', current.id) },
  );
  return pick?.conversation;
}
