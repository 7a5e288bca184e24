/**
 * Writes a tiny extension (a package.json and one CommonJS main file) into a folder and packages it into a
 * VSIX with vsce, to be installed beside ours: the benchmarks' baselines and the UI tier's hostile neighbour.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

export interface TinyExtension {
  /** the package name; the extension's id is `${publisher}.${name}` */
  readonly name: string;
  readonly publisher: string;
  readonly displayName: string;
  /** the main file's text (CommonJS); written as extension.js unless `writeMain` writes it */
  readonly main?: string;
  /** writes extension.js itself (e.g. bundled with esbuild) */
  readonly writeMain?: (file: string) => void;
  readonly contributes?: Record<string, unknown>;
  readonly activationEvents?: readonly string[];
  /** files copied into the folder: name in the folder → source path */
  readonly files?: Readonly<Record<string, string>>;
}

/** Packages the extension into `${dir}/${name}.vsix` (a few seconds) and returns the VSIX path. */
export function packageTinyExtension(dir: string, ext: TinyExtension): string {
  const folder = path.join(dir, ext.name);
  fs.mkdirSync(folder, { recursive: true });
  const manifest = {
    name: ext.name,
    displayName: ext.displayName,
    description: `Test extension: ${ext.displayName}`,
    version: '1.0.0',
    publisher: ext.publisher,
    license: 'MIT',
    engines: { vscode: '^1.100.0' },
    main: './extension.js',
    ...(ext.activationEvents ? { activationEvents: ext.activationEvents } : {}),
    contributes: ext.contributes ?? {},
  };
  fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(folder, 'README.md'), `# ${ext.displayName}\n\nGenerated for the tests of nextmv-webhooks.\n`);
  for (const [name, source] of Object.entries(ext.files ?? {})) fs.copyFileSync(source, path.join(folder, name));
  const main = path.join(folder, 'extension.js');
  if (ext.writeMain) ext.writeMain(main);
  else fs.writeFileSync(main, ext.main ?? 'exports.activate = function () {};\n');
  const vsix = path.join(dir, `${ext.name}.vsix`);
  const vsce = path.join(ROOT, 'node_modules', '.bin', 'vsce');
  execFileSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], { cwd: folder, stdio: 'pipe' });
  return vsix;
}
