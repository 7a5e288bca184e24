/**
 * What the webview suites share: a webview script (src/webview-ui/) bundled as esbuild.js bundles it, served
 * with media/ and the codicons from a local origin in the page the extension's own renderPage() makes,
 * opened in Debian's headless Chromium with a stub acquireVsCodeApi and VS Code's theme variables.
 */
import * as fs from 'fs';
import * as http from 'http';
import Module from 'module';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, ROOT } from '../harness/workbench';
import type * as html from '../../src/panels/html';

/** Screenshots go here. */
export const RESULTS = path.join(ROOT, 'test-results');

/** VS Code's theme kinds; the page's body gets the class `vscode-<theme>`, as VS Code gives it. */
export const THEMES = ['dark', 'light', 'high-contrast'] as const;
export type Theme = (typeof THEMES)[number];

/** The variables VS Code sets on the root element for Dark Modern, Light Modern and Dark High Contrast (null: not set). */
const THEME_VARS: Record<string, Record<Theme, string | null>> = {
  foreground: { dark: '#cccccc', light: '#3b3b3b', 'high-contrast': '#ffffff' },
  'editor-background': { dark: '#1f1f1f', light: '#ffffff', 'high-contrast': '#000000' },
  descriptionForeground: { dark: '#9d9d9d', light: '#717171', 'high-contrast': '#ffffffb3' },
  focusBorder: { dark: '#0078d4', light: '#005fb8', 'high-contrast': '#f38518' },
  contrastBorder: { dark: null, light: null, 'high-contrast': '#6fc3df' },
  'input-foreground': { dark: '#cccccc', light: '#3b3b3b', 'high-contrast': '#ffffff' },
  'input-background': { dark: '#313131', light: '#ffffff', 'high-contrast': '#000000' },
  'input-border': { dark: '#3c3c3c', light: '#cecece', 'high-contrast': '#6fc3df' },
  'button-foreground': { dark: '#ffffff', light: '#ffffff', 'high-contrast': '#ffffff' },
  'button-background': { dark: '#0078d4', light: '#005fb8', 'high-contrast': '#000000' },
  'button-hoverBackground': { dark: '#026ec1', light: '#0258a8', 'high-contrast': null },
  'button-border': { dark: null, light: null, 'high-contrast': '#6fc3df' },
  'button-secondaryForeground': { dark: '#cccccc', light: '#3b3b3b', 'high-contrast': '#ffffff' },
  'button-secondaryBackground': { dark: '#313131', light: '#e5e5e5', 'high-contrast': '#000000' },
  'button-secondaryHoverBackground': { dark: '#3c3c3c', light: '#cccccc', 'high-contrast': null },
  'textCodeBlock-background': { dark: '#2b2b2b', light: '#f8f8f8', 'high-contrast': '#000000' },
  'panel-border': { dark: '#2b2b2b', light: '#e5e5e5', 'high-contrast': '#6fc3df' },
  'testing-iconPassed': { dark: '#73c991', light: '#388a34', 'high-contrast': '#73c991' },
  'testing-iconFailed': { dark: '#f14c4c', light: '#e51400', 'high-contrast': '#f14c4c' },
  errorForeground: { dark: '#f85149', light: '#e51400', 'high-contrast': '#f48771' },
  'editorWarning-foreground': { dark: '#cca700', light: '#bf8803', 'high-contrast': '#fff000' },
  'editorLightBulb-foreground': { dark: '#ffcc00', light: '#ddb100', 'high-contrast': '#ffcc00' },
  'inputValidation-errorBackground': { dark: '#5a1d1d', light: '#f2dede', 'high-contrast': '#000000' },
  'inputValidation-infoBackground': { dark: '#063b49', light: '#d6ecf2', 'high-contrast': '#000000' },
  'inputValidation-infoBorder': { dark: '#007acc', light: '#1a85ff', 'high-contrast': '#6fc3df' },
};

function themeCss(theme: Theme): string {
  const vars = Object.entries(THEME_VARS).flatMap(([name, values]) => (values[theme] ? [`--vscode-${name}: ${values[theme]};`] : []));
  const fonts = '--vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; --vscode-editor-font-family: monospace; --vscode-editor-font-size: 13px;';
  return `:root { ${fonts}\n  ${vars.join('\n  ')}\n}\n`;
}

