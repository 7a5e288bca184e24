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
}

/**
 * The HTML shell of every webview: strict CSP (`default-src 'none'`, scripts by nonce only, styles and
 * fonts from the extension), the shared stylesheet and codicons, then the page's own script.
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
<html lang="en">
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
