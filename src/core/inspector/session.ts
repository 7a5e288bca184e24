import * as l10n from '@vscode/l10n';
/**
 * The extension-host side of one inspector panel, without VS Code: shows a conversation with its
 * signature verdict and answers the webview's actions. The webhook secret is used here and never
 * posted: it is fetched before anything about the conversation is sent, so that every outgoing message
 * can be scrubbed of it — should an endpoint echo the secret in a body, the webview gets "[secret]".
 */
import type { Conversation } from '../api/types';
import { maskSecrets } from '../redact';
import { userMessageOf } from '../userMessage';
import { buildCurlCommand } from './curl';
import { curlCopiedMessage, validatorPrefillText } from './deliveryActions';
import { buildConversationView } from './viewModel';
import { verifyConversation } from './verifyConversation';
import { summarizeOutcome } from './format';
import { buildLocalAttemptView, partToCompare } from './localAttempts';
import { attemptSucceeded, attemptSummary, type LocalAttempt } from '../send/attempt';
import {
  isInspectorToHostMessage,
  type BodyPart,
  type HostToInspectorMessage,
  type InspectorActionMessage,
  type SignatureView,
} from '../../shared/inspectorProtocol';

export interface InspectorLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, err?: unknown): void;
}

/** What the session needs from the outside; the VS Code panel supplies these. */
export interface InspectorSessionDeps {
  post(message: HostToInspectorMessage): void;
  getSecret(webhookId: string): Promise<string | undefined>;
  openValidator(prefillText: string, webhookId?: string): unknown;
  trigger(webhookId: string): Promise<unknown>;
  /** `first`: offered before the other conversations of the webhook (for an attempt: its delivery, the other attempts) */
  pickConversationToCompare(current: Conversation, first?: readonly Conversation[]): Promise<Conversation | undefined>;
  compareBodies(a: Conversation, b: Conversation, part: BodyPart): Promise<unknown>;
  openBody(c: Conversation, part: BodyPart): Promise<unknown>;
  copyText(text: string): Promise<unknown>;
  /** shows a conversation that Trigger Again produced */
  showConversation?(c: Conversation): unknown;
  /** Send Again…: asks where to, sends the recorded body freshly signed; undefined when the user cancelled */
  sendAgain?(c: Conversation, webhookId: string | undefined): Promise<LocalAttempt | undefined>;
  /** Edit and Send…: opens the request body as an editable document, for Sign & Send */
  editAndSend?(c: Conversation, webhookId: string | undefined): Promise<unknown>;
  /** this session's local attempts sent from a conversation, newest first */
  localAttempts?(conversationId: string): readonly LocalAttempt[];
  now(): number;
  /** VS Code's display language, for the ages shown */
  readonly locale?: string;
  log: InspectorLog;
}

type ActionOutcome = { ok: boolean; message?: string };

export class InspectorSession {
  private current: Conversation | undefined;
  private currentWebhookId: string | undefined;
  private signature: SignatureView | undefined;
  private readonly usedSecrets = new Set<string>();
  private generation = 0;
  /** the loading or error text shown while there is no conversation; re-sent to a reloaded webview */
  private placeholder: HostToInspectorMessage | undefined;
  /**
   * A new webview gets what was posted before its script ran *and* what its 'ready' asks for: a 5 MB
   * body would be drawn twice. Until the first 'ready', state is only kept, and 'ready' sends it.
   */
  private webviewReady = false;

  constructor(private readonly deps: InspectorSessionDeps) {}

  get conversation(): Conversation | undefined {
    return this.current;
  }

  get webhookId(): string | undefined {
    return this.currentWebhookId;
  }

  /** Shows a conversation with its signature verdict (after fetching the secret, which masking needs). */
  async show(conversation: Conversation, webhookId?: string): Promise<void> {
    const generation = ++this.generation;
    try {
      const owner = conversation.webhookId ?? webhookId;
      if (!this.current) this.showLoading(l10n.t('Loading conversation {0}…', conversation.id));
      const signature = await this.verify(conversation, owner);
      // Another conversation may have been asked for while the secret was being fetched.
      if (generation !== this.generation) return;
      // Built before anything is kept: a conversation that cannot be shown must not stay "current".
      const view = this.webviewReady ? this.buildShow(conversation, owner, signature) : undefined;
      this.current = conversation;
      this.currentWebhookId = owner;
      this.signature = signature;
      this.placeholder = undefined;
      if (view) {
        this.post(view);
        await this.postAttempts();
      }
    } catch (err) {
      // Whatever the endpoint sent, the panel ends on a message, never on "Loading…".
      this.deps.log.error(`Inspector: could not show conversation ${conversation.id}`, err);
      if (generation === this.generation) this.showLoadError(l10n.t('Conversation {0} could not be shown: {1}', conversation.id, userMessageOf(err)));
    }
  }