/**
 * The stub VS Code API, and the watchers: posted messages (also handed to window.__toHost when the tab has a
 * host), saved states (kept in sessionStorage so they survive a reload, as VS Code keeps them across
 * hide/show), CSP violations, and when the last message arrived.
 */
export const STUB = `(() => {
  window.__posted = []; window.__states = []; window.__violations = [];
  window.addEventListener('message', () => { window.__lastMessageAt = performance.now(); });
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => { window.__posted.push(m); if (window.__toHost) window.__toHost(m); },
    getState: () => { const s = sessionStorage.getItem('state'); return s ? JSON.parse(s) : undefined; },
    setState: (s) => { window.__states.push(s); sessionStorage.setItem('state', JSON.stringify(s)); },
  });
})();`;

/**
 * src/panels/html.ts itself, loaded with a stand-in for the one thing it needs from `vscode`, Uri.joinPath, so
 * the page under test is the one the extension renders (CSP, nonce, links, script tag), not a copy of it.
 */
function loadRenderPage(): typeof html.renderPage {
  const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
  const load = loader._load;
  const vscode = { Uri: { joinPath: (base: { path: string }, ...segments: string[]) => ({ path: [base.path, ...segments].join('/') }) } };
  loader._load = function (request, ...rest) {
    return request === 'vscode' ? vscode : load.call(this, request, ...rest);
  };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a static import would load it before the stand-in is in place
    return (require('../../src/panels/html') as typeof html).renderPage;
  } finally {
    loader._load = load;
  }
}

/** Replaces the one occurrence of `anchor`, or fails: renderPage() no longer has what the harness adds to. */
function replaceOnce(page: string, anchor: RegExp, by: (found: string) => string): string {
  const found = page.match(new RegExp(anchor.source, 'g')) ?? [];
  if (found.length !== 1) throw new Error(`webview harness: renderPage() has ${found.length} matches of ${anchor}, expected 1`);
  return page.replace(anchor, by);
}

