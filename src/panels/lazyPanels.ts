import * as vscode from 'vscode';
import { lazyBundle } from '../common/lazyBundle';
import { BODY_SCHEME } from '../core/inspector/bodyDocument';
import type { Services } from '../services';
import { INSPECTOR_VIEW_TYPE } from '../shared/inspectorProtocol';
import { VALIDATOR_VIEW_TYPE } from '../shared/validatorProtocol';
import type { Panels } from './types';

type PanelsModule = typeof import('./index');

const loadPanelsModule = lazyBundle<PanelsModule>('panels.js');

/**
 * Stands in for dist/panels.js at activation: registers what VS Code must know about up front (the two
 * panel serializers, the body-document scheme) and builds the real panels the first time one is needed.
 */
export class LazyPanels implements vscode.Disposable {
  private loaded: Panels | undefined;

  constructor(private readonly s: Services) {}

  get(): Panels {
    this.loaded ??= loadPanelsModule().createPanels(this.s);
    return this.loaded;
  }

  /** The registrations (and this object, which disposes the panels): push them into context.subscriptions. */
  register(): vscode.Disposable[] {
    return [
      vscode.window.registerWebviewPanelSerializer(VALIDATOR_VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state) => this.get().validatorSerializer.deserializeWebviewPanel(panel, state),
      }),
      vscode.window.registerWebviewPanelSerializer(INSPECTOR_VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state) => this.get().inspectorSerializer.deserializeWebviewPanel(panel, state),
      }),
      vscode.workspace.registerTextDocumentContentProvider(BODY_SCHEME, {
        provideTextDocumentContent: (uri, token) => this.get().bodies.provideTextDocumentContent(uri, token),
      }),
      this,
    ];
  }

  dispose(): void {
    this.loaded?.dispose();
  }
}
