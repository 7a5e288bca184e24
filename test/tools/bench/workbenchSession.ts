/**
 * What the workbench benchmarks share: a fresh code-server + headless Chromium (test/harness) with given
 * VSIXs installed and pointed at a fake Nextmv API, an up-to-date VSIX of ours, clicking an activity-bar
 * entry, and waiting until the fake API has gone quiet.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { FakeApi } from '../fake-api';
import { startWorkbench, type Workbench } from '../../harness/workbench';
import { packageVsix, ROOT, VSIX } from '../demo/packageVsix';

export const VARIANT = process.env.VSCODE_VARIANT ?? '100';

export const OURS = {
  id: 'nextmv-tools.nextmv-webhooks',
  displayName: 'Nextmv Webhooks',
  containerTitle: 'Nextmv Webhooks',
};

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** The packaged VSIX, rebuilt (vsce package, production) when it is missing or older than src/ or package.json. */
export async function upToDateVsix(log: (line: string) => void): Promise<string> {
  const sourceTime = Math.max(newestMtime(path.join(ROOT, 'src')), fs.statSync(path.join(ROOT, 'package.json')).mtimeMs);
  if (fs.existsSync(VSIX) && fs.statSync(VSIX).mtimeMs >= sourceTime) return VSIX;
  log('  packaging the extension (the VSIX is missing or older than the sources)…');
  return packageVsix(true);
}

/** What every workbench benchmark part is given. */
export interface WorkbenchPartOptions {
  readonly vsix: string;
  readonly log: (line: string) => void;
}

/** Conversations per page, as the extension asks for them and the fake is told to serve them. */
export const PAGE_SIZE = 100;

/**
 * In-page JavaScript (for page.evaluate scripts): the inner documents of every webview the workbench shows —
 * a webview is an iframe holding the extension's own iframe.
 */
export const INNER_DOCUMENTS_JS = `() => {
  const docs = [];
  for (const outer of document.querySelectorAll('iframe.webview')) {
    try {
      const d = outer.contentDocument;
      if (d) for (const inner of d.querySelectorAll('iframe')) if (inner.contentDocument) docs.push(inner.contentDocument);
    } catch (e) { /* not ours to read */ }
  }
  return docs;
}`;

export interface SessionOptions {
  readonly vsixes: readonly string[];
  readonly fake: FakeApi;
  readonly viewport?: { width: number; height: number };
}

/** A fresh workbench (new profile, new extension host) whose API key comes from NEXTMV_API_KEY. */
export async function openSession(o: SessionOptions): Promise<Workbench> {
  const wb = await startWorkbench({
    variant: VARIANT,
    installVsix: [...o.vsixes],
    settings: { 'nextmvWebhooks.apiUrl': o.fake.url },
    env: { NEXTMV_API_KEY: o.fake.key },
    viewport: o.viewport ?? { width: 1400, height: 1000 },
  });
  try {
    await wb.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await waitForExtensionHostStartup(wb.work);
    // then the onStartupFinished activations and layout restoring: nothing is timed while they run
    await wb.page.waitForTimeout(2000);
    return wb;
  } catch (err) {
    await wb.stop();
    throw err;
  }
}

/**
 * The workbench shows well before its extension host has started and activated the eager (`*`) built-in
 * extensions; a click in between would time that startup. The extension host logs the end of it.
 */
async function waitForExtensionHostStartup(work: string, timeoutMs = 120_000): Promise<void> {
  const logs = path.join(work, 'user-data', 'logs');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const hostLogs = fs.existsSync(logs) ? fs.readdirSync(logs, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('remoteexthost.log')) : [];
    if (hostLogs.some((f) => fs.readFileSync(path.join(logs, f), 'utf8').includes('Eager extensions activated'))) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the extension host did not log "Eager extensions activated" within ${timeoutMs / 1000} s`);
}

export function activityBarEntry(page: Page, containerTitle: string) {
  return page.locator(`.part.activitybar .action-item a[aria-label^="${containerTitle}"]`);
}

/** Resolves once the fake has received no /v1 request for `quietMs` (or after `timeoutMs`). */
export async function waitForQuietApi(fake: FakeApi, quietMs = 1000, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let count = fake.requests.length;
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    if (fake.requests.length !== count) {
      count = fake.requests.length;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= quietMs) {
      return;
    }
  }
}

/** Jiffies spent idle and in total by all CPUs so far (Linux /proc/stat), or undefined elsewhere. */
function cpuTimes(): { idle: number; total: number } | undefined {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { idle: fields[3] + (fields[4] ?? 0), total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return undefined;
  }
}

/**
 * Resolves once the whole machine has been at least `idleFraction` idle over one `windowMs` window (or after
 * `timeoutMs`), and returns the idle fraction of the last window. A start-up figure taken while the workbench
 * is still busy with something else measures that instead: with two cores, a few ms of waiting for a CPU is
 * as large as the figure itself.
 */
export async function waitForIdleMachine(idleFraction = 0.9, windowMs = 300, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let idle = 0;
  do {
    const before = cpuTimes();
    await new Promise((r) => setTimeout(r, windowMs));
    const after = cpuTimes();
    if (!before || !after) return NaN;
    idle = (after.idle - before.idle) / Math.max(1, after.total - before.total);
  } while (idle < idleFraction && Date.now() < deadline);
  return idle;
}

/** A benchmark that failed becomes one row saying why; the other benchmarks still run. */
export function failedRow(name: string, err: unknown): { name: string; value: number; unit: string } {
  process.exitCode = 1;
  return { name: `${name} FAILED: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, value: NaN, unit: '' };
}