/** Polls a page condition through evaluate(): waitForFunction compiles a predicate it has to poll with eval, which the webview's CSP refuses. */
export async function waitUntil(check: () => Promise<unknown>, what = 'a condition', timeoutMs = 10_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !(await check()); ) {
    if (Date.now() > end) throw new Error(`waitUntil: timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface HarnessOptions {
  /** the entry in src/webview-ui/ (dist/webview/<script>.js) */
  readonly script: 'inspector' | 'validator';
  readonly title: string;
  /** the page's stylesheet in media/, linked first in the body as the panels do */
  readonly stylesheet: string;
  /** the rest of the panel's static body markup */
  readonly body: string;
}

export interface PageOptions {
  readonly theme?: Theme;
  /** false drops the Content-Security-Policy (to show that the script alone keeps data inert) */
  readonly csp?: boolean;
  /** VS Code's display language for the page (`<html lang>`); default `en` */
  readonly language?: string;
  /** translations the host would send for that language (vscode.l10n.bundle) */
  readonly l10nBundle?: Readonly<Record<string, string>>;
}

export interface WebviewHarness {
  readonly origin: string;
  readonly browser: Browser;
  /** The page's address; a fresh nonce each load. Default: dark theme, with the CSP. */
  url(o?: PageOptions): string;
  /** A 1000×900 tab; `onPost` receives, in Node, what the page posts to the host. */
  newTab<Message = unknown>(o?: { onPost?: (message: Message) => void }): Promise<Page>;
  /** Loads the page in `tab`, with the saved state of the previous load cleared unless `keepState`. */
  load(tab: Page, o?: PageOptions & { keepState?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/** Builds the script, starts the server and Chromium; fails (never skips) when Chromium is missing. */
export async function startWebviewHarness(o: HarnessOptions): Promise<WebviewHarness> {
  if (!fs.existsSync(CHROMIUM)) {
    const missing = new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_BIN)`);
    missing.stack = missing.message;
    throw missing;
  }
  const renderPage = loadRenderPage();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${o.script}-webview-`));
  let server: http.Server | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const bundle = path.join(dir, `${o.script}.js`);
    // as esbuild.js builds the webview scripts
    await esbuild.build({ entryPoints: [path.join(ROOT, 'src', 'webview-ui', `${o.script}.ts`)], outfile: bundle, bundle: true, format: 'iife', platform: 'browser', target: 'es2022', logLevel: 'silent' });
    const codicons = path.join(ROOT, 'node_modules', '@vscode', 'codicons', 'dist');
    const files: Record<string, [string, string]> = {
      [`/dist/webview/${o.script}.js`]: [bundle, 'text/javascript'],
      '/dist/codicons/codicon.css': [path.join(codicons, 'codicon.css'), 'text/css'],
      '/dist/codicons/codicon.ttf': [path.join(codicons, 'codicon.ttf'), 'font/ttf'],
    };
    for (const css of fs.readdirSync(path.join(ROOT, 'media')).filter((f) => f.endsWith('.css'))) files[`/media/${css}`] = [path.join(ROOT, 'media', css), 'text/css'];
    let origin = '';
    const webview = { cspSource: '', asWebviewUri: (uri: { path: string }) => ({ toString: () => origin + uri.path }) };
    const page = (theme: Theme, csp: boolean, language: string, l10nBundle: Record<string, string> | undefined): string => {
      const rendered = renderPage({
        webview: webview as unknown as html.PageOptions['webview'],
        extensionUri: { path: '' } as unknown as html.PageOptions['extensionUri'],
        title: o.title,
        script: `${o.script}.js`,
        body: `<link rel="stylesheet" href="${origin}/media/${o.stylesheet}">\n${o.body}`,
        language,
        l10nBundle,
      });
      const nonce = /script-src 'nonce-([^']+)'/.exec(rendered)![1];
      // What VS Code adds: the theme's variables and body class, and acquireVsCodeApi before the page's script.
      const withStub = replaceOnce(rendered, /<meta http-equiv="Content-Security-Policy"[^>]*>\n/, (meta) =>
        [csp ? meta : '', `<script nonce="${nonce}">${STUB}</script>\n`, `<link rel="stylesheet" href="${origin}/theme.css?theme=${theme}">\n`].join(''),
      );
      return replaceOnce(withStub, /<body>/, () => `<body class="vscode-${theme}">`);
    };
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', origin);
      const send = (type: string, body: string | Buffer, status = 200) => {
        res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
        res.end(body);
      };
      const theme = (THEMES as readonly string[]).includes(url.searchParams.get('theme') ?? '') ? (url.searchParams.get('theme') as Theme) : 'dark';
      if (url.pathname === '/') return send('text/html; charset=utf-8', page(theme, url.searchParams.get('csp') !== 'off', url.searchParams.get('lang') ?? 'en', url.searchParams.has('l10n') ? (JSON.parse(url.searchParams.get('l10n')!) as Record<string, string>) : undefined));
      if (url.pathname === '/theme.css') return send('text/css', themeCss(theme));
      const file = files[url.pathname];
      if (file) return send(file[1], fs.readFileSync(file[0]));
      return send('text/plain', 'not found', 404);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    origin = webview.cspSource = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    fs.mkdirSync(RESULTS, { recursive: true });
    const url = (p: PageOptions = {}) =>
      `${origin}/?theme=${p.theme ?? 'dark'}&csp=${p.csp === false ? 'off' : 'on'}&lang=${encodeURIComponent(p.language ?? 'en')}${p.l10nBundle ? `&l10n=${encodeURIComponent(JSON.stringify(p.l10nBundle))}` : ''}`;
    return {
      origin,
      browser,
      url,
      async newTab({ onPost } = {}) {
        const tab = await browser!.newPage({ viewport: { width: 1000, height: 900 } });
        // tsx compiles the suites with keepNames: functions passed to page.evaluate call esbuild's __name helper
        await tab.addInitScript('globalThis.__name = (fn) => fn;');
        if (onPost) await tab.exposeFunction('__toHost', onPost);
        return tab;
      },
      async load(tab, p = {}) {
        if (!p.keepState && tab.url().startsWith(origin)) await tab.evaluate('sessionStorage.clear()');
        await tab.goto(url(p));
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
