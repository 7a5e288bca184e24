#!/usr/bin/env node
// Runs the integration suites (out/test/integration/*.test.js) inside the extension host of a real
// VS Code (code-server) and exits 0 only if mocha passed AND the extension host ended normally.
// usage: node test/harness/run-integration.js --variant 100|139 [--summary file.json] [--timeout 300]
// exit: 0 passed, 1 failed, 2 infrastructure error or timeout
'use strict';
const fs = require('fs');
const path = require('path');
const { startWorkbench, ROOT } = require('./workbench');

function arg(name, def) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : def;
}

async function main() {
  const variant = arg('--variant', '100');
  const summary = path.resolve(arg('--summary', process.env.TEST_SUMMARY_FILE || path.join(ROOT, 'test-results', `integration-${variant}.json`)));
  const timeoutS = Number(arg('--timeout', '300'));
  const verbose = process.argv.includes('--verbose');
  const tests = path.join(ROOT, 'out', 'test', 'integration', 'index.js');
  if (!fs.existsSync(tests)) throw new Error(`${tests} is missing: run node esbuild.js --tests first`);
  fs.rmSync(summary, { force: true });
  const NOISE = /Failed to load resource|same-origin iframe|can escape its sandboxing|[Ss]ervice [Ww]orker|connection token|Creating a socket|ChatSessionStore|ChatModelSelection|AgentHost|AccountPolicyGate|reconnection-grace-time|Overwriting extension|additional builtin|open-vsx\.org|Extension Host|\[Extension Host\]|websocket|Ignoring|Started local extension host|Web Worker|TextModelResolver|authentication provider|^\s+at /i;
  const wb = await startWorkbench({
    variant,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: tests,
    // NODE_EXTRA_CA_CERTS: the extension host trusts the test certificate, so a suite can serve the fake API over
    // TLS and reach it as a bare host:port (NEXTMV_ENDPOINT), exactly as a user's https:// endpoint is reached
    env: { TEST_SUMMARY_FILE: summary, NEXTMV_WEBHOOKS_TEST: '1', NODE_EXTRA_CA_CERTS: path.join(ROOT, 'test', 'fixtures', 'tls', '127.0.0.1.crt'), ...(process.env.NEXTMV_TEST_GREP ? { NEXTMV_TEST_GREP: process.env.NEXTMV_TEST_GREP } : {}) },
    // Only what the extension host prints (mocha's report, test logs); the workbench's own chatter is noise.
    onConsole: (line, fromExtensionHost) => { if (verbose || (fromExtensionHost && !NOISE.test(line))) console.log(`  ${line}`); },
  });
  let rc = 2;
  try {
    const code = await Promise.race([wb.waitForExtensionHostExit(), new Promise((r) => setTimeout(() => r('timeout'), timeoutS * 1000))]);
    await new Promise((r) => setTimeout(r, 500)); // let forwarded output flush
    if (code === 'timeout') {
      console.error(`[integration ${variant}] TIMEOUT after ${timeoutS}s: the suites never finished`);
      rc = 2;
    } else {
      rc = code === 0 ? 0 : 1;
      // A test that kills the extension host (process.exit) still yields 0 from the workbench: cross-check.
      let exit;
      for (let i = 0; i < 30 && !exit; i++) { exit = wb.extensionHostExitFromLog(); if (!exit) await new Promise((r) => setTimeout(r, 100)); }
      if (exit && (exit.code !== '0' || exit.signal !== 'null')) {
        console.error(`[integration ${variant}] extension host exited with code ${exit.code}, signal ${exit.signal}`);
        rc = 1;
      }
      if (!fs.existsSync(summary)) {
        console.error(`[integration ${variant}] no test summary was written: the suites did not run to the end`);
        rc = rc || 1;
      }
    }
  } finally {
    if (rc !== 0) console.error(`[integration ${variant}] code-server log tail:\n${safeTail(wb.csLog)}`);
    await wb.stop();
  }
  return rc;
}

function safeTail(file) {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-30).join('\n'); } catch { return '(none)'; }
}

main().then((rc) => process.exit(rc), (e) => { console.error(e && e.stack || e); process.exit(2); });
