// The shape of src/: no import cycles (type-only imports included), pure logic where it can be, long files
// only with a reason, and no comment pointing at a file the repo does not have.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && fs.existsSync(path.join(ROOT, f)));
const sources = tracked.filter((f) => f.startsWith('src/') && f.endsWith('.ts'));
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');
const lineCount = (f: string) => read(f).split('\n').length;

/** Every relative import of a module, `import type` and `export … from` included. */
function importsOf(file: string): string[] {
  const out: string[] = [];
  for (const m of read(file).matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g)) {
    const spec = m[1] ?? m[2];
    const base = path.join(path.dirname(file), spec);
    const hit = [`${base}.ts`, path.join(base, 'index.ts'), base].find((c) => sources.includes(c));
    if (hit) out.push(hit);
  }
  return out;
}

/** Strongly connected components with more than one module (or a module importing itself): the cycles. */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      for (let w = stack.pop()!; ; w = stack.pop()!) {
        onStack.delete(w);
        scc.push(w);
        if (w === v) break;
      }
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return found;
}

/** The files a build writes (dist/), which comments may name though git does not track them. */
const BUILT = ['dist/extension.js', 'dist/host.js', 'dist/package.json', 'dist/api.js', 'dist/tree.js', 'dist/panels.js', 'dist/commands.js', 'dist/cliConfig.js', 'dist/webview/inspector.js', 'dist/webview/validator.js', 'dist/codicons/codicon.css'];
/** Words that look like file names and are not: products, and example paths inside URIs. */
const NOT_FILES = new Set(['Node.js', 'request.json', 'response.json', 'request.txt', 'response.txt', 'file.json']);

describe('the layout of src/', () => {
  it('has no import cycles, type-only imports included', () => {
    const graph = new Map(sources.map((f) => [f, importsOf(f)]));
    assert.ok([...graph.values()].some((deps) => deps.length > 0), 'the import scan found imports at all');
    assert.deepEqual(cycles(graph), []);
  });

  it('keeps at least 40% of its lines in src/core (pure logic, tested in plain Node)', () => {
    const total = sources.reduce((n, f) => n + lineCount(f), 0);
    const core = sources.filter((f) => f.startsWith('src/core/')).reduce((n, f) => n + lineCount(f), 0);
    assert.ok(core / total >= 0.4, `src/core is ${core} of ${total} lines (${Math.round((100 * core) / total)}%)`);
  });

  it('says in its header why a file runs over 300 lines', () => {
    const long = sources.filter((f) => lineCount(f) > 300);
    const unexplained = long.filter((f) => !/Why one file:/.test(read(f).slice(0, 2000)));
    assert.deepEqual(unexplained, [], 'a file over 300 lines needs "Why one file: …" in its header comment');
  });

  it('has no comment that names a file the repo does not have', () => {
    const names = new Set([...tracked, ...BUILT].map((f) => path.basename(f)));
    const paths = [...tracked, ...BUILT];
    const missing: string[] = [];
    for (const file of tracked.filter((f) => /^(src|test)\/.*\.(ts|js)$/.test(f) || f === 'esbuild.js' || f === 'eslint.config.mjs')) {
      read(file)
        .split('\n')
        .forEach((line, i) => {
          const comment = /^\s*(\/\/|\*|\/\*)/.test(line) ? line : /\s\/\/\s/.test(line) ? line.slice(line.indexOf(' // ')) : '';
          for (const [token] of comment.matchAll(/[\w./-]*[\w-]\.(ts|js|mjs|json|md|css|py|go|yaml)\b/g)) {
            if (NOT_FILES.has(token) || token.startsWith('.') || token.startsWith('/') || token.includes('*')) continue;
            const ok = token.includes('/') ? paths.some((p) => p === token || p.endsWith(`/${token}`)) : names.has(token);
            if (!ok) missing.push(`${file}:${i + 1}: ${token}`);
          }
        });
    }
    assert.deepEqual(missing, []);
  });
});
