/**
 * `npm run demo`: the whole product working in a minute, without a Nextmv account.
 *   1. builds and packages the VSIX (vsce → production esbuild);
 *   2. starts the fake Nextmv API with the `demo` seed on 127.0.0.1:8787 (or the next free port);
 *   3. starts two local webhook receivers that check signatures like Nextmv's handler — one with the
 *      current secrets (deliveries → 200), one with a stale secret (→ 401) — and webhooks pointing at them;
 *      the fake has no /trigger route, so Trigger Webhook starts a run (its walkthrough in the workspace README);
 *   4. starts code-server (a real VS Code) with the VSIX installed, `nextmvWebhooks.apiUrl` = the fake and
 *      NEXTMV_API_KEY=demo-key, and prints the URL to open. `--desktop` uses a desktop `code` instead.
 * Ctrl-C (or SIGTERM) stops everything it started. `--check` verifies it all over HTTP and exits 0/1.
 */
import { startFakeApi, type FakeApi } from '../fake-api';
import { runChecks, printResults } from './checks';
import { httpStatus, startCodeServer, type RunningCodeServer } from './codeServer';
import { DesktopNotFoundError, findOnPath, startDesktopCode } from './desktopCode';
import { LOCAL_WEBHOOKS, startLocalReceivers } from './localReceivers';
import { parseDemoArgs, USAGE, UsageError, type DemoOptions } from './options';
import { packageVsix, VSIX } from './packageVsix';
import { ancestors, isGroupAlive, isRunning } from './processTree';
import * as fs from 'node:fs';
import { ensurePrerequisites } from '../../harness/prerequisites';

const DEMO_KEY = 'demo-key';
const DEFAULT_API_PORT = 8787;
const EXTENSION_ID = 'nextmv-tools.nextmv-webhooks';

const WORKSPACE_README = `# Nextmv Webhooks demo

Everything here runs on your machine: a fake Nextmv Cloud API with realistic data (webhooks, their deliveries,
and five applications), and local webhook receivers that check the Nextmv-Signature header the way Nextmv's
documented handler does. Like Nextmv Cloud, the fake sends webhooks when a **run** changes status.

Try this:
1. Open the **Nextmv Webhooks** view in the activity bar (the key comes from NEXTMV_API_KEY=demo-key).
2. Expand \`orders-prod\` or \`data-lake-ingest\`: weeks of deliveries, successes and failures.
3. Open \`input.json\` (beside this file), then right-click \`local-receiver\` → **Trigger Webhook**, and
   pick **Start a run** → \`order-routing\` → **Active editor: input.json** → Enter (default instance).
   The run goes queued → running → succeeded; each status change is a signed run.status delivery, answered
   200 by the local receiver and shown under \`local-receiver\` as it arrives; the last opens in the inspector.
   (On Nextmv Cloud a run uses your account's compute.)
4. Trigger \`local-stale-secret\` the same way: its receiver still has the secret from before a rotation →
   every delivery gets a real 401. Choose \`fail-input.json\` as the input to watch a run fail.
5. **Validate Delivery** (the check-mark icon): paste a delivery and see why its signature passes or fails.

The fake has no \`/trigger\` route, as Nextmv Cloud documents none (\`npm run fake-api -- --trigger\` adds one;
Trigger Webhook then also offers a single test delivery).

Stop the demo with Ctrl-C in its terminal.
`;

/** Inputs for the runs of the walkthrough: the fake's applications take any JSON, and fail when it says "fail": true. */
const WORKSPACE_INPUTS = {
  'input.json': `${JSON.stringify({ stops: [{ id: 'depot', lat: 52.52, lon: 13.405 }, { id: 'customer-17', lat: 52.53, lon: 13.38 }], vehicles: [{ id: 'van-1', capacity: 12 }] }, null, 2)}\n`,
  'fail-input.json': `${JSON.stringify({ fail: true, note: 'the fake fails runs whose input says "fail": true' }, null, 2)}\n`,
};

/** What the demo started, stopped in reverse order. */
class Resources {
  private readonly stops: { name: string; stop: () => Promise<unknown> }[] = [];
  add(name: string, stop: () => Promise<unknown>): void {
    this.stops.push({ name, stop });
  }
  async stopAll(log: (line: string) => void): Promise<void> {
    for (const { name, stop } of this.stops.reverse()) {
      try {
        await stop();
        log(`  stopped ${name}`);
      } catch (err) {
        log(`  could not stop ${name}: ${String(err)}`);
      }
    }
    this.stops.length = 0;
  }
}

