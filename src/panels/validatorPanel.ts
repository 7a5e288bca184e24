import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { escapeHtml, pageLanguage, renderPage, webviewOptions } from './html';
import { ValidatorSession, type ValidatorOpenOptions } from '../core/validator/session';
import { VALIDATOR_VIEW_TYPE, type HostToWebviewMessage } from '../shared/validatorProtocol';

export { validatorOptionsFromArg, type ValidatorOpenOptions } from '../core/validator/session';

export interface ValidatorPanelDeps {
  readonly extensionUri: vscode.Uri;
  /** ids for the Webhook select; may reject (no API key yet): the form then offers only a pasted secret */
  listWebhookIds(): Promise<string[]>;
  /** a webhook's signing secret; it stays in the extension host */
  getWebhookSecret(webhookId: string): Promise<string>;
  readonly log?: { warn(message: string): void };
}

const TITLE = vscode.l10n.t('Validate Delivery');

/**
 * The single "Validate Delivery" panel: opens or reveals it, and hands its messages to a ValidatorSession
 * (which parses, fetches secrets and verifies in the extension host).
 */
export class ValidatorPanel extends Disposable {
  static readonly viewType = VALIDATOR_VIEW_TYPE;

  private current: { panel: vscode.WebviewPanel; session: ValidatorSession; disposables: vscode.Disposable[] } | undefined;
  private readonly posted = this._register(new vscode.EventEmitter<HostToWebviewMessage>());
  private readonly received = this._register(new vscode.EventEmitter<unknown>());

  /** Every message posted to the webview — for tests that check no secret ever crosses over. */
  readonly onDidPostMessage = this.posted.event;
  /** Every message received from the webview, before it is checked. */
  readonly onDidReceiveMessage = this.received.event;

  constructor(private readonly deps: ValidatorPanelDeps) {
    super();
  }

  get panel(): vscode.WebviewPanel | undefined {
    return this.current?.panel;
  }

  /** Opens the panel, or reveals it and applies the options (preselected webhook, prefilled delivery). */
  show(options: ValidatorOpenOptions = {}): vscode.WebviewPanel {
    if (this.current) {
      this.current.panel.reveal();
      this.current.session.open(options);
      return this.current.panel;
    }
    const panel = vscode.window.createWebviewPanel(ValidatorPanel.viewType, TITLE, vscode.ViewColumn.Active, {
      ...webviewOptions(this.deps.extensionUri),
      // the form holds a pasted secret, which is deliberately not saved in the webview state
      retainContextWhenHidden: true,
    });
    this.attach(panel, options);
    return panel;
  }

  /** Takes over a panel VS Code restored after a reload (see validatorSerializer). */
  restore(panel: vscode.WebviewPanel): void {
    if (this.current) {
      panel.dispose();
      this.current.panel.reveal();
      return;
    }
    panel.webview.options = webviewOptions(this.deps.extensionUri);
    this.attach(panel, {});
  }

  /** Another account is active: the open form forgets fetched secrets and lists that account's webhooks. */
  reset(): void {
    this.current?.session.reset();
  }

  override dispose(): void {
    this.current?.panel.dispose();
    super.dispose();
  }

  private attach(panel: vscode.WebviewPanel, options: ValidatorOpenOptions): void {
    const webview = panel.webview;
    const session = new ValidatorSession({
      post: (message) => {
        this.posted.fire(message);
        void webview.postMessage(message);
      },
      listWebhookIds: () => this.deps.listWebhookIds(),
      getWebhookSecret: (id) => this.deps.getWebhookSecret(id),
      log: (message) => this.deps.log?.warn(message),
    });
    session.open(options);
    panel.iconPath = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'nextmv-webhooks.svg');
    const disposables = [
      webview.onDidReceiveMessage((message: unknown) => {
        this.received.fire(message);
        session.handle(message).catch((err: unknown) => this.deps.log?.warn(`Validator: a message from the webview failed: ${err instanceof Error ? err.message : String(err)}`));
      }),
      panel.onDidDispose(() => {
        session.dispose();
        for (const d of disposables) d.dispose();
        if (this.current?.panel === panel) this.current = undefined;
      }),
    ];
    this.current = { panel, session, disposables };
    webview.html = renderPage({ webview, extensionUri: this.deps.extensionUri, title: TITLE, script: 'validator.js', ...pageLanguage(), body: pageBody(webview, this.deps.extensionUri) });
  }
}

/** Static markup only: the stylesheet of this page and the element the script fills. */
function pageBody(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const css = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'validator.css')).toString();
  return `<link rel="stylesheet" href="${escapeHtml(css)}">
<main id="validator-root"></main>`;
}

/** Restores the panel after a window reload (VS Code activates us with "onWebviewPanel:nextmvWebhooks.validator"). */
export function validatorSerializer(validator: ValidatorPanel): vscode.WebviewPanelSerializer {
  return {
    deserializeWebviewPanel: (panel: vscode.WebviewPanel) => {
      validator.restore(panel);
      return Promise.resolve();
    },
  };
}
