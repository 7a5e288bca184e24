/**
 * Running a webhook handler (a filled template) as a child process for the tests and the
 * benchmarks: in its own process group, on a free port, with its output kept; stopped with the whole group.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export interface Launch {
  readonly command: string;
  /** an argument '$PORT' is replaced by the port (as the template's run command does with ${PORT:-8000}) */
  readonly args: string[];
  readonly env: NodeJS.ProcessEnv;
}

export interface Server {
  readonly child: ChildProcess;
  readonly port: number;
  readonly output: () => string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the command in its own process group; `extraEnv` values replace the inherited ones. */
export function spawnGroup(launch: Launch, dir: string, port: number, extraEnv: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const env: NodeJS.ProcessEnv = { ...process.env, ...launch.env, PORT: String(port), ...extraEnv };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const args = launch.args.map((a) => (a === '$PORT' ? String(port) : a));
  const child = spawn(launch.command, args, { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    if (output.length < 64 * 1024) output += chunk.toString('utf8');
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('error', (err) => keep(Buffer.from(`spawn error: ${err.message}\n`)));
  return { child, output: () => output };
}

export const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

export function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** SIGTERM to the whole group, SIGKILL after 5 s; resolves once the group is gone. */
export async function stopGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-pid, s);
    } catch {
      // ESRCH: the group is already gone
    }
  };
  signal('SIGTERM');
  if (!(await waitForExit(child, 5000))) signal('SIGKILL');
  await waitForExit(child, 5000);
  for (let i = 0; i < 50 && groupAlive(pid); i++) {
    signal('SIGKILL');
    await sleep(100);
  }
}

export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts `launch` in `dir` with `env` on a free port and resolves once it accepts connections (or fails with its output). */
export async function startListening(launch: Launch, dir: string, env: NodeJS.ProcessEnv, label: string, timeoutMs = 30_000): Promise<Server> {
  const port = await freePort();
  const { child, output } = spawnGroup(launch, dir, port, env);
  const deadline = Date.now() + timeoutMs;
  while (!(await canConnect(port))) {
    if (exited(child) || Date.now() > deadline) {
      await stopGroup(child);
      throw new Error(`${label} did not start listening on ${port}: ${exited(child) ? `exited ${child.exitCode ?? child.signalCode}` : 'timed out'}\n${output().trim()}`);
    }
    await sleep(100);
  }
  return { child, port, output };
}

export interface RunningHandler extends Server {
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  /** stops the process group and removes its folder */
  stop(): Promise<void>;
}

/**
 * The Node.js handler (no framework, node:http only) from `text` — a filled media/handlers/node/handler.mjs,
 * e.g. what New Webhook Handler… put in its editor — saved as handler.mjs in a temp folder and run with
 * `node handler.mjs`, the secret in `envVar`.
 */
export async function startNodeHandler(o: { text: string; secret: string; envVar?: string; node?: string }): Promise<RunningHandler> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nextmv-node-handler-'));
  fs.writeFileSync(path.join(dir, 'handler.mjs'), o.text);
  const launch: Launch = { command: o.node ?? process.execPath, args: ['handler.mjs'], env: {} };
  try {
    const server = await startListening(launch, dir, { [o.envVar ?? 'NEXTMV_WEBHOOK_SECRET']: o.secret }, 'the Node.js handler');
    return {
      ...server,
      origin: `http://127.0.0.1:${server.port}`,
      stop: async () => {
        await stopGroup(server.child);
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
