/**
 * Reading the Linux process table (/proc) to find what a process we started has started in turn: the
 * demo uses it to stop a desktop VS Code it launched, the benchmarks to find code-server's extension host
 * and read its memory. Lookups go by parent PID only, never by process name.
 */
import * as fs from 'node:fs';

export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  /** process group id */
  readonly pgid: number;
  /** R running, S sleeping, Z zombie (exited, not yet reaped)… */
  readonly state: string;
  /** argv joined with spaces */
  readonly cmdline: string;
}

/** One process from /proc/<pid>/stat, or undefined when it is gone (or not Linux). */
export function processInfo(pid: number): ProcessInfo | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) is in parentheses and may itself contain spaces or ")"
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return { pid, ppid: Number(fields[1]), pgid: Number(fields[2]), state: fields[0], cmdline };
  } catch {
    return undefined;
  }
}

function allProcesses(): ProcessInfo[] {
  let names: string[];
  try {
    names = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  return names.filter((n) => /^\d+$/.test(n)).map((n) => processInfo(Number(n))).filter((p): p is ProcessInfo => p !== undefined);
}

/** Every process below `pid` (children, grandchildren…), parents before children. */
export function descendants(pid: number): ProcessInfo[] {
  const all = allProcesses();
  const byParent = new Map<number, ProcessInfo[]>();
  for (const p of all) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const out: ProcessInfo[] = [];
  const queue = [pid];
  while (queue.length) {
    for (const child of byParent.get(queue.shift() as number) ?? []) {
      out.push(child);
      queue.push(child.pid);
    }
  }
  return out;
}

/** Resident set size in bytes (VmRSS), or undefined when the process is gone. */
export function rssBytes(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but is not ours
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Still running: present and not a zombie (an exited process whose parent has not reaped it yet). */
export function isRunning(pid: number): boolean {
  const info = processInfo(pid);
  return info !== undefined && info.state !== 'Z';
}

export function isGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Stops a process group we created (spawned with `detached: true`): SIGTERM, up to `graceMs` to exit,
 * then SIGKILL. Resolves true when the group is gone.
 */
export async function stopProcessGroup(pgid: number, graceMs = 3000): Promise<boolean> {
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    return true; // already gone
  }
  for (let waited = 0; waited < graceMs && isGroupAlive(pgid); waited += 100) await sleep(100);
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    /* gone */
  }
  for (let waited = 0; waited < 2000 && isGroupAlive(pgid); waited += 100) await sleep(100);
  return !isGroupAlive(pgid);
}

/** The PIDs above `pid`, nearest first, at most `depth` of them, stopping before init (PID 1). */
export function ancestors(pid: number, depth: number): number[] {
  const out: number[] = [];
  let current = processInfo(pid)?.ppid;
  while (current !== undefined && current > 1 && out.length < depth) {
    out.push(current);
    current = processInfo(current)?.ppid;
  }
  return out;
}
