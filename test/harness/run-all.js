#!/usr/bin/env node
// `npm test`: static checks, then the three test tiers, each counted:
//   unit         mocha in plain Node (src/core and other pure code)
//   integration  mocha inside the extension host of a real VS Code, on each VS Code variant
//   bench        `npm run bench -- --small` must run (every benchmark, workbench ones included, at small sizes)
//   ui           Playwright + Chromium driving the real workbench with the packaged VSIX, on each variant
// Ends with one line "N passed, N failed" and exits non-zero if anything failed or could not run.
// Options: --tiers unit,integration,bench,ui   --variants 100,139   (or NEXTMV_TEST_TIERS / NEXTMV_TEST_VARIANTS)
'use strict';
const { spawnSync } = require('child_process');
const { ensurePrerequisites } = require('./prerequisites');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS = path.join(ROOT, 'test-results');
const argv = process.argv.slice(2);
const opt = (name, env, def) => {
  const i = argv.indexOf(name);
  return (i >= 0 ? argv[i + 1] : process.env[env]) || def;
};
const tiers = opt('--tiers', 'NEXTMV_TEST_TIERS', 'unit,integration,bench,ui').split(',');
const variants = opt('--variants', 'NEXTMV_TEST_VARIANTS', '100,139').split(',');
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(0)}s`;

function step(title, cmd, args, env = {}) {
  console.log(`\n━━ ${title} [${elapsed()}]`);
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === null ? 2 : r.status;
}

const npx = (bin) => path.join(ROOT, 'node_modules', '.bin', bin);
const rows = [];

/** Runs one tier, reads the summary its reporter wrote, records a row. A run with no summary is a failure. */
function tier(name, cmd, args, env = {}) {
  const summaryFile = path.join(RESULTS, `summary-${name.replace(/[^\w.-]+/g, '_')}.json`);
  fs.rmSync(summaryFile, { force: true });
  const code = step(name, cmd, args, { ...env, TEST_SUMMARY_FILE: summaryFile });
  let s = { passes: 0, failures: 0, pending: 0, failed: [] };
  let note = '';
  if (fs.existsSync(summaryFile)) s = JSON.parse(fs.readFileSync(summaryFile, 'utf8'));
  else note = `did not complete (exit ${code})`;
  if (code !== 0 && s.failures === 0) {
    s.failures = 1;
    note = note || `exited ${code} with no failing test: harness or extension host error`;
  }
  if (s.passes + s.failures === 0) {
    s.failures = 1;
    note = note || 'ran no test';
  }
  rows.push({ name, ...s, note });
}

/** `npm run bench -- --small` still runs (a check, not a timing): one test that passes on exit 0. */
function benchTier() {
  const code = step('bench (small sizes: proves the benchmarks run)', npx('tsx'), ['test/tools/bench/run.ts', '--small']);
  rows.push({ name: 'bench --small', passes: code === 0 ? 1 : 0, failures: code === 0 ? 0 : 1, pending: 0, failed: code === 0 ? [] : [{ title: 'npm run bench -- --small', error: `exit ${code}` }], note: 'a check that every benchmark runs, not a timing' });
}

function main() {
  // Debian packages first: installed when this user may, else one line with the command, and exit 3
  ensurePrerequisites(tiers, { who: 'npm test', variants });
  fs.mkdirSync(RESULTS, { recursive: true });
  let fatal = 0;
  fatal ||= step('type-check', 'npm', ['run', '-s', 'typecheck']);
  fatal ||= step('lint', npx('eslint'), ['.']);
  // The VSIX is what users install: the UI tier tests exactly that file.
  fatal ||= step('build + package (production VSIX)', npx('vsce'), ['package', '--no-dependencies', '--out', 'nextmv-webhooks.vsix']);
  fatal ||= step('build extension-host suites', process.execPath, ['esbuild.js', '--tests-only']);
  if (fatal) {
    console.error(`\nnpm test: a build step failed (exit ${fatal}); no tier ran.\n0 passed, 1 failed`);
    process.exit(1);
  }
  if (tiers.includes('unit')) tier('unit', npx('mocha'), ['--config', '.mocharc.json', '--reporter', 'test/harness/summaryReporter.js']);
  for (const v of variants) {
    if (tiers.includes('integration')) tier(`integration (VS Code ${v})`, process.execPath, ['test/harness/run-integration.js', '--variant', v]);
  }
  if (tiers.includes('bench')) benchTier();
  for (const v of variants) {
    if (tiers.includes('ui')) tier(`ui (VS Code ${v})`, npx('mocha'), ['--config', '.mocharc.ui.json'], { VSCODE_VARIANT: v });
  }

  const total = rows.reduce((a, r) => ({ passes: a.passes + r.passes, failures: a.failures + r.failures, pending: a.pending + r.pending }), { passes: 0, failures: 0, pending: 0 });
  console.log(`\n━━ summary [${elapsed()}]`);
  for (const r of rows) {
    console.log(`  ${r.name.padEnd(28)} ${String(r.passes).padStart(4)} passed ${String(r.failures).padStart(3)} failed ${String(r.pending).padStart(3)} skipped${r.note ? `  (${r.note})` : ''}`);
    for (const f of r.failed || []) console.log(`      ✗ ${f.title}\n        ${String(f.error).split('\n')[0]}`);
  }
  fs.writeFileSync(path.join(RESULTS, 'summary.json'), JSON.stringify({ rows, total }, null, 2));
  console.log(`\n${total.passes} passed, ${total.failures} failed${total.pending ? `, ${total.pending} skipped` : ''}`);
  process.exit(total.failures ? 1 : 0);
}

main();
