/**
 * Conversation inspector panels: one webview per conversation, plus at most one *preview* panel that the
 * next conversation opened as a preview replaces — like preview editors. Opening the previewed
 * conversation again, or using any of its actions, pins it. Panels come back after a reload (serializer).
 *
 * The logic lives in InspectorSession (src/core, unit-tested); this file only adapts VS Code to it.
 */
import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { Conversation } from '../core/api/types';
import { InspectorSession, type InspectorLog, type InspectorSessionDeps } from '../core/inspector/session';
import { inspectorTitle } from '../core/inspector/format';
import { userMessageOf } from '../core/userMessage';
import {
  INSPECTOR_VIEW_TYPE,
  isInspectorActionMessage,
  isInspectorState,
  type BodyPart,
  type HostToInspectorMessage,
} from '../shared/inspectorProtocol';
import { BodyDocuments } from './bodyDocuments';
import { pageLanguage, renderPage, webviewOptions } from './html';

/** What the inspector needs from the rest of the extension (it never talks to the API client itself). */
export interface InspectorDeps {
  getSecret(webhookId: string): Promise<string | undefined>;
  getConversation(webhookId: string, conversationId: string): Promise<Conversation>;
  openValidator(prefillText: string, webhookId?: string): unknown;
  /** Trigger Webhook on this webhook; when it resolves to a Conversation, that one is opened as a preview */
  trigger(webhookId: string): Promise<unknown>;
  pickConversationToCompare(current: Conversation, first?: readonly Conversation[]): Promise<Conversation | undefined>;
  /** Send Again…, Edit and Send… and the local attempts they list (see src/handlerLoop) */
  sendAgain?: InspectorSessionDeps['sendAgain'];
  editAndSend?: InspectorSessionDeps['editAndSend'];
  localAttempts?: InspectorSessionDeps['localAttempts'];
  log: InspectorLog;
}

export interface OpenInspectorOptions {
  /** reuse the preview panel (single click in the tree); false opens a panel of its own */
  readonly preview?: boolean;
  /** the webhook, when the conversation object does not name it */
  readonly webhookId?: string;
}

export interface PostedMessage {
  readonly conversationId: string | undefined;
  readonly message: HostToInspectorMessage;
}

/** One webview panel and its session. */
class InspectorPanel extends Disposable {
  readonly session: InspectorSession;
  private isPreview: boolean;
  /** what this panel shows or is loading: set at once, while the session may still be fetching the secret */
  private target: { conversation: Conversation; webhookId: string | undefined } | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    preview: boolean,
    extensionUri: vscode.Uri,
    makeSession: (panel: InspectorPanel) => InspectorSession,
    onDispose: (panel: InspectorPanel) => void,
    private readonly log: InspectorLog,
  ) {
    super();
    this.isPreview = preview;
    this.session = makeSession(this);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'nextmv-webhooks.svg');
    panel.webview.options = webviewOptions(extensionUri);
    const stylesheet = panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'inspector.css'));
    panel.webview.html = renderPage({
      webview: panel.webview,
      extensionUri,
      title: vscode.l10n.t('Conversation'),
      script: 'inspector.js',
      ...pageLanguage(),
      // Static markup only; the script renders every piece of data.
      body: `<link rel="stylesheet" href="${stylesheet.toString()}">\n<main id="inspector-root" aria-busy="true"></main>`,
    });
    this._register(
      panel.webview.onDidReceiveMessage((message: unknown) => {
        // Using a preview is committing to it, as typing in a preview editor pins it.
        if (isInspectorActionMessage(message)) this.pin();
        this.session.handle(message).catch((err: unknown) => this.log.error('Inspector: a message from the webview failed', err));
      }),
    );
    this._register(
      panel.onDidDispose(() => {
        onDispose(this);
        this.dispose();
      }),
    );
  }

  get preview(): boolean {
    return this.isPreview;
  }

  get key(): string | undefined {
    return this.target ? panelKey(this.target.conversation, this.target.webhookId) : undefined;
  }

  get conversation(): Conversation | undefined {
    return this.target?.conversation;
  }

  pin(): void {
    this.isPreview = false;
  }

  show(c: Conversation, webhookId: string | undefined): void {
    this.target = { conversation: c, webhookId: c.webhookId ?? webhookId };
    this.panel.title = inspectorTitle(c);
    this.session.show(c, webhookId).catch((err: unknown) => this.log.error(`Inspector: could not show conversation ${c.id}`, err));
  }

  reveal(preserveFocus: boolean): void {
    this.panel.reveal(this.panel.viewColumn, preserveFocus);
  }
}

