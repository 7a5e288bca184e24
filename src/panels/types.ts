import type * as vscode from 'vscode';
import type { Inspector } from './inspectorPanel';
import type { ValidatorPanel } from './validatorPanel';
import type { HandlerLoop } from '../handlerLoop/loop';

/** The webview panels, as dist/panels.js builds them (see lazyPanels.ts). */
export interface Panels extends vscode.Disposable {
  readonly validator: ValidatorPanel;
  readonly inspector: Inspector;
  /** Send Again, Edit and Send, Sign & Send; their local attempts show in the inspector */
  readonly loop: HandlerLoop;
  readonly validatorSerializer: vscode.WebviewPanelSerializer;
  readonly inspectorSerializer: vscode.WebviewPanelSerializer;
  /** the read-only request/response body documents */
  readonly bodies: vscode.TextDocumentContentProvider;
  /** nextmvWebhooks.validateDelivery: palette (no argument), tree item (a webhook), or options */
  validateDelivery(arg?: unknown): void;
  /** nextmvWebhooks.openConversation: a click on a conversation row opens (or reuses) the preview inspector */
  openConversation(node: unknown): void;
}