async function startFakeOnFreePort(requested: number | undefined, log?: (line: string) => void): Promise<FakeApi> {
  // a requested port is used as given; the default walks up from 8787 to the first free one
  const candidates = requested ? [requested] : Array.from({ length: 20 }, (_, i) => DEFAULT_API_PORT + i);
  for (const port of candidates) {
    try {
      // no /trigger route (the default), as on Nextmv Cloud: Trigger Webhook starts runs, as real users do
      return await startFakeApi({ port, host: '127.0.0.1', key: DEMO_KEY, seed: 'demo', deliveryTimeoutMs: 5000, runPaceMs: 1500, log });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === candidates[candidates.length - 1]) throw err;
    }
  }
  throw new Error('no free port for the fake API');
}

/** A first real delivery to each local webhook, so their history already shows a 200 and a 401. */
async function sendFirstDeliveries(fake: FakeApi): Promise<void> {
  const res = await fetch(`${fake.url}/_fake/runs/demo-run-0001/status`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ status: 'succeeded', application_id: 'order-routing', webhook_ids: LOCAL_WEBHOOKS.map((w) => w.id) }),
  });
  if (!res.ok) throw new Error(`the fake refused the first deliveries: ${res.status} ${await res.text()}`);
}

/** What a --check run verifies once everything is stopped: nothing of it may be left. */
interface Started {
  codeServerPid?: number;
  /** servers that must refuse connections after the stop */
  listeners: string[];
}