export class InspectorPanels extends Disposable implements vscode.WebviewPanelSerializer {
  private readonly panels = new Set<InspectorPanel>();
  private readonly posted = this._register(new vscode.EventEmitter<PostedMessage>());
  /** Every message posted to any inspector webview; tests use it to check that no secret is ever sent. */
  readonly onDidPostMessage = this.posted.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly deps: InspectorDeps,
    private readonly bodies: BodyDocuments,
  ) {
    super();
  }

  /** Shows a conversation: reveals its panel, reuses the preview panel, or opens a new one. */
  open(c: Conversation, options: OpenInspectorOptions = {}): void {
    const preview = options.preview ?? false;
    const webhookId = c.webhookId ?? options.webhookId;
    this.bodies.remember(c, webhookId);
    const key = panelKey(c, webhookId);
    const existing = [...this.panels].find((p) => p.key === key);
    if (existing) {
      // Opening what is already shown pins it (the second click on a previewed row).
      if (existing.preview || !preview) existing.pin();
      // A fresher copy of the conversation (e.g. after a refresh) replaces the shown one.
      if (existing.conversation !== c) existing.show(c, webhookId);
      existing.reveal(preview);
      return;
    }
    const previewPanel = preview ? [...this.panels].find((p) => p.preview) : undefined;
    if (previewPanel) {
      previewPanel.show(c, webhookId);
      previewPanel.reveal(true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      INSPECTOR_VIEW_TYPE,
      c.id,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: preview },
      { ...webviewOptions(this.extensionUri), enableFindWidget: true },
    );
    this.adopt(panel, preview).show(c, webhookId);
  }

  /** The panels open now (for tests and for commands that act on the active inspector). */
  get openPanels(): readonly { readonly conversationId?: string; readonly preview: boolean; readonly panel: vscode.WebviewPanel }[] {
    return [...this.panels].map((p) => ({ conversationId: p.conversation?.id, preview: p.preview, panel: p.panel }));
  }

  /**
   * Handles a message as if the panel showing that conversation had sent it: the path a click in the
   * webview takes, for the integration tests (which cannot click inside a webview).
   */
  async receive(conversationId: string, message: unknown): Promise<void> {
    const panel = [...this.panels].find((p) => p.conversation?.id === conversationId);
    if (!panel) throw new Error(vscode.l10n.t('no inspector shows conversation {0}', conversationId));
    await panel.session.handle(message);
  }

  /** A local attempt was sent from this conversation: the panels showing it list it. */
  refreshAttempts(conversationId: string): void {
    for (const p of this.panels) if (p.conversation?.id === conversationId) p.session.refreshAttempts();
  }

  /** VS Code calls this after a reload for each inspector that was open; state is what the webview saved. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const inspector = this.adopt(panel, false);
    if (!isInspectorState(state) || !state.webhookId) {
      inspector.session.showLoadError(vscode.l10n.t('This inspector cannot be restored: it does not say which conversation it showed. Open the conversation again from the Webhooks view.'));
      return;
    }
    panel.title = state.conversationId;
    inspector.session.showLoading(vscode.l10n.t('Loading conversation {0}…', state.conversationId));
    try {
      const c = await this.deps.getConversation(state.webhookId, state.conversationId);
      this.bodies.remember(c, state.webhookId);
      inspector.show(c, state.webhookId);
    } catch (err) {
      this.deps.log.error(`Inspector: could not restore conversation ${state.conversationId}`, err);
      inspector.session.showLoadError(vscode.l10n.t('Could not load conversation {0}: {1}', state.conversationId, userMessageOf(err)));
    }
  }

  private adopt(panel: vscode.WebviewPanel, preview: boolean): InspectorPanel {
    const inspector = new InspectorPanel(
      panel,
      preview,
      this.extensionUri,
      (owner) => this.createSession(owner),
      (owner) => this.panels.delete(owner),
      this.deps.log,
    );
    this.panels.add(inspector);
    return inspector;
  }

  /** The session of one panel, wired to VS Code: clipboard, editors, diff, and the injected deps. */
  private createSession(owner: InspectorPanel): InspectorSession {
    const deps = this.deps;
    const webhookIdOf = () => owner.session.webhookId;
    return new InspectorSession({
      post: (message) => {
        this.posted.fire({ conversationId: owner.session.conversation?.id, message });
        void owner.panel.webview.postMessage(message);
      },
      getSecret: (webhookId) => deps.getSecret(webhookId),
      openValidator: (text, webhookId) => deps.openValidator(text, webhookId),
      trigger: (webhookId) => deps.trigger(webhookId),
      pickConversationToCompare: (current, first) => deps.pickConversationToCompare(current, first),
      sendAgain: deps.sendAgain,
      editAndSend: deps.editAndSend,
      localAttempts: deps.localAttempts,
      compareBodies: (a, b, part: BodyPart) => this.bodies.compareBodies(a, b, part, webhookIdOf()),
      openBody: (c, part: BodyPart) => this.bodies.open(c, part, webhookIdOf()),
      copyText: async (text) => {
        await vscode.env.clipboard.writeText(text);
      },
      showConversation: (c) => this.open(c, { preview: true, webhookId: webhookIdOf() }),
      now: () => Date.now(),
      locale: vscode.env.language,
      log: deps.log,
    });
  }

  /** Closes every inspector (another account is active: what they show belongs to the previous one). */
  closeAll(): void {
    for (const p of [...this.panels]) p.panel.dispose();
  }

  override dispose(): void {
    this.closeAll();
    this.panels.clear();
    super.dispose();
  }
}