  /** Before the conversation is known (a panel restored after a reload fetches it first). */
  showLoading(text: string): void {
    this.placeholder = { type: 'loading', text };
    this.postState(this.placeholder);
  }

  showLoadError(message: string): void {
    this.generation++;
    this.current = undefined;
    this.placeholder = { type: 'loadError', message };
    this.postState(this.placeholder);
  }

  /** Every message from the webview comes through here; anything that fails the guard is dropped. */
  async handle(message: unknown): Promise<void> {
    if (!isInspectorToHostMessage(message)) {
      this.deps.log.warn('Inspector: ignored a malformed message from the webview.');
      return;
    }
    if (message.type === 'ready') {
      // A new webview, or one that was hidden and shown again (it starts from scratch): give it everything.
      this.webviewReady = true;
      if (this.current) {
        this.postShowOrError();
        await this.postAttempts();
      } else if (this.placeholder) this.post(this.placeholder);
      return;
    }
    let outcome: ActionOutcome;
    try {
      outcome = await this.act(message);
    } catch (err) {
      this.deps.log.error(`Inspector: ${message.type} failed`, err);
      outcome = { ok: false, message: userMessageOf(err) };
    }
    this.post({ type: 'actionResult', requestId: message.requestId, ok: outcome.ok, ...(outcome.message ? { message: outcome.message } : {}) });
  }

  private async act(message: InspectorActionMessage): Promise<ActionOutcome> {
    const c = this.current;
    if (!c) return { ok: false, message: l10n.t('No conversation is shown yet.') };
    switch (message.type) {
      case 'openRequestBody':
        return this.openBody(c, 'request');
      case 'openResponseBody':
        return this.openBody(c, 'response');
      case 'openFullBody':
        return this.openBody(c, message.part);
      case 'copyCurl':
        return this.copyCurl(c, message.resign);
      case 'validate':
        await this.deps.openValidator(validatorPrefillText(c), this.currentWebhookId);
        return { ok: true };
      case 'triggerAgain':
        return this.triggerAgain();
      case 'compareWith': {
        const other = await this.deps.pickConversationToCompare(c);
        if (!other) return { ok: true }; // cancelled: nothing to say
        await this.deps.compareBodies(c, other, 'request');
        return { ok: true };
      }
      case 'sendAgain':
        return this.sendAgain(c);
      case 'editAndSend':
        if (!c.request || !this.deps.editAndSend) return { ok: false, message: l10n.t('This delivery has no request body to edit.') };
        await this.deps.editAndSend(c, this.currentWebhookId);
        return { ok: true, message: l10n.t('The request body is open for editing: change it, then Sign & Send (the button above the editor).') };
      case 'openAttemptBody':
      case 'compareAttempt': {
        const attempt = this.deps.localAttempts?.(c.id).find((a) => a.id === message.attemptId);
        if (!attempt) return { ok: false, message: l10n.t('That local attempt is no longer kept.') };
        return message.type === 'openAttemptBody' ? this.openBody(attempt.conversation, message.part) : this.compareAttempt(c, attempt);
      }
    }
  }

  /** Called when a local attempt was sent from the shown conversation: the webview lists it. */
  refreshAttempts(): void {
    this.postAttempts().catch((err: unknown) => this.deps.log.error('Inspector: could not show the local attempts', err));
  }

  private async sendAgain(c: Conversation): Promise<ActionOutcome> {
    if (!c.request || !this.deps.sendAgain) return { ok: false, message: l10n.t('This delivery has no request to send again.') };
    const attempt = await this.deps.sendAgain(c, this.currentWebhookId);
    if (!attempt) return { ok: true }; // cancelled
    return { ok: attemptSucceeded(attempt), message: l10n.t('Sent from VS Code to {0}: {1}', attempt.target, attemptSummary(attempt)) };
  }

  private async compareAttempt(c: Conversation, attempt: LocalAttempt): Promise<ActionOutcome> {
    const others = (this.deps.localAttempts?.(c.id) ?? []).filter((a) => a.id !== attempt.id).map((a) => a.conversation);
    const other = await this.deps.pickConversationToCompare(attempt.conversation, [c, ...others]);
    if (!other) return { ok: true };
    const part = partToCompare(attempt.conversation, other);
    await this.deps.compareBodies(attempt.conversation, other, part);
    return { ok: true, message: l10n.t('Comparing the {0} bodies{1}.', part, part === 'response' ? l10n.t(' (both sent the same request body)') : '') };
  }

