// Builds the extension (Node, CommonJS) and the webview scripts (browser).
//   node esbuild.js               development build (sourcemaps)
//   node esbuild.js --production  minified, no sourcemaps (what the VSIX ships)
//   node esbuild.js --watch       rebuild on change, with problem-matcher output
//   node esbuild.js --tests       also builds the integration suites into out/test/
//   node esbuild.js --tests-only  builds only the integration suites (keeps dist/ as it is)
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const testsOnly = process.argv.includes('--tests-only');
const tests = testsOnly || process.argv.includes('--tests');

/** Prints esbuild's start/end lines in the format of the `$esbuild-watch` problem matcher. */
const problemMatcher = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'silent',
  plugins: [problemMatcher],
};

function listEntries(dir, pattern) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .filter((f) => pattern.test(f))
    .map((f) => path.join(dir, f));
}

function copyCodicons() {
  const from = path.join(__dirname, 'node_modules', '@vscode', 'codicons', 'dist');
  const to = path.join(__dirname, 'dist', 'codicons');
  fs.mkdirSync(to, { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(from, f), path.join(to, f));
}

async function main() {
  let configs = [
    {
      ...common,
      // api.js (undici + the client) is a separate bundle, loaded on first use to keep activation light
      entryPoints: { extension: 'src/extension.ts', api: 'src/core/api/index.ts' },
      outdir: 'dist',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
    },
    {
      ...common,
      entryPoints: listEntries('src/webview-ui', /^[^/]+\.ts$/).filter((f) => !f.endsWith('.d.ts')),
      outdir: 'dist/webview',
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
    },
  ];
  if (tests) {
    configs.push({
      ...common,
      minify: false,
      sourcemap: true,
      entryPoints: listEntries('test/integration', /\.ts$/),
      outdir: 'out/test/integration',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode', 'mocha'],
    });
  }
  if (testsOnly) {
    configs = configs.slice(-1);
  } else {
    fs.rmSync(path.join(__dirname, 'dist'), { recursive: true, force: true });
    copyCodicons();
  }
  const contexts = await Promise.all(configs.filter((c) => c.entryPoints && Object.keys(c.entryPoints).length).map((c) => esbuild.context(c)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  const results = await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  if (results.some((r) => r.errors.length)) process.exit(1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
