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

  it('extension.js holds everything but the HTTP stack, which api.js holds (read on the first request)', () => {
    const ext = outputs.get('extension.js') ?? [];
    for (const input of ['src/extension.ts', 'src/tree/webhooksTree.ts', 'src/panels/inspectorPanel.ts', 'src/commands/webhook.ts', 'src/core/validator/signature.ts']) assert.ok(ext.includes(input), `extension.js has ${input}`);
    assert.deepEqual(ext.filter((i) => i.includes('/undici/') || i.startsWith('src/core/api/http')), [], 'no HTTP stack at activation');
    const api = outputs.get('api.js') ?? [];
    assert.ok(api.some((i) => i.endsWith('undici/lib/dispatcher/env-http-proxy-agent.js')), 'api.js has undici');
    // only the parts the client uses (src/core/api/undici.ts), not undici's index with fetch, WebSocket, mocks…
    assert.deepEqual(api.filter((i) => /undici\/(index\.js|lib\/(web\/websocket|mock|cache)\/)/.test(i)), []);
    assert.deepEqual([...outputs.keys()].sort(), ['api.js', 'extension.js'], 'two bundles, no other split');
  });

  it("'vscode' is read straight from require('vscode'), never copied", () => {
    // esbuild's interop would copy the whole API object (~300 getters) per importing module
    const text = texts.get('extension.js') ?? '';
    assert.equal(text.match(/require\("vscode"\)/g)?.length, 1, "extension.js requires 'vscode' once");
    assert.doesNotMatch(text, /\(require\("vscode"\)\)/, "extension.js passes require('vscode') to no interop helper");
    assert.doesNotMatch(texts.get('api.js') ?? '', /require\("vscode"\)/, 'api.js (src/core) does not touch the VS Code API');
  });

  it('a name the vscode API does not declare fails the build', async () => {
    const source = "import * as vscode from 'vscode'; console.log(vscode.window, (vscode as any).notInTheApi);";
    const result = await build({ ...extensionHost, absWorkingDir: ROOT, write: false, entryPoints: undefined, outdir: undefined, stdin: { contents: source, loader: 'ts', resolveDir: ROOT } }).catch((err: { errors: Message[] }) => err);
    assert.deepEqual(result.errors.map((e) => e.id), ['import-is-undefined']);
    assert.match(result.errors[0]?.text ?? '', /notInTheApi/);
  });

  it('extension.js stays far smaller than the HTTP stack it leaves out (it is compiled at every activation)', () => {
    const ext = sizes.get('extension.js') ?? Infinity;
    const api = sizes.get('api.js') ?? 0;
    assert.ok(ext < 160 * 1024, `dist/extension.js is ${ext} bytes`);
    assert.ok(ext * 2 < api, `extension.js (${ext} B) is well under half of api.js (${api} B)`);
  });
});