async function run(opts: DemoOptions, resources: Resources, started: Started, stopRequested: Promise<string>, isStopping: () => boolean): Promise<number> {
  const say = (line: string) => console.log(line);
  const verbose = !opts.check;
  if (opts.desktop && !findOnPath('code')) throw new DesktopNotFoundError();

  if (opts.skipPackage) {
    if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} does not exist: run without --skip-package`);
    say(`[demo] using the existing ${VSIX}`);
  } else {
    say('[demo] building and packaging the extension (vsce package)…');
    const abort = new AbortController();
    void stopRequested.then(() => abort.abort());
    await packageVsix(opts.check, abort.signal);
    say(`[demo] packaged ${VSIX} (${fs.statSync(VSIX).size} bytes)`);
  }
  if (isStopping()) return 0;

  const fake = await startFakeOnFreePort(opts.apiPort, verbose ? (line) => console.log(`  api: ${line}`) : undefined);
  resources.add(`the fake Nextmv API (${fake.url})`, () => fake.close());
  const receivers = await startLocalReceivers(fake, verbose ? (line) => console.log(`  ${line}`) : undefined);
  resources.add(`the webhook receivers (${receivers.verifying.url}, ${receivers.stale.url})`, () => receivers.close());
  started.listeners.push(fake.url, receivers.verifying.url, receivers.stale.url);
  await sendFirstDeliveries(fake);
  say(`[demo] fake Nextmv API ${fake.url} (key "${fake.key}", ${fake.state.webhookCount} webhooks); receivers ${receivers.verifying.url} (current secrets) and ${receivers.stale.url} (stale secret)`);
  if (isStopping()) return 0;

  const settings = { 'nextmvWebhooks.apiUrl': fake.url };
  const env = { NEXTMV_API_KEY: DEMO_KEY };
  const workspaceFiles = { 'README.md': WORKSPACE_README, ...WORKSPACE_INPUTS };

  if (opts.desktop) {
    say('[demo] starting a desktop VS Code with a throw-away profile…');
    const desktop = await startDesktopCode({ vsix: VSIX, settings, env, workspaceFiles });
    resources.add(`VS Code (${desktop.command}, pid ${desktop.pid})`, () => desktop.stop());
    say(`\n  VS Code is opening a window with the extension, pointed at ${fake.url}.\n  Close the window or press Ctrl-C here to stop everything.\n`);
    const why = await Promise.race([stopRequested, desktop.exited.then(() => 'the VS Code window was closed')]);
    say(`[demo] ${why}: stopping…`);
    return 0;
  }

  say(`[demo] starting code-server (VS Code ${opts.variant === '139' ? '1.139.1' : '1.100.3'}) with the extension…`);
  const codeServer: RunningCodeServer = await startCodeServer({ variant: opts.variant, vsix: VSIX, settings, env, port: opts.codeServerPort, workspaceFiles });
  resources.add(`code-server (pid ${codeServer.pid}, process group)`, () => codeServer.stop());
  started.codeServerPid = codeServer.pid;
  started.listeners.push(codeServer.origin);
  if (isStopping()) return 0;

  if (opts.check) {
    say(`[demo] checking ${codeServer.url}`);
    const results = await runChecks({ codeServer, fake, receivers, extensionId: EXTENSION_ID });
    printResults(results);
    const failed = results.filter((r) => !r.ok).length;
    say(failed ? `[demo] check FAILED: ${failed} of ${results.length}` : `[demo] check passed: ${results.length} of ${results.length}`);
    return failed ? 1 : 0;
  }

  say(`\n  Open ${codeServer.url}\n  in your browser (${codeServer.label}, no password, only on 127.0.0.1).\n  Press Ctrl-C to stop everything.\n`);
  const why = await Promise.race([stopRequested, codeServer.exited.then((code) => `code-server exited (code ${code})`)]);
  say(`[demo] ${why}: stopping…`);
  return why.startsWith('code-server exited') ? 1 : 0;
}

/**
 * `kill <npm pid>` ends npm and its `sh -c`, but sh does not pass SIGTERM on, so tsx and this process
 * would be orphaned with code-server still running. Watch the processes that launched us (tsx, sh, npm)
 * and stop everything when one of them disappears. Linux only (/proc); elsewhere signals must do.
 */
function watchLaunchers(onGone: () => void): void {
  const launchers = ancestors(process.pid, 3);
  const timer = setInterval(() => {
    if (launchers.some((pid) => !isRunning(pid))) {
      clearInterval(timer);
      onGone();
    }
  }, 500);
  timer.unref();
}

/** After the stop: code-server's process group is gone and no server still accepts connections. */
async function nothingLeft(started: Started): Promise<boolean> {
  let ok = true;
  if (started.codeServerPid !== undefined) {
    const gone = !isGroupAlive(started.codeServerPid);
    console.log(`  ${gone ? '✓' : '✗'} code-server process group ${started.codeServerPid} ${gone ? 'is gone' : 'IS STILL ALIVE'}`);
    ok &&= gone;
  }
  for (const url of started.listeners) {
    const closed = (await httpStatus(`${url}/`)) === 0;
    console.log(`  ${closed ? '✓' : '✗'} ${url} ${closed ? 'refuses connections' : 'STILL ANSWERS'}`);
    ok &&= closed;
  }
  return ok;
}

async function main(): Promise<void> {
  let opts: DemoOptions;
  try {
    opts = parseDemoArgs(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof UsageError ? err.message : String(err));
    process.exit(2);
  }
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  // code-server's build needs (a desktop VS Code needs none): installed when this user may, else one line
  if (!opts.desktop) ensurePrerequisites(['demo'], { who: 'npm run demo', variants: [opts.variant] });

  const resources = new Resources();
  let stopping = false;
  let onStop: (why: string) => void = () => undefined;
  const stopRequested = new Promise<string>((resolve) => (onStop = resolve));
  // Ctrl-C reaches npm, tsx and this process at once: the first signal counts, the rest are ignored.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (!stopping) console.log(`\n[demo] ${signal} received`);
      stopping = true;
      onStop(signal);
    });
  }

  const started: Started = { listeners: [] };
  watchLaunchers(() => {
    if (!stopping) console.log('\n[demo] the npm/tsx process that started the demo is gone');
    stopping = true;
    onStop('launcher gone');
  });

  let exitCode: number;
  try {
    exitCode = await run(opts, resources, started, stopRequested, () => stopping);
  } catch (err) {
    // a step cut short by Ctrl-C (vsce, the VSIX install) fails as a consequence: not worth an error
    if (!stopping) console.error(`[demo] ${err instanceof Error ? err.message : String(err)}`);
    exitCode = stopping ? 0 : 1;
  }
  await resources.stopAll((line) => console.log(line));
  if (opts.check && !(await nothingLeft(started))) exitCode = 1;
  console.log('[demo] stopped.');
  process.exit(exitCode);
}

void main();
