/**
 * Memory of code-server's extension host, the process our extension runs in. code-server is started by
 * this process (test/harness/workbench.js spawns it), so its extension host is found by walking /proc down
 * from our own PID — never by name — as the node process run with `--type=extensionHost`.
 */
import { descendants, rssBytes } from '../test/demo/processTree';
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
