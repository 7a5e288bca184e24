import * as vscode from 'vscode';
import { Commands } from './constants';
import { lazyBundle } from './common/lazyBundle';
import { toDisposable } from './common/lifecycle';
import { BODY_SCHEME } from './core/inspector/bodyDocument';
import { INSPECTOR_VIEW_TYPE } from './shared/inspectorProtocol';
import { VALIDATOR_VIEW_TYPE } from './shared/validatorProtocol';
import { LazyTree } from './tree/lazyTree';
import type { Host, NextmvWebhooksTestApi } from './host';

export type { NextmvWebhooksTestApi } from './host';

const loadHost = lazyBundle<typeof import('./host')>('host.js');

/**
 * Registers, and nothing else: VS Code times activation until activate() returns, and needs only the
 * registrations by then. Every registration hands its work to dist/host.js (the services, the command
 * table, the panels), which loads right after activation — for the welcome view's context keys — or
 * sooner if a command, a restored panel or the view asks first. The tree's code (dist/tree.js), the HTTP
 * stack (dist/api.js), the panels and the commands that change things load on first use after that. Each
 * split keeps milliseconds off activation (measured; see esbuild.js).
 */
export function activate(context: vscode.ExtensionContext): NextmvWebhooksTestApi | undefined {
  let host: Host | undefined;
  let disposed = false;
  const built = (): Host => (host ??= loadHost().createHost(context, tree));
  const tree = new LazyTree(() => built().treeShell);
  context.subscriptions.push(
    tree,
    ...Object.values(Commands).map((id) => vscode.commands.registerCommand(id, (...args: unknown[]) => built().run(id, args))),
    vscode.window.registerWebviewPanelSerializer(VALIDATOR_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => built().panels.validatorSerializer.deserializeWebviewPanel(panel, state),
    }),
    vscode.window.registerWebviewPanelSerializer(INSPECTOR_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => built().panels.inspectorSerializer.deserializeWebviewPanel(panel, state),
    }),
    vscode.workspace.registerTextDocumentContentProvider(BODY_SCHEME, {
      provideTextDocumentContent: (uri, token) => built().panels.bodies.provideTextDocumentContent(uri, token),
    }),
    toDisposable(() => {
      disposed = true;
      host?.dispose();
    }),
  );
  setImmediate(() => {
    try {
      if (!disposed) built().start();
    } catch (err) {
      // only a damaged install gets here (host.js missing or unreadable): say so rather than fail silently
      void vscode.window.showErrorMessage(vscode.l10n.t('Nextmv Webhooks could not start: {0}', err instanceof Error ? err.message : String(err)));
    }
  });
  return context.extensionMode === vscode.ExtensionMode.Test ? built().testApi : undefined;
}

export function deactivate(): void {
  // everything is in context.subscriptions
}
