import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DesktopNotFoundError, startDesktopCode } from '../../../tools/demo/desktopCode';
import { descendants, processInfo } from '../../../tools/demo/processTree';

/**
 * `npm run demo -- --desktop` with a stand-in for VS Code's `code` CLI (no desktop VS Code here): it records
 * how it is called and, like the real one with --wait, stays alive while its "window" (a child in a process
 * group of its own, as Electron is) runs.
 */
const STUB = `#!/bin/sh
echo "$NEXTMV_API_KEY|$*" >> "$STUB_LOG"
case " $* " in *" --install-extension "*) exit 0;; esac
setsid sleep 300 &
wait
`;

const gone = (pid: number) => {
  const p = processInfo(pid);
  return !p || p.state === 'Z';
};

async function until<T>(what: string, get: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = get();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('demo --desktop (with a stand-in `code` CLI)', function () {
  this.timeout(30_000);
  const savedPath = process.env.PATH;
  let dir: string;
  let log: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nextmv-code-stub-'));
    log = path.join(dir, 'calls.log');
    fs.writeFileSync(path.join(dir, 'code'), STUB, { mode: 0o755 });
    process.env.PATH = `${dir}${path.delimiter}${savedPath}`;
    process.env.STUB_LOG = log;
  });
  afterEach(() => {
    process.env.PATH = savedPath;
    delete process.env.STUB_LOG;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('installs the VSIX into a throw-away profile, opens the folder with the settings and key, and stop() ends every process', async () => {
    const desktop = await startDesktopCode({
      vsix: '/some/where/nextmv-webhooks.vsix',
      settings: { 'nextmvWebhooks.apiUrl': 'http://127.0.0.1:1234' },
      env: { NEXTMV_API_KEY: 'demo-key' },
      workspaceFiles: { 'README.md': 'hello' },
    });
    const calls = await until('two calls of `code`', () => {
      const lines = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
      return lines.length >= 2 ? lines : undefined;
    });
    const [install, open] = calls.map((line) => ({ key: line.split('|')[0], args: line.slice(line.indexOf('|') + 1).split(' ') }));
    assert.equal(install.key, 'demo-key');
    assert.deepEqual(install.args.slice(-2), ['--install-extension', '/some/where/nextmv-webhooks.vsix']);
    const userData = install.args[install.args.indexOf('--user-data-dir') + 1];
    assert.ok(userData.startsWith(os.tmpdir()), 'a throw-away profile, not the person’s own');
    assert.equal(open.key, 'demo-key', 'the window gets the demo key');
    assert.ok(open.args.includes('--wait') && open.args.includes('--new-window'));
    assert.equal(open.args[open.args.indexOf('--user-data-dir') + 1], userData, 'the same profile');
    const folder = open.args[open.args.length - 1];
    assert.equal(fs.readFileSync(path.join(folder, 'README.md'), 'utf8'), 'hello');
    const settings = JSON.parse(fs.readFileSync(path.join(userData, 'User', 'settings.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(settings['nextmvWebhooks.apiUrl'], 'http://127.0.0.1:1234');

    const window = await until('the "window" process', () => descendants(desktop.pid).find((p) => p.cmdline.startsWith('sleep')));
    assert.notEqual(window.pgid, desktop.pid, 'the window runs in a process group of its own, as Electron does');
    await desktop.stop();
    await until('every process to end', () => gone(desktop.pid) && gone(window.pid));
    await desktop.exited;
    assert.ok(!fs.existsSync(userData), 'the throw-away profile is removed');
  });

  it('closing the window ends the CLI, which is how the demo learns the window was closed', async () => {
    const desktop = await startDesktopCode({ vsix: '/x.vsix', settings: {}, env: {} });
    const window = await until('the "window" process', () => descendants(desktop.pid).find((p) => p.cmdline.startsWith('sleep')));
    process.kill(window.pid, 'SIGTERM');
    await desktop.exited;
    await desktop.stop();
  });

  it('without `code` on PATH, the error says how to get it or to use code-server', async () => {
    process.env.PATH = '/nonexistent';
    await assert.rejects(startDesktopCode({ vsix: '/x.vsix', settings: {}, env: {} }), (err: unknown) => err instanceof DesktopNotFoundError && /without --desktop/.test(err.message));
  });
});
