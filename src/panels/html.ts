import * as vscode from 'vscode';
import { randomBytes } from 'crypto';

/** A fresh nonce for each rendered page: scripts without it do not run (CSP). */
export function makeNonce(): string {
  return randomBytes(18).toString('base64');
}

/** Only dist/ (bundled scripts, codicons) and media/ (CSS, icons) may be loaded by a webview. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export interface PageOptions {
  readonly webview: vscode.Webview;
  readonly extensionUri: vscode.Uri;
  readonly title: string;
  /** file name of the bundled script in dist/webview/, e.g. 'validator.js' */
  readonly script: string;
  /** static markup of the page body; no untrusted data ever goes here (the script renders that). */
  readonly body: string;
  /** VS Code's display language (`<html lang>`), which the page's Intl formatting follows */
  readonly language: string;
  /** the translations of that language (vscode.l10n.bundle); none for English */
  readonly l10nBundle?: Readonly<Record<string, string>>;
}

/** The page's language and translations, as VS Code gives them to the extension. */
export function pageLanguage(): Pick<PageOptions, 'language' | 'l10nBundle'> {
  return { language: vscode.env.language, l10nBundle: vscode.l10n.bundle };
}

/**
 * The HTML shell of every webview: strict CSP (`default-src 'none'`, scripts by nonce only, styles and
 * fonts from the extension), the shared stylesheet and codicons, then the page's own script. The language
 * and its translations ride on `<html>` (read by src/webview-ui/language.ts before anything renders): the page
 * draws its form before the ready → init handshake, so the init message would come too late for it.
 */
export function renderPage(o: PageOptions): string {
  const nonce = makeNonce();
  const asset = (...p: string[]) => o.webview.asWebviewUri(vscode.Uri.joinPath(o.extensionUri, ...p)).toString();
  const csp = [
    "default-src 'none'",
    `style-src ${o.webview.cspSource}`,
    `font-src ${o.webview.cspSource}`,
    `img-src ${o.webview.cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(o.language)}"${o.l10nBundle ? ` data-l10n="${escapeHtml(JSON.stringify(o.l10nBundle))}"` : ''}>
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('dist', 'codicons', 'codicon.css')}">
<link rel="stylesheet" href="${asset('media', 'webview.css')}">
<title>${escapeHtml(o.title)}</title>
</head>
<body>
${o.body}
<script nonce="${nonce}" src="${asset('dist', 'webview', o.script)}"></script>
</body>
</html>`;
}

/** For the few static strings put into the shell (titles); untrusted data is never rendered here. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
