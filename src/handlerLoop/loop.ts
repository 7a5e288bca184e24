/**
 * The handler loop in VS Code: Send Again (a recorded delivery's body, freshly signed, to a target the user
 * picks), Edit and Send (the body in an editable document) and Sign & Send (exactly the text of an editor).
 * The webhook's real secret is fetched here, in the extension host, used to sign and to check, and never
 * shown, logged (the logger redacts it) or posted. Nothing is retried: a delivery sent twice is acted on twice.
 */
import * as vscode from 'vscode';
import { StateKeys } from '../constants';
import { Disposable, toDisposable } from '../common/lifecycle';
import type { Logger } from '../common/logger';
import type { Conversation } from '../core/api/types';
import { isJson } from '../core/inspector/prettyJson';
import { LOCAL_ATTEMPT_PREFIX, attemptSucceeded, attemptSummary, makeLocalAttempt, type LocalAttempt } from '../core/send/attempt';
import { AttemptLog } from '../core/send/attempts';
import { buildOutgoingRequest, compareWithRecorded, defaultTimestampUnit, type BodyComparison } from '../core/send/request';
import { checkTarget } from '../core/send/target';
import { rememberTarget, targetChoices } from '../core/send/targets';
import { LocalSender } from './sender';
import { askForTarget, type TargetPrompt } from './targetPrompt';

export interface HandlerLoopDeps {
  /** where the remembered targets and the confirmed non-local URLs are kept (globalState) */
  readonly state: vscode.Memento;
  readonly log: Logger;
  /** the webhook's signing secret (the caller registers it with the logger's redaction) */
  getSecret(webhookId: string): Promise<string>;
  /** the webhook's endpoint URL, when the webhook is known */
  endpointOf(webhookId: string): string | undefined;
  /** opens the inspector on a conversation (a delivery, whose local attempts it lists, or an attempt itself) */
  showInInspector(c: Conversation, webhookId: string): void;
}

/** What is sent: a body, the webhook whose secret signs it, and the delivery it came from (if any). */
interface Sending {
  readonly webhookId: string;
  readonly source?: Conversation;
  readonly body: string;
  /** for the target prompt's title */
  readonly what: string;
  readonly comparison: BodyComparison;
}

/** Confirmed non-local URLs kept at most (the oldest are forgotten, and asked about again). */
const MAX_CONFIRMED = 50;
/** A send that takes longer than this gets a cancellable notification. */
const PROGRESS_AFTER_MS = 400;

export class HandlerLoop extends Disposable {
  readonly attempts = new AttemptLog();
  /** asks where to send; the integration tests replace it */
  askForTarget: TargetPrompt = askForTarget;
  private readonly sender: LocalSender;
  /** editable documents opened from a delivery, by URI */
  private readonly editing = new Map<string, { readonly conversation: Conversation; readonly webhookId: string | undefined }>();
  private readonly idPrefix = `${LOCAL_ATTEMPT_PREFIX}${Date.now().toString(36)}-`;
  private sent = 0;

  constructor(private readonly deps: HandlerLoopDeps) {
    super();
    this.sender = this._register(new LocalSender(deps.log));
    this._register(vscode.workspace.onDidCloseTextDocument((doc) => this.editing.delete(doc.uri.toString())));
    this._register(toDisposable(() => this.editing.clear()));
  }

  /** Send Again: the recorded body, byte for byte, freshly signed. undefined when the user cancelled. */
  sendAgain(c: Conversation, webhookId: string | undefined): Promise<LocalAttempt | undefined> {
    const owner = c.webhookId ?? webhookId;
    if (!c.request) throw new Error(vscode.l10n.t('Conversation {0} has no request to send again.', c.id));
    if (!owner) throw new Error(vscode.l10n.t('Conversation {0} does not say which webhook it belongs to, so there is no secret to sign it with.', c.id));
    const body = c.request.body;
    return this.send({ webhookId: owner, source: c, body, what: vscode.l10n.t('conversation {0}', c.id), comparison: compareWithRecorded(body, body) });
  }

  /** Send Again from the tree or the palette: the attempt shows in the delivery's inspector, and in one line. */
  async sendAgainAndShow(c: Conversation, webhookId: string | undefined): Promise<LocalAttempt | undefined> {
    const attempt = await this.sendAgain(c, webhookId);
    if (!attempt) return undefined;
    this.deps.showInInspector(c, attempt.webhookId ?? '');
    this.notify(attempt, []);
    return attempt;
  }

  /** Edit and Send: the request body, exactly, in an editable JSON document that Sign & Send knows the delivery of. */
  async openForEditing(c: Conversation, webhookId: string | undefined): Promise<vscode.TextEditor> {
    if (!c.request) throw new Error(vscode.l10n.t('Conversation {0} has no request body to edit.', c.id));
    const doc = await vscode.workspace.openTextDocument({ language: isJson(c.request.body) ? 'json' : 'plaintext', content: c.request.body });
    this.editing.set(doc.uri.toString(), { conversation: c, webhookId: c.webhookId ?? webhookId });
    return vscode.window.showTextDocument(doc, { preview: false });
  }

