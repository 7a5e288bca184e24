import { strict as assert } from 'assert';
import * as path from 'path';
import { build, type Metafile } from 'esbuild';

const ROOT = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { extensionHost } = require(path.join(ROOT, 'esbuild.js')) as { extensionHost: Parameters<typeof build>[0] };

/** What each extension-host bundle is made of, as the production build makes it (not written to disk). */
async function bundleInputs(): Promise<{ outputs: Map<string, string[]>; sizes: Map<string, number> }> {
  const result = await build({ ...extensionHost, absWorkingDir: ROOT, write: false, metafile: true, minify: true, sourcemap: false });
  const meta = result.metafile as Metafile;
  const outputs = new Map<string, string[]>();
  const sizes = new Map<string, number>();
  for (const [file, out] of Object.entries(meta.outputs)) {
    outputs.set(path.basename(file), Object.keys(out.inputs));
    sizes.set(path.basename(file), out.bytes);
  }
  return { outputs, sizes };
}

describe('extension-host bundles (what activation reads)', function () {
  this.timeout(60_000);
  let outputs: Map<string, string[]>;
  let sizes: Map<string, number>;
  before(async () => {
    ({ outputs, sizes } = await bundleInputs());
  });

  it('extension.js holds neither the HTTP stack, nor the panels, nor the commands that change things', () => {
    const inputs = outputs.get('extension.js') ?? [];
    assert.ok(inputs.includes('src/extension.ts'));
    const lazy = [/node_modules\/undici\//, /^src\/core\/(signature|signatureHints|delivery|validatorSession)\.ts$/, /^src\/core\/inspector\/(session|curl|prettyJson|viewModel)\.ts$/, /^src\/webview\//, /^src\/commands\/(webhook|auth|webhookForm)\.ts$/, /^src\/ui\/prompter\.ts$/];
    const found = inputs.filter((i) => lazy.some((re) => re.test(i)));
    assert.deepEqual(found, [], 'these belong in api.js, panels.js or commands.js');
  });

  it('each lazy bundle holds what it is loaded for', () => {
    const api = outputs.get('api.js') ?? [];
    assert.ok(api.includes('node_modules/undici/lib/dispatcher/env-http-proxy-agent.js'), 'api.js has undici');
    // only the parts the client uses (src/core/api/undici.ts), not undici's index with fetch, WebSocket, mocks…
    assert.deepEqual(api.filter((i) => /node_modules\/undici\/(index\.js|lib\/(web\/websocket|mock|cache)\/)/.test(i)), []);
    assert.ok(outputs.get('panels.js')?.includes('src/core/signature.ts'), 'panels.js has the signature engine');
    assert.ok(outputs.get('panels.js')?.includes('src/webview/inspectorPanel.ts'), 'panels.js has the inspector');
    assert.ok(outputs.get('commands.js')?.includes('src/commands/webhook.ts'), 'commands.js has the webhook commands');
  });

  it("'vscode' is required once per bundle, not once per importing module", () => {
    // each __toESM(require('vscode')) copies the whole API object: ~1 ms of activation per module
    assert.deepEqual(outputs.get('extension.js')?.filter((i) => i.includes('vscode-once')), ['vscode-once:vscode']);
  });

  it('extension.js stays small (it is parsed at every activation)', () => {
    const bytes = sizes.get('extension.js') ?? Infinity;
    assert.ok(bytes < 32 * 1024, `dist/extension.js is ${bytes} bytes`);
  });
});
