/**
 * package.json as VS Code shows it: every `%key%` replaced by its English text from package.nls.json
 * (the tests that read titles and names read them through this).
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

export const rawManifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
export const nls: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8'));

/** `%key%` as VS Code matches it: the whole string. */
export const NLS_KEY = /^%([^%\s]+)%$/;

function resolve(value: unknown): unknown {
  if (typeof value === 'string') {
    const key = NLS_KEY.exec(value)?.[1];
    return key !== undefined && key in nls ? nls[key] : value;
  }
  if (Array.isArray(value)) return value.map(resolve);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  return value;
}

export const manifest = resolve(rawManifest) as typeof rawManifest;

/** Every string in the manifest, with where it is (`contributes.commands.0.title`). */
export function manifestStrings(value: unknown = rawManifest, at = ''): [string, string][] {
  if (typeof value === 'string') return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => manifestStrings(v, `${at}.${i}`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => manifestStrings(v, at ? `${at}.${k}` : k));
  return [];
}