function panelKey(c: Conversation, webhookId: string | undefined): string {
  return `${c.webhookId ?? webhookId ?? ''}\n${c.id}`;
}

export interface Inspector extends vscode.Disposable {
  open(conversation: Conversation, options?: OpenInspectorOptions): void;
  /** closes every inspector and forgets the conversations kept for body documents (another account is active) */
  closeAll(): void;
  /** two conversations' bodies in VS Code's diff editor */
  compareBodies(a: Conversation, b: Conversation, part?: BodyPart): Promise<void>;
  readonly onDidPostMessage: vscode.Event<PostedMessage>;
  /** the panels; also the serializer that restores them after a reload */
  readonly panels: InspectorPanels;
  /** the read-only body documents (scheme BODY_SCHEME) */
  readonly bodies: BodyDocuments;
}

/** The inspector panels and the body documents; registering their serializer and scheme is the caller's job. */
export function createInspector(extensionUri: vscode.Uri, deps: InspectorDeps): Inspector {
  const bodies = new BodyDocuments((webhookId, conversationId) => deps.getConversation(webhookId, conversationId));
  const panels = new InspectorPanels(extensionUri, deps, bodies);
  return {
    open: (conversation, options) => panels.open(conversation, options),
    closeAll: () => {
      panels.closeAll();
      bodies.forget();
    },
    compareBodies: (a, b, part) => bodies.compareBodies(a, b, part),
    onDidPostMessage: panels.onDidPostMessage,
    panels,
    bodies,
    dispose: () => {
      panels.dispose();
      bodies.dispose();
    },
  };
}
