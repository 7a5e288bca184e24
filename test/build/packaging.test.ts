import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('packaging', function () {
  this.timeout(60_000);

  it('the VSIX holds only dist/, media/, l10n/, package.json, package.nls.json, README.md, CHANGELOG.md and LICENSE', () => {
    const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    const out = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
    const files = out.split('\n').map((l) => l.trim()).filter(Boolean);
    const allowed = /^(dist\/.+\.(js|css|ttf)|dist\/package\.json|media\/.+|l10n\/bundle\.l10n(\.[\w-]+)?\.json|package(\.nls(\.[\w-]+)?)?\.json|README\.md|CHANGELOG\.md|LICENSE)$/;
    assert.deepEqual(files.filter((f) => !allowed.test(f)), [], 'files outside the allowlist');
    for (const required of ['package.json', 'package.nls.json', 'l10n/bundle.l10n.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'media/icon.png', 'media/nextmv-webhooks.svg']) {
      assert.ok(files.includes(required), `${required} is packaged`);
    }
    // the bundles' own package scope, so Node does not parse the manifest to load them (esbuild.js)
    assert.ok(files.includes('dist/package.json'), 'dist/package.json is packaged');
    assert.ok(!files.some((f) => f.endsWith('.map') || f.startsWith('src/') || f.startsWith('node_modules/')));
    // everything the walkthrough shows is in the package
    for (const step of manifest.contributes.walkthroughs.flatMap((w: { steps: { media: { markdown?: string; image?: string } }[] }) => w.steps)) {
      const media = step.media.markdown ?? step.media.image;
      assert.ok(files.includes(media), `${media} (walkthrough) is packaged`);
    }
  });

  it('@types/vscode stays at or below engines.vscode (vsce refuses otherwise)', () => {
    const engine = manifest.engines.vscode.replace(/^\^/, '');
    const types = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', '@types', 'vscode', 'package.json'), 'utf8')).version;
    const minor = (v: string) => Number(v.split('.')[1]);
    assert.ok(minor(types) <= minor(engine), `@types/vscode ${types} > engine ${engine}`);
  });

  it('the icon is a 128×128 PNG', () => {
    const png = fs.readFileSync(path.join(ROOT, manifest.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.equal(png.readUInt32BE(16), 128);
    assert.equal(png.readUInt32BE(20), 128);
  });
});
