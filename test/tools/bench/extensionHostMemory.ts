/**
 * Memory of code-server's extension host, the process our extension runs in. code-server is started by
 * this process (test/harness/workbench.js spawns it), so its extension host is found by walking /proc down
 * from our own PID — never by name — as the node process run with `--type=extensionHost`.
 */
import { WebSocket, type MessageEvent } from 'undici';
import { descendants, rssBytes } from '../demo/processTree';
import { median } from './stats';

export function extensionHostPid(): number {
  const hosts = descendants(process.pid).filter((p) => /(^|\s)--type=extensionHost(\s|$)/.test(p.cmdline));
  if (hosts.length !== 1) throw new Error(`expected one extension host below PID ${process.pid}, found ${hosts.length}`);
  return hosts[0].pid;
}

/** Median of a few RSS readings, `intervalMs` apart (smooths a collection in progress). */
export async function sampleRss(pid: number, samples = 5, intervalMs = 200): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < samples; i++) {
    const rss = rssBytes(pid);
    if (rss === undefined) throw new Error(`extension host ${pid} is gone`);
    values.push(rss);
    if (i < samples - 1) await new Promise((r) => setTimeout(r, intervalMs));
  }
  return median(values);
}

/**
 * The extension host's V8 heap after a full garbage collection: what it really keeps, unlike RSS, which
 * also counts memory V8 has freed but not yet handed back. SIGUSR1 makes a Node process open its inspector
 * on 127.0.0.1:9229 (as `node --inspect` would); the Chrome DevTools Protocol then collects and measures.
 */
export async function heapAfterGc(pid: number): Promise<number> {
  const port = 9229;
  process.kill(pid, 'SIGUSR1');
  let target: string | undefined;
  for (let i = 0; i < 50 && !target; i++) {
    try {
      const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
      target = list[0]?.webSocketDebuggerUrl;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  if (!target) throw new Error(`the extension host (${pid}) did not open its inspector on port ${port}`);
  const ws = new WebSocket(target);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  try {
    let nextId = 0;
    const call = (method: string): Promise<Record<string, unknown>> =>
      new Promise((resolve, reject) => {
        const id = ++nextId;
        ws.onmessage = (e: MessageEvent) => {
          const msg = JSON.parse(String(e.data)) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
          if (msg.id !== id) return;
          if (msg.error) reject(new Error(`${method}: ${msg.error.message}`));
          else resolve(msg.result ?? {});
        };
        ws.send(JSON.stringify({ id, method }));
      });
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    const usage = await call('Runtime.getHeapUsage');
    return Number(usage.usedSize);
  } finally {
    ws.close();
  }
}
