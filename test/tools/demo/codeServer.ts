/**
 * A real VS Code for a person to use: code-server from .vscode-test/ (installed on first use by the test
 * harness), with the VSIX installed, user settings and environment given, listening on 127.0.0.1 with no
 * password, and no browser of its own — the person opens the URL. Unlike test/harness/workbench.js it
 * starts no Chromium. Everything lives in a temp folder that stop() removes; code-server runs in its own
 * process group so stop() ends its extension host, file watcher and terminals with it.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureCodeServer, freePort } from '../../harness/workbench';
import { stopProcessGroup } from './processTree';

export interface CodeServerOptions {
  readonly variant: number | string;
  readonly vsix: string;
  /** user settings (merged over quiet defaults: no telemetry, no welcome page, no update checks) */
  readonly settings: Record<string, unknown>;
  /** extra environment for code-server; it reaches the extension host */
  readonly env: Record<string, string>;
  /** 0 or undefined: a free port */
  readonly port?: number;
  /** files to put in the opened workspace folder (name → content) */
  readonly workspaceFiles?: Record<string, string>;
}

export interface RunningCodeServer {
  /** open this in a browser */
  readonly url: string;
  readonly origin: string;
  readonly pid: number;
  readonly label: string;
  readonly extensionsDir: string;
  readonly logFile: string;
  /** resolves when code-server exits on its own (crash, killed from outside) */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export async function startCodeServer(o: CodeServerOptions): Promise<RunningCodeServer> {
  const cs = ensureCodeServer(o.variant) as { label: string; bin: string; nodeBin?: string | null };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nextmv-demo-'));
  const dirs = { home: path.join(work, 'home'), userData: path.join(work, 'user-data'), extensions: path.join(work, 'extensions'), folder: path.join(work, 'nextmv-demo') };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...o.settings }, null, 2));
  for (const [name, content] of Object.entries(o.workspaceFiles ?? {})) fs.writeFileSync(path.join(dirs.folder, name), content);

  // HOME and XDG_* inside the temp folder: code-server would otherwise write into the real home.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
    XDG_DATA_HOME: path.join(dirs.home, '.local/share'),
    XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
    ...(cs.nodeBin ? { PATH: `${cs.nodeBin}:${process.env.PATH ?? ''}` } : {}),
    ...o.env,
  };
  const common = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--config', path.join(work, 'config.yaml')];
  const removeWork = () => fs.rmSync(work, { recursive: true, force: true, maxRetries: 3 });
  try {
    execFileSync(cs.bin, [...common, '--install-extension', path.resolve(o.vsix)], { env, stdio: 'pipe' });
  } catch (err) {
    removeWork();
    throw new Error(`code-server could not install ${o.vsix}: ${String((err as { stderr?: Buffer }).stderr ?? err)}`);
  }

  const port = o.port || (await freePort());
  const origin = `http://127.0.0.1:${port}`;
  const logFile = path.join(work, 'code-server.log');
  const log = fs.openSync(logFile, 'a');
  const child = spawn(
    cs.bin,
    [...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', dirs.folder],
    { env, detached: true, stdio: ['ignore', log, log] },
  );
  fs.closeSync(log);
  const pid = child.pid as number;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await stopProcessGroup(pid);
      removeWork();
    })());

  try {
    await waitForHealthz(origin, exited, logFile);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `${origin}/?folder=${encodeURIComponent(dirs.folder)}`, origin, pid, label: cs.label, extensionsDir: dirs.extensions, logFile, exited, stop };
}

/** /healthz answers 200 once the server listens (a few seconds). */
async function waitForHealthz(origin: string, exited: Promise<number | null>, logFile: string): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  for (let i = 0; i < 600 && !gone; i++) {
    if ((await httpStatus(`${origin}/healthz`)) === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-3000) : '';
  throw new Error(`code-server did not answer ${origin}/healthz${gone ? ' (it exited)' : ' within 60 s'}:\n${tail}`);
}

export function httpStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(0);
    });
  });
}
