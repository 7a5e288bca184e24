/**
 * The baselines the workbench benchmarks measure our extension against, generated and packaged in a temp
 * folder on every run, installed the same way as ours (a VSIX), each with its own activity-bar view so
 * that opening the view activates it exactly as ours is activated:
 *   - empty:       `activate() {}` — what activation costs the workbench itself (~1 ms);
 *   - undici:      the same, with undici esbuild-bundled into its main — what loading the HTTP stack at
 *                  activation would cost (~500 KB of JavaScript);
 *   - registrations: makes the registrations our activate() makes, and nothing else — a tree view (whose
 *                  rows never come), a command per command of ours, two webview panel serializers, a text
 *                  document provider, a secret read and a context key — the floor our activation figure
 *                  cannot go under while VS Code needs those registered at activation;
 *   - static tree: registers a tree with fixed rows — the floor for "open the view → first rows"; a click on a
 *                  row opens a new bare webview panel (strict CSP, an inline script by nonce that writes the
 *                  row's label into `#bare-body`) — the floor for "click a row → a new panel shows it".
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { packageTinyExtension } from '../../harness/tinyExtension';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const ICON = path.join(ROOT, 'media', 'nextmv-webhooks.svg');

export interface ExtensionUnderTest {
  /** publisher.name, as VS Code identifies it */
  readonly id: string;
  /** the extension's displayName (Show Running Extensions shows it) */
  readonly displayName: string;
  /** the title of its activity-bar entry (its aria-label starts with it) */
  readonly containerTitle: string;
  /** text of a tree row that shows once the view has data; undefined when the view has none */
  readonly firstRowText?: string;
  readonly vsix: string;
}

export interface Baselines {
  readonly empty: ExtensionUnderTest;
  readonly undici: ExtensionUnderTest;
  readonly staticTree: ExtensionUnderTest;
  readonly registrations: ExtensionUnderTest;
  /** bytes of the undici baseline's main file */
  readonly undiciBundleBytes: number;
  dispose(): void;
}

/** The static tree's rows (fixed labels). */
export const STATIC_ROWS: readonly string[] = Array.from({ length: 8 }, (_, i) => `static-row-${i + 1}`);
/** The element of the static tree's bare webview that its script fills with a text containing the row's label. */
export const BARE_BODY_ID = 'bare-body';

/** Our contributed commands: the registrations baseline registers as many. */
const OUR_COMMAND_COUNT = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { commands: unknown[] } }).contributes.commands.length;

