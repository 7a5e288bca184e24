/**
 * Builds and packages the extension exactly as it ships: `vsce package` runs the production esbuild
 * (vscode:prepublish) and writes nextmv-webhooks.vsix at the repository root.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const VSIX = path.join(ROOT, 'nextmv-webhooks.vsix');

/** Resolves with the VSIX path; `quiet` keeps vsce's output unless it fails; `signal` stops vsce (Ctrl-C). */
export function packageVsix(quiet: boolean, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const vsce = path.join(ROOT, 'node_modules', '.bin', 'vsce');
    const child = spawn(vsce, ['package', '--no-dependencies', '--out', VSIX], { cwd: ROOT, stdio: quiet ? 'pipe' : 'inherit', signal });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && fs.existsSync(VSIX)) resolve(VSIX);
      else reject(new Error(`vsce package failed (exit ${code})${output ? `:\n${output.slice(-3000)}` : ''}`));
    });
  });
}
