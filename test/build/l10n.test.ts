import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { manifestStrings, NLS_KEY, nls } from './manifestText';

const ROOT = path.resolve(__dirname, '..', '..');

/** The manifest fields people read (command titles, view names, settings' descriptions, walkthrough text…). */
const SHOWN = /(^|\.)(displayName|description|markdownDescription|title|contextualTitle|contents|category|deprecationMessage|markdownDeprecationMessage|enumDescriptions\.\d+|markdownEnumDescriptions\.\d+)$|^contributes\.views\.\w+\.\d+\.name$/;

describe('localisation', function () {
  this.timeout(60_000);

  it('every text package.json shows is a %key% of package.nls.json; every key there is used', () => {
    const strings = manifestStrings().filter(([at]) => !/^(scripts|repository|bugs|keywords|categories|dependencies|devDependencies)\b/.test(at));
    const shown = strings.filter(([at]) => SHOWN.test(at));
    assert.ok(shown.length > 50, `${shown.length} shown strings: the pattern still finds them`);
    assert.deepEqual(shown.filter(([, v]) => !NLS_KEY.test(v)).map(([at]) => at), [], 'shown but not localisable');
    const used = strings.flatMap(([, v]) => NLS_KEY.exec(v)?.[1] ?? []);
    assert.deepEqual([...new Set(used)].filter((k) => !(k in nls)), [], 'used but not defined');
    assert.deepEqual(Object.keys(nls).filter((k) => !used.includes(k)), [], 'defined but not used');
  });

  it('l10n/bundle.l10n.json is what `l10n-dev export` finds in src/ now: no t() string forgotten, none stale', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-export-'));
    try {
      const cli = path.join(ROOT, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js');
      execFileSync(process.execPath, [cli, 'export', '--outDir', out, './src'], { cwd: ROOT, stdio: 'pipe' });
      const fresh = JSON.parse(fs.readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8'));
      const committed = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8'));
      assert.deepEqual(committed, fresh, 'run: npx @vscode/l10n-dev export --outDir ./l10n ./src');
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('package.json points VS Code at the bundle folder', () => {
    const raw = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.equal(raw.l10n, './l10n');
    assert.ok(fs.existsSync(path.join(ROOT, raw.l10n, 'bundle.l10n.json')));
  });

  it('plural messages name the category `other`, which every language has', () => {
    const bundle: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8'));
    const plurals = Object.keys(bundle).filter((k) => /^(zero|one|two|few|many|other|=\d+)=/.test(k));
    assert.ok(plurals.length >= 5, `${plurals.length} plural messages`);
    for (const k of plurals) assert.match(k, /(^|\|)other=/, k);
  });
});