  /**
   * Sign & Send: exactly the document's text — no reformatting, no added newline — signed with the secret of
   * the delivery's webhook, or of the one `pickWebhook` names for a document from elsewhere.
   */
  async signAndSend(doc: vscode.TextDocument, pickWebhook: () => Promise<string | undefined>): Promise<LocalAttempt | undefined> {
    const from = this.editing.get(doc.uri.toString());
    const webhookId = from?.webhookId ?? (await pickWebhook());
    if (!webhookId) return undefined;
    const body = doc.getText();
    const comparison = compareWithRecorded(from?.conversation.request?.body, body);
    const name = doc.isUntitled ? (from ? vscode.l10n.t('the edited body of {0}', from.conversation.id) : vscode.l10n.t('the editor’s text')) : vscode.l10n.t('the text of {0}', doc.uri.path.split('/').pop() ?? '');
    const attempt = await this.send({ webhookId, source: from?.conversation, body, what: name, comparison });
    if (attempt) this.notify(attempt, [vscode.l10n.t('Show')], () => this.deps.showInInspector(from?.conversation ?? attempt.conversation, webhookId));
    return attempt;
  }

  private async send(o: Sending): Promise<LocalAttempt | undefined> {
    const unit = defaultTimestampUnit(o.source?.request);
    const choices = targetChoices({ remembered: this.rememberedTargets(o.webhookId), endpoint: this.deps.endpointOf(o.webhookId) ?? o.source?.request?.url });
    const answer = await this.askForTarget({ what: o.what, choices, unit });
    if (!answer) return undefined;
    const target = checkTarget(answer.url);
    if (!target.ok) throw new Error(target.problem);
    if (!target.loopback && !(await this.confirmNonLocal(target.url, o))) return undefined;

    const secret = await this.deps.getSecret(o.webhookId);
    const sentAtMs = Date.now();
    const request = buildOutgoingRequest({ url: target.url, body: o.body, secret, nowMs: sentAtMs, unit: answer.unit, recorded: o.source?.request });
    const result = await withDelayedProgress(vscode.l10n.t('Sending to {0}…', target.host), (signal) => this.sender.send(request, target.loopback, signal));
    const attempt = makeLocalAttempt({
      id: `${this.idPrefix}${++this.sent}`,
      webhookId: o.webhookId,
      source: o.source,
      request,
      sentAtMs,
      result,
      edited: o.comparison.edited,
      bodyNote: o.comparison.note,
    });
    this.deps.log.info(`Sent from VS Code (${o.what}, webhook ${o.webhookId}) to ${target.url}: ${attemptSummary(attempt)}`);
    this.attempts.add(attempt);
    // not awaited: writing globalState takes tens of ms (measured), and the outcome should show at once
    this.rememberTarget(o.webhookId, target.url).catch((err: unknown) => this.deps.log.error('Send: could not remember the target', err));
    return attempt;
  }

  /** A target off this machine gets a real, validly signed delivery: asked once per URL, in a modal. */
  private async confirmNonLocal(url: string, o: Sending): Promise<boolean> {
    const confirmed = this.deps.state.get<string[]>(StateKeys.confirmedSendTargets, []);
    if (confirmed.includes(url)) return true;
    const event = o.source?.eventType ? vscode.l10n.t('{0} event', o.source.eventType) : vscode.l10n.t('event');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Send a signed delivery to {0}?', url),
      {
        modal: true,
        detail: vscode.l10n.t('This URL is not on this machine. The request carries a valid Nextmv-Signature made with the secret of webhook "{0}", so the service there will act on it as a real {1}. You are asked once for each URL.', o.webhookId, event),
      },
      vscode.l10n.t('Send'),
    );
    if (choice !== vscode.l10n.t('Send')) return false;
    await this.deps.state.update(StateKeys.confirmedSendTargets, [url, ...confirmed.filter((u) => u !== url)].slice(0, MAX_CONFIRMED));
    return true;
  }

  private rememberedTargets(webhookId: string): string[] {
    return this.deps.state.get<Record<string, string[]>>(StateKeys.sendTargets, {})[webhookId] ?? [];
  }

  private async rememberTarget(webhookId: string, url: string): Promise<void> {
    const all = this.deps.state.get<Record<string, string[]>>(StateKeys.sendTargets, {});
    await this.deps.state.update(StateKeys.sendTargets, { ...all, [webhookId]: rememberTarget(all[webhookId] ?? [], url) });
  }

  /** The outcome in one line: information for a 2xx, a warning otherwise; `show` runs when its button is picked. */
  private notify(attempt: LocalAttempt, buttons: string[], show?: () => void): void {
    const text = vscode.l10n.t('Sent from VS Code to {0}: {1}', attempt.target, attemptSummary(attempt));
    const shown = attemptSucceeded(attempt) ? vscode.window.showInformationMessage(text, ...buttons) : vscode.window.showWarningMessage(text, ...buttons);
    void Promise.resolve(shown)
      .then((picked) => {
        if (picked && show) show();
      })
      .catch((err: unknown) => this.deps.log.error('Send: could not show the attempt', err));
  }
}

/** Runs `work`; if it is still running after PROGRESS_AFTER_MS, a notification shows it and can cancel it. */
async function withDelayedProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  const running = work(abort.signal);
  const timer = setTimeout(() => {
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
      token.onCancellationRequested(() => abort.abort());
      return running.then(
        () => undefined,
        () => undefined,
      );
    });
  }, PROGRESS_AFTER_MS);
  try {
    return await running;
  } finally {
    clearTimeout(timer);
  }
}