  /** The shown conversation's local attempts, each with the signature check of what it sent. */
  private async postAttempts(): Promise<void> {
    const c = this.current;
    const attempts = c && this.webviewReady ? (this.deps.localAttempts?.(c.id) ?? []) : [];
    if (!c || attempts.length === 0) return;
    const webhookId = this.currentWebhookId;
    const views = await Promise.all(
      attempts.map(async (a) => buildLocalAttemptView(a, await this.verify(a.conversation, a.webhookId ?? webhookId), { nowMs: this.deps.now(), locale: this.deps.locale, webhookId })),
    );
    if (this.current === c) this.post({ type: 'localAttempts', conversationId: c.id, attempts: views });
  }

  private async openBody(c: Conversation, part: BodyPart): Promise<ActionOutcome> {
    if (part === 'request' && !c.request) return { ok: false, message: l10n.t('This delivery has no request.') };
    if (part === 'response' && !c.response) return { ok: false, message: l10n.t('There is no response: the endpoint did not answer.') };
    await this.deps.openBody(c, part);
    return { ok: true };
  }

  private async copyCurl(c: Conversation, resign: boolean): Promise<ActionOutcome> {
    if (!c.request) return { ok: false, message: l10n.t('This delivery has no request to copy.') };
    let secret: string | undefined;
    if (resign) {
      secret = await this.secretFor(this.currentWebhookId);
      if (!secret) return { ok: false, message: l10n.t('Nothing copied: the webhook\'s signing secret is not available to re-sign the request.') };
    }
    const curl = buildCurlCommand(c.request, secret ? { resign: { secret, nowMs: this.deps.now() } } : {});
    await this.deps.copyText(curl.command);
    return { ok: true, message: curlCopiedMessage(curl) };
  }

  private async triggerAgain(): Promise<ActionOutcome> {
    const webhookId = this.currentWebhookId;
    if (!webhookId) return { ok: false, message: l10n.t('This conversation does not say which webhook it belongs to.') };
    const result = await this.deps.trigger(webhookId);
    if (isConversation(result)) {
      await this.deps.showConversation?.(result);
      return { ok: true, message: l10n.t('Triggered {0}: {1}.', webhookId, summarizeOutcome(result).description) };
    }
    // cancelled, or nothing to show (Trigger Webhook has said how it went in its own notification)
    return { ok: true };
  }

  private async verify(c: Conversation, webhookId: string | undefined): Promise<SignatureView> {
    if (!c.request) return verifyConversation(c, undefined);
    if (!webhookId) return { state: 'unavailable', reason: l10n.t('The conversation does not say which webhook it belongs to, so its secret is unknown.') };
    try {
      return verifyConversation(c, await this.secretFor(webhookId));
    } catch (err) {
      this.deps.log.error('Inspector: could not fetch the signing secret', err);
      return { state: 'unavailable', reason: l10n.t('The signing secret could not be fetched: {0}', userMessageOf(err)) };
    }
  }

  private async secretFor(webhookId: string | undefined): Promise<string | undefined> {
    if (!webhookId) return undefined;
    const secret = await this.deps.getSecret(webhookId);
    if (secret) this.usedSecrets.add(secret);
    return secret;
  }

  /** For a webview that asks again ('ready'): a conversation kept before the webview was ready is built now. */
  private postShowOrError(): void {
    const c = this.current;
    if (!c || !this.signature) return;
    try {
      this.post(this.buildShow(c, this.currentWebhookId, this.signature));
    } catch (err) {
      this.deps.log.error(`Inspector: could not show conversation ${c.id}`, err);
      this.showLoadError(l10n.t('Conversation {0} could not be shown: {1}', c.id, userMessageOf(err)));
    }
  }

  private buildShow(c: Conversation, webhookId: string | undefined, signature: SignatureView): HostToInspectorMessage {
    return { type: 'show', conversation: buildConversationView(c, { nowMs: this.deps.now(), locale: this.deps.locale, webhookId }), signature };
  }

  private postState(message: HostToInspectorMessage): void {
    if (this.webviewReady) this.post(message);
  }

  private post(message: HostToInspectorMessage): void {
    this.deps.post(maskSecrets(message, this.usedSecrets));
  }
}

function isConversation(v: unknown): v is Conversation {
  return typeof v === 'object' && v !== null && typeof (v as Conversation).id === 'string' && typeof (v as Conversation).raw === 'object';
}
