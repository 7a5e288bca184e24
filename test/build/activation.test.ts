import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { build } from 'esbuild';
import { Commands, ContextKeys, SecretKeys, Views } from '../../src/constants';
import { INSPECTOR_VIEW_TYPE } from '../../src/shared/inspectorProtocol';
import { VALIDATOR_VIEW_TYPE } from '../../src/shared/validatorProtocol';
import { BODY_SCHEME } from '../../src/core/inspector/bodyDocument';

const ROOT = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { extensionHost } = require(path.join(ROOT, 'esbuild.js')) as { extensionHost: Parameters<typeof build>[0] };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Module = require('module') as { _load: (request: string, ...rest: unknown[]) => unknown };

/** What the stand-in `vscode` saw, in order. */
interface Seen {
  commands: Map<string, (...args: unknown[]) => unknown>;
  views: string[];
  serializers: string[];
  schemes: string[];
  contexts: Map<string, unknown>;
  outputChannels: string[];
  errors: string[];
}

/** Just enough of the API for extension.js and host.js, recording each registration. */
function fakeVscode(seen: Seen): unknown {
  const disposable = { dispose: () => undefined };
  class EventEmitter<T> {
    private listeners: ((e: T) => void)[] = [];
    event = (l: (e: T) => void) => (this.listeners.push(l), disposable);
    fire(e: T) {
      for (const l of this.listeners) l(e);
    }
    dispose() {
      this.listeners = [];
    }
  }
  return {
    EventEmitter,
    ExtensionMode: { Production: 1, Development: 2, Test: 3 },
    l10n: { t: (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])) },
    commands: {
      registerCommand: (id: string, run: (...args: unknown[]) => unknown) => (seen.commands.set(id, run), disposable),
      executeCommand: async (id: string, key: string, value: unknown) => void (id === 'setContext' && seen.contexts.set(key, value)),
    },
    window: {
      createTreeView: (id: string) => (seen.views.push(id), { ...disposable, onDidChangeVisibility: () => disposable }),
      registerWebviewPanelSerializer: (viewType: string) => (seen.serializers.push(viewType), disposable),
      showErrorMessage: async (message: string) => void seen.errors.push(message),
      createOutputChannel: (name: string) => (seen.outputChannels.push(name), { ...disposable, info() {}, warn() {}, error() {}, show() {} }),
    },
    workspace: {
      registerTextDocumentContentProvider: (scheme: string) => (seen.schemes.push(scheme), disposable),
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('activation (the production bundles, in plain Node with a stand-in vscode)', function () {
  this.timeout(60_000);
  let dir: string;
  let restoreLoad: () => void;
  let seen: Seen;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nextmv-activation-'));
    await build({ ...extensionHost, absWorkingDir: ROOT, outdir: dir, minify: true, sourcemap: false, entryPoints: { extension: 'src/extension.ts', host: 'src/host.ts' } });
    seen = { commands: new Map(), views: [], serializers: [], schemes: [], contexts: new Map(), outputChannels: [], errors: [] };
    const vscode = fakeVscode(seen);
    const load = Module._load;
    Module._load = function (request: string, ...rest: unknown[]) {
      return request === 'vscode' ? vscode : load.call(this, request, ...rest);
    };
    restoreLoad = () => (Module._load = load);
  });
  after(() => {
    restoreLoad();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('activate() only registers; host.js loads right after it returns and sets the welcome view’s context keys', async () => {
    const context = productionContext();
    const hostFile = path.join(dir, 'host.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const extension = require(path.join(dir, 'extension.js')) as { activate(c: unknown): unknown };

    assert.equal(extension.activate(context), undefined, 'nothing exported outside ExtensionMode.Test');
    assert.deepEqual([...seen.commands.keys()].sort(), Object.values(Commands).sort(), 'every command, each once');
    assert.deepEqual(seen.views, [Views.webhooks]);
    assert.deepEqual(seen.serializers.sort(), [INSPECTOR_VIEW_TYPE, VALIDATOR_VIEW_TYPE].sort());
    assert.deepEqual(seen.schemes, [BODY_SCHEME]);
    assert.equal(context.subscriptions.length, 1 + Object.values(Commands).length + 3 + 1, 'the view, the commands, 2 serializers, the provider, the host');
    assert.equal(require.cache[hostFile], undefined, 'host.js is not read while VS Code times activation');
    assert.equal(seen.contexts.size, 0);

    for (let i = 0; i < 5 && !seen.contexts.has(ContextKeys.hasApiKey); i++) await tick();
    assert.ok(require.cache[hostFile], 'host.js is read right after activation');
    assert.equal(seen.contexts.get(ContextKeys.hasApiKey), true);
    assert.equal(seen.contexts.get(ContextKeys.apiKeySource), 'storage');
    assert.deepEqual(seen.outputChannels, [], 'nothing logged, so no output channel yet');

    // a command runs through the host (and its error wrapper): Show Logs creates the one channel
    await seen.commands.get(Commands.showLogs)?.();
    assert.deepEqual(seen.outputChannels, ['Nextmv Webhooks']);
    for (const d of context.subscriptions) d.dispose();
  });

  it('a damaged install (host.js missing) says so once activation is over, and activation itself still succeeds', async () => {
    const damaged = fs.mkdtempSync(path.join(dir, 'damaged-'));
    fs.copyFileSync(path.join(dir, 'extension.js'), path.join(damaged, 'extension.js'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const extension = require(path.join(damaged, 'extension.js')) as { activate(c: unknown): unknown };
    seen.errors.length = 0;
    const context = productionContext();
    extension.activate(context);
    for (let i = 0; i < 5 && !seen.errors.length; i++) await tick();
    assert.equal(seen.errors.length, 1);
    assert.match(seen.errors[0] ?? '', /^Nextmv Webhooks could not start: .*host\.js/);
    for (const d of context.subscriptions) d.dispose();
  });
});

/** An ExtensionContext as VS Code gives it outside tests, with a key stored for the default account. */
function productionContext() {
  const stored = new Map<string, unknown>();
  return {
    subscriptions: [] as { dispose(): void }[],
    extensionMode: 1,
    globalState: { get: (k: string) => stored.get(k), update: async (k: string, v: unknown) => void stored.set(k, v), keys: () => [...stored.keys()] },
    secrets: { get: async (name: string) => (name === SecretKeys.apiKey ? 'a-stored-key' : undefined), onDidChange: () => ({ dispose: () => undefined }) },
  };
}
