import { strict as assert } from 'assert';
import * as path from 'path';
import { build, type Message, type Metafile } from 'esbuild';

const ROOT = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { extensionHost } = require(path.join(ROOT, 'esbuild.js')) as { extensionHost: Parameters<typeof build>[0] };

/** What each extension-host bundle is made of, as the production build makes it (not written to disk). */
async function bundleInputs(): Promise<{ outputs: Map<string, string[]>; sizes: Map<string, number>; texts: Map<string, string> }> {
  const result = await build({ ...extensionHost, absWorkingDir: ROOT, write: false, metafile: true, minify: true, sourcemap: false });
  const meta = result.metafile as Metafile;
  const outputs = new Map<string, string[]>();
  const sizes = new Map<string, number>();
  for (const [file, out] of Object.entries(meta.outputs)) {
    outputs.set(path.basename(file), Object.keys(out.inputs));
    sizes.set(path.basename(file), out.bytes);
  }
  const texts = new Map(result.outputFiles.map((f) => [path.basename(f.path), f.text]));
  return { outputs, sizes, texts };
}

describe('extension-host bundles (what activation reads)', function () {
  this.timeout(60_000);
  let outputs: Map<string, string[]>;
  let sizes: Map<string, number>;
  let texts: Map<string, string>;
  before(async () => {
    ({ outputs, sizes, texts } = await bundleInputs());
  });

  it('extension.js holds neither the tree nor the HTTP stack, nor the panels, nor the commands that change things', () => {
    const inputs = outputs.get('extension.js') ?? [];
    assert.ok(inputs.includes('src/extension.ts'));
    const lazy = [/node_modules\/undici\//, /^src\/core\/(signature|signatureHints|delivery|validatorSession)\.ts$/, /^src\/core\/inspector\/(session|curl|prettyJson|viewModel)\.ts$/, /^src\/webview\//, /^src\/commands\/(webhook|auth|webhookForm)\.ts$/, /^src\/ui\/prompter\.ts$/, /^src\/tree\/(model|webhooksTree|items|errorNodes|autoRefresh)\.ts$/, /^src\/api\/connection\.ts$/];
    const found = inputs.filter((i) => lazy.some((re) => re.test(i)));
    assert.deepEqual(found, [], 'these belong in tree.js, api.js, panels.js or commands.js');
  });

  it('extension.js only registers: the services and the command table are in host.js', () => {
    const host = ['src/common/logger.ts', 'src/connection/accounts.ts', 'src/connection/apiKey.ts', 'src/commands/registry.ts', 'src/panels/lazyPanels.ts', 'src/host.ts'];
    const inputs = outputs.get('extension.js') ?? [];
    assert.deepEqual(inputs.filter((i) => host.includes(i)), [], 'read at activation');
    for (const input of host) assert.ok(outputs.get('host.js')?.includes(input), `host.js has ${input}`);
    for (const bundle of ['tree.js', 'panels.js', 'commands.js']) {
      assert.deepEqual((outputs.get(bundle) ?? []).filter((i) => host.includes(i)), [], `${bundle} is handed the services, it has no copy of them`);
    }
  });

  it('each lazy bundle holds what it is loaded for', () => {
    const tree = outputs.get('tree.js') ?? [];
    for (const input of ['src/tree/webhooksTree.ts', 'src/tree/model.ts', 'src/connection/connection.ts']) assert.ok(tree.includes(input), `tree.js has ${input}`);
    assert.deepEqual(tree.filter((i) => i.includes('node_modules/undici/')), [], 'the HTTP stack stays in api.js until the first request');
    const api = outputs.get('api.js') ?? [];
    assert.ok(api.some((i) => i.endsWith('node_modules/undici/lib/dispatcher/env-http-proxy-agent.js')), 'api.js has undici');
    // only the parts the client uses (src/core/api/undici.ts), not undici's index with fetch, WebSocket, mocks…
    assert.deepEqual(api.filter((i) => /node_modules\/undici\/(index\.js|lib\/(web\/websocket|mock|cache)\/)/.test(i)), []);
    assert.ok(outputs.get('panels.js')?.includes('src/core/validator/signature.ts'), 'panels.js has the signature engine');
    assert.ok(outputs.get('panels.js')?.includes('src/panels/inspectorPanel.ts'), 'panels.js has the inspector');
    assert.ok(outputs.get('commands.js')?.includes('src/commands/webhook.ts'), 'commands.js has the webhook commands');
    assert.ok(outputs.get('commands.js')?.includes('src/commands/accounts.ts'), 'commands.js has the account commands');
  });

  it('the YAML parser (for ~/.nextmv/config.yaml) is in cliConfig.js alone, read only when a Nextmv CLI profile is needed', () => {
    const yaml = (bundle: string) => (outputs.get(bundle) ?? []).filter((i) => i.includes('node_modules/yaml/'));
    assert.ok(yaml('cliConfig.js').length > 0, 'cliConfig.js has the yaml library');
    assert.ok(outputs.get('cliConfig.js')?.includes('src/core/accounts/cliConfig.ts'));
    for (const bundle of ['extension.js', 'tree.js', 'api.js', 'panels.js', 'commands.js']) assert.deepEqual(yaml(bundle), [], `${bundle} has no copy of it`);
    assert.ok(outputs.get('panels.js')?.includes('src/handlerLoop/loop.ts'), 'panels.js has Send Again and Sign & Send, whose answers the inspector shows');
    assert.ok(outputs.get('commands.js')?.includes('src/commands/handlerLoop.ts'), 'commands.js has their commands');
    for (const bundle of ['panels.js', 'commands.js']) {
      assert.deepEqual((outputs.get(bundle) ?? []).filter((i) => i.includes('node_modules/undici/')), [], `${bundle} sends through api.js, read on the first send`);
    }
  });

  it("'vscode' is read straight from require('vscode'), never copied", () => {
    // esbuild's interop would copy the whole API object (~300 getters) per importing module
    for (const bundle of ['extension.js', 'host.js', 'tree.js', 'panels.js', 'commands.js']) {
      const text = texts.get(bundle) ?? '';
      assert.equal(text.match(/require\("vscode"\)/g)?.length, 1, `${bundle} requires 'vscode' once`);
      assert.doesNotMatch(text, /\(require\("vscode"\)\)/, `${bundle} passes require('vscode') to no interop helper`);
    }
  });

  it('a name the vscode API does not declare fails the build', async () => {
    const source = "import * as vscode from 'vscode'; console.log(vscode.window, (vscode as any).notInTheApi);";
    const result = await build({ ...extensionHost, absWorkingDir: ROOT, write: false, entryPoints: undefined, outdir: undefined, stdin: { contents: source, loader: 'ts', resolveDir: ROOT } }).catch((err: { errors: Message[] }) => err);
    assert.deepEqual(result.errors.map((e) => e.id), ['import-is-undefined']);
    assert.match(result.errors[0]?.text ?? '', /notInTheApi/);
  });

  it('extension.js stays small (it is compiled at every activation)', () => {
    // A tripwire for a wrong import, not a speed goal: it holds the registrations and stand-ins only (~4 KB);
    // the services are in host.js (~12 KB), the smallest bundle read on use (activation is measured by the bench).
    const bytes = sizes.get('extension.js') ?? Infinity;
    assert.ok(bytes < 6 * 1024, `dist/extension.js is ${bytes} bytes`);
  });
});
