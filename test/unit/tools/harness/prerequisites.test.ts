import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { packagesFor, plan } from '../../../harness/prerequisites';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const base = { who: 'npm test', hasApt: true, isRoot: false, canSudo: false, noApt: false };

describe('prerequisites of npm test and npm run demo', () => {
  it('nothing missing: nothing to do', () => {
    assert.deepEqual(plan({ ...base, missing: [] }), { action: 'none' });
  });

  it('root or passwordless sudo: installs (with sudo when not root)', () => {
    assert.deepEqual(plan({ ...base, missing: ['chromium'], isRoot: true }), { action: 'install', sudo: false });
    assert.deepEqual(plan({ ...base, missing: ['chromium'], canSudo: true }), { action: 'install', sudo: true });
  });

  it('otherwise one line with the exact command', () => {
    const p = plan({ ...base, missing: ['chromium', 'golang-go'] });
    assert.equal(p.action, 'stop');
    assert.equal(p.line, 'npm test needs the Debian packages chromium golang-go: run  sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium golang-go  then run npm test again.');
    assert.doesNotMatch(plan({ ...base, missing: ['x'], isRoot: true, noApt: true }).line ?? '', /sudo/, 'root gets the command without sudo');
    assert.match(plan({ ...base, missing: ['x'], hasApt: false }).line ?? '', /no apt-get/);
  });

  it('asks for what each run needs: Chromium and the handler runtimes for the unit tier, nothing for a demo whose VS Code is installed', () => {
    const unit = packagesFor(['unit'], ['100']);
    for (const p of ['chromium', 'python3-fastapi', 'python3-uvicorn', 'golang-go']) assert.ok(unit.includes(p), p);
    assert.ok(!packagesFor(['integration'], ['100']).includes('golang-go'));
    assert.ok(!packagesFor(['demo'], ['100']).includes('chromium'), 'the demo is opened in the user’s own browser');
  });

  it('npm test on a machine without Chromium stops at once with that one line (exit 3), before building anything', function () {
    this.timeout(20_000);
    const r = spawnSync(process.execPath, ['test/harness/run-all.js', '--tiers', 'unit'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CHROMIUM_BIN: '/nonexistent/chromium', NEXTMV_NO_APT: '1' },
    });
    assert.equal(r.status, 3, r.stdout + r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /^npm test needs the Debian packages chromium: run .*apt-get install -y --no-install-recommends chromium/);
    assert.doesNotMatch(r.stdout, /type-check/, 'nothing ran');
  });
});