/** The extension host module of each baseline (CommonJS). */
const SOURCES = {
  registrations: `const vscode = require('vscode');
exports.activate = function (context) {
  const view = vscode.window.createTreeView('benchRegistrations.view', { treeDataProvider: { getChildren: () => new Promise(() => {}), getTreeItem: (e) => e }, showCollapseAll: true, canSelectMany: true });
  const commands = Array.from({ length: ${OUR_COMMAND_COUNT} }, (_, i) => vscode.commands.registerCommand('benchRegistrations.command' + i, () => undefined));
  const serializer = { deserializeWebviewPanel: async () => undefined };
  context.subscriptions.push(
    view,
    ...commands,
    vscode.window.registerWebviewPanelSerializer('benchRegistrations.panelA', serializer),
    vscode.window.registerWebviewPanelSerializer('benchRegistrations.panelB', serializer),
    vscode.workspace.registerTextDocumentContentProvider('bench-registrations', { provideTextDocumentContent: () => '' }),
    context.secrets.onDidChange(() => undefined),
  );
  void context.secrets.get('key').then((key) => vscode.commands.executeCommand('setContext', 'benchRegistrations.hasKey', key !== undefined));
};
exports.deactivate = function () {};
`,
  empty: `exports.activate = function () {};\nexports.deactivate = function () {};\n`,
  // kept by the bundler: require() of a module with side effects, and the binding is used
  undici: `const undici = require('undici');\nexports.activate = function () { void undici; };\nexports.deactivate = function () {};\n`,
  // activate() only registers the tree and the command; the page is built on click. The panel is opened as
  // our inspector opens one on a single click (active column, focus left in the tree), with the same kind of
  // CSP; its script is inline and renders the row's label, where ours loads dist/webview/inspector.js.
  staticTree: `const vscode = require('vscode');
exports.activate = function (context) {
  const rows = ${JSON.stringify(STATIC_ROWS)};
  context.subscriptions.push(
    vscode.window.registerTreeDataProvider('benchStaticTree.view', {
      getChildren: (element) => (element ? [] : rows),
      getTreeItem: (label) => {
        const item = new vscode.TreeItem(label);
        item.command = { command: 'benchStaticTree.open', title: 'Open', arguments: [label] };
        return item;
      },
    }),
    vscode.commands.registerCommand('benchStaticTree.open', openPage),
  );
};
function openPage(label) {
  const panel = vscode.window.createWebviewPanel('benchStaticTree.page', label, { viewColumn: vscode.ViewColumn.Active, preserveFocus: true }, { enableScripts: true });
  const nonce = makeNonce();
  const csp = "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src " + panel.webview.cspSource + " 'unsafe-inline'";
  // the labels are fixed (static-row-N): nothing to escape
  panel.webview.html = '<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">' +
    '<meta http-equiv="Content-Security-Policy" content="' + csp + '">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1.0"><title>' + label + '</title></head>' +
    '<body><pre id="${BARE_BODY_ID}"></pre>' +
    '<script nonce="' + nonce + '">document.getElementById("${BARE_BODY_ID}").textContent = ' + JSON.stringify('Request body of ' + label + ' (bare webview)') + ';</script>' +
    '</body></html>';
}
function makeNonce() {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let nonce = '';
  for (let i = 0; i < 32; i++) nonce += chars.charAt(Math.floor(Math.random() * chars.length));
  return nonce;
}
exports.deactivate = function () {};
`,
};

/** Writes the baselines into a temp folder and packages each into a VSIX (a few seconds). */
export function createBaselines(): Baselines {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nextmv-bench-ext-'));
  const make = (key: keyof typeof SOURCES, name: string, displayName: string, container: string, firstRowText?: string): ExtensionUnderTest => {
    const vsix = packageTinyExtension(work, {
      name,
      publisher: 'nextmv-bench',
      displayName,
      files: { 'icon.svg': ICON },
      // onView:<id> is implied by contributes.views (VS Code ≥ 1.74), as for our extension
      contributes: {
        viewsContainers: { activitybar: [{ id: container, title: displayName, icon: 'icon.svg' }] },
        views: { [container]: [{ id: `${container}.view`, name: displayName }] },
      },
      ...(key === 'undici'
        ? {
            // bundled the way our own extension is built for production (esbuild.js --production)
            writeMain: (outfile: string) =>
              buildSync({
                stdin: { contents: SOURCES.undici, resolveDir: ROOT, sourcefile: 'bench-undici.js', loader: 'js' },
                bundle: true, minify: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'],
                outfile, logLevel: 'silent',
              }),
          }
        : { main: SOURCES[key] }),
    });
    return { id: `nextmv-bench.${name}`, displayName, containerTitle: displayName, firstRowText, vsix };
  };
  try {
    const empty = make('empty', 'bench-empty', 'Bench Empty', 'benchEmpty');
    const undici = make('undici', 'bench-undici', 'Bench Undici Bundle', 'benchUndici');
    const staticTree = make('staticTree', 'bench-static-tree', 'Bench Static Tree', 'benchStaticTree', STATIC_ROWS[0]);
    const registrations = make('registrations', 'bench-registrations', 'Bench Same Registrations', 'benchRegistrations');
    const undiciBundleBytes = fs.statSync(path.join(work, 'bench-undici', 'extension.js')).size;
    return { empty, undici, staticTree, registrations, undiciBundleBytes, dispose: () => fs.rmSync(work, { recursive: true, force: true }) };
  } catch (err) {
    fs.rmSync(work, { recursive: true, force: true });
    throw err;
  }
}
