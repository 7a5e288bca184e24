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
  /** nextmvWebhooks.validateDelivery: palette (no argument), a webhook row, a delivery row of our tree (prefilled with it), or options */
  validateDelivery(arg?: unknown): void;
  /** a webhook's signing secret, fetched at most once a minute (the logger redacts it from the first fetch on) */
  secretOf(webhookId: string): Promise<string>;
  /** nextmvWebhooks.openConversation: a click on a conversation row opens (or reuses) the preview inspector */
  openConversation(node: unknown): void;
}
