/**
 * @vscode/l10n as the extension-host bundles see it (esbuild.js aliases the package to this file): the
 * pure code's t() (src/core, src/shared) goes straight to vscode.l10n.t, which already holds VS Code's
 * translations for the display language. So host and core share one source of translations, none of the
 * six dist/ bundles carries its own copy of @vscode/l10n and its bundle (each would need configuring, and
 * before any module that translates while it loads), and English costs nothing. The webviews and the unit
 * tests use the real package, configured with a bundle.
 */
import * as vscode from 'vscode';

export function t(...args: unknown[]): string {
  return (vscode.l10n.t as (...a: unknown[]) => string)(...args);
}

/** Nothing to load: vscode.l10n has the bundle already. */
export function config(): void {}
