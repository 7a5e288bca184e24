/**
 * The demo in a desktop VS Code (`code` on PATH) instead of code-server: a throw-away user-data and
 * extensions folder (so the person's own VS Code, settings and extensions are untouched), the VSIX
 * installed there, the environment pointing at the fake server.
 *
 * `code --wait` keeps the CLI process alive until the window closes, and the Electron app it starts is its
 * child — in a process group of its own — so stop() ends every process below the CLI, group by group.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { descendants, stopProcessGroup } from './processTree';

export interface DesktopOptions {
  readonly vsix: string;
  readonly settings: Record<string, unknown>;
  readonly env: Record<string, string>;
  readonly workspaceFiles?: Record<string, string>;
}

export interface RunningDesktop {
  readonly pid: number;
  readonly command: string;
  /** resolves when the window was closed (the CLI returns) */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** The full path of `name` on PATH, or undefined. */
export function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

export async function startDesktopCode(o: DesktopOptions): Promise<RunningDesktop> {
  const code = findOnPath('code');
  if (!code) throw new DesktopNotFoundError();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nextmv-demo-desktop-'));
  const dirs = { userData: path.join(work, 'user-data'), extensions: path.join(work, 'extensions'), folder: path.join(work, 'nextmv-demo') };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none', ...o.settings }, null, 2));
  for (const [name, content] of Object.entries(o.workspaceFiles ?? {})) fs.writeFileSync(path.join(dirs.folder, name), content);
  const common = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  const env = { ...process.env, ...o.env };
  execFileSync(code, [...common, '--install-extension', o.vsix], { env, stdio: 'pipe' });

  const child = spawn(code, [...common, '--new-window', '--wait', '--skip-welcome', '--skip-release-notes', '--disable-workspace-trust', dirs.folder], {
    env,
    detached: true,
    stdio: 'ignore',
  });
  const pid = child.pid as number;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  let stopping: Promise<void> | undefined;
  return {
    pid,
    command: code,
    exited,
    stop: () =>
      (stopping ??= (async () => {
        // groups below the CLI first (Electron detaches into its own), then the CLI's own group
        const groups = [...new Set(descendants(pid).map((p) => p.pgid))].filter((g) => g !== pid && g > 1);
        await Promise.all(groups.map((g) => stopProcessGroup(g)));
        await stopProcessGroup(pid);
        fs.rmSync(work, { recursive: true, force: true, maxRetries: 3 });
      })()),
  };
}

export class DesktopNotFoundError extends Error {
  constructor() {
    super('`code` is not on PATH: install VS Code and its shell command (VS Code: "Shell Command: Install \'code\' command in PATH"), or run `npm run demo` without --desktop to use code-server in your browser.');
  }
}
