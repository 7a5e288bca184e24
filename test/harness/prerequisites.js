// What `npm test` and `npm run demo` need from the machine beyond npm packages, and getting it there:
// missing Debian packages are installed when this user may (root, or passwordless sudo) and it is said
// so; otherwise the run stops at once with one line naming the exact command — never a wall of failures.
// NEXTMV_NO_APT=1 never installs (only reports).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = process.env.VSCODE_TEST_CACHE || path.join(ROOT, '.vscode-test');
const PYTHON = '/usr/bin/python3'; // Debian's python3-* packages install for this one (another may come first on PATH)

function onPath(bin) {
  return (process.env.PATH || '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, bin)));
}

/** Each Debian package: how to tell it is there, and what needs it. */
const PACKAGES = {
  chromium: { present: () => fs.existsSync(process.env.CHROMIUM_BIN || '/usr/bin/chromium'), why: 'headless Chromium for the webview and UI tests' },
  ripgrep: { present: () => onPath('rg'), why: "installing code-server (a real VS Code): its ripgrep" },
  'libkrb5-dev': { present: () => fs.existsSync('/usr/include/gssapi/gssapi.h') || fs.existsSync('/usr/include/gssapi.h'), why: "code-server's native kerberos module" },
  'build-essential': { present: () => onPath('g++') && onPath('make'), why: "code-server's native modules" },
  'pkg-config': { present: () => onPath('pkg-config'), why: "code-server's native modules" },
  python3: { present: () => fs.existsSync(PYTHON), why: "node-gyp, for code-server's native modules" },
  'python3-fastapi': { present: () => pythonImports('fastapi'), why: 'the FastAPI handler template test' },
  'python3-uvicorn': { present: () => pythonImports('uvicorn'), why: 'the FastAPI handler template test' },
  'golang-go': { present: () => onPath('go') || fs.existsSync('/usr/lib/go/bin/go'), why: 'the Go handler template test' },
};

function pythonImports(module) {
  if (!fs.existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;
}

/** code-server is installed by the harness itself (npm registry); its build needs are moot once it is there. */
function codeServerInstalled(variants) {
  const dirs = { 100: 'cs100', 139: 'cs139' };
  return variants.every((v) => fs.existsSync(path.join(CACHE, dirs[v] || `cs${v}`, 'node_modules', '.bin', 'code-server')));
}

const CODE_SERVER_BUILD = ['ripgrep', 'libkrb5-dev', 'build-essential', 'pkg-config', 'python3'];

/** The packages a run needs: `what` names the tiers of `npm test` (unit, integration, bench, ui) or 'demo'. */
function packagesFor(what, variants) {
  const needs = new Set();
  const vscode = what.some((w) => ['integration', 'bench', 'ui', 'demo'].includes(w));
  if (vscode && !codeServerInstalled(variants)) CODE_SERVER_BUILD.forEach((p) => needs.add(p));
  if (what.some((w) => ['unit', 'integration', 'bench', 'ui'].includes(w))) needs.add('chromium');
  if (what.includes('unit')) ['python3', 'python3-fastapi', 'python3-uvicorn', 'golang-go'].forEach((p) => needs.add(p));
  return [...needs];
}

/**
 * The decision, from what is missing and what this user may do (pure, for the tests):
 * { action: 'none' } | { action: 'install', sudo: boolean } | { action: 'stop', line: string }
 */
function plan({ who, missing, hasApt, isRoot, canSudo, noApt }) {
  if (!missing.length) return { action: 'none' };
  const list = missing.join(' ');
  if (!hasApt) return { action: 'stop', line: `${who}: this machine lacks ${list} and has no apt-get: install their equivalents, then run ${who} again.` };
  if (!noApt && (isRoot || canSudo)) return { action: 'install', sudo: !isRoot };
  const sudo = isRoot ? '' : 'sudo ';
  return { action: 'stop', line: `${who} needs the Debian packages ${list}: run  ${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${list}  then run ${who} again.` };
}

/** Makes sure the packages are there; returns normally, or exits 3 after one line. */
function ensurePrerequisites(what, { who = 'npm test', variants = ['100', '139'] } = {}) {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) stop(`${who} needs Node.js 20 or newer (this is ${process.version}).`);
  const needed = packagesFor(what, variants);
  const missing = () => needed.filter((p) => !PACKAGES[p].present());
  const first = missing();
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const decision = plan({
    who,
    missing: first,
    hasApt: onPath('apt-get'),
    isRoot,
    canSudo: !isRoot && onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0,
    noApt: process.env.NEXTMV_NO_APT === '1',
  });
  if (decision.action === 'none') return;
  if (decision.action === 'stop') stop(decision.line);
  console.log(`${who}: installing Debian packages ${first.join(' ')} (${[...new Set(first.map((p) => PACKAGES[p].why))].join('; ')})…`);
  const apt = (...args) =>
    spawnSync(decision.sudo ? 'sudo' : 'apt-get', decision.sudo ? ['-n', 'apt-get', ...args] : args, {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  apt('update', '-qq');
  const r = apt('install', '-y', '-qq', '--no-install-recommends', ...first);
  const still = missing();
  if (r.status !== 0 || still.length) stop(`${who}: apt-get could not install ${(still.length ? still : first).join(' ')} (exit ${r.status}); install them, then run ${who} again.`);
  console.log(`${who}: installed ${first.join(' ')}.`);
}

function stop(line) {
  console.error(line);
  process.exit(3);
}

module.exports = { ensurePrerequisites, packagesFor, plan, PACKAGES };
