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

/**
 * esbuild turns each `import * as vscode from 'vscode'` into its own __toESM(require('vscode')), which copies
 * every export of the API (hundreds of getters) once per importing module: ~13 ms of activation for ~17
 * modules. Routing the imports through one ESM module that re-exports 'vscode' makes that copy once.
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' }));
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'silent',
  plugins: watch ? [problemMatcher] : [],
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

/** The extension host bundles; test/unit/bundles.test.ts checks what each one pulls in. */
const extensionHost = {
  ...common,
  // extension.js is read at activation; api.js (undici + the client), panels.js (validator, inspector) and
  // commands.js are read the first time they are needed (src/common/lazyBundle.ts)
  entryPoints: { extension: 'src/extension.ts', api: 'src/core/api/index.ts', panels: 'src/panels/index.ts', commands: 'src/commands/index.ts' },
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  plugins: [...common.plugins, vscodeOnce],
};

async function main() {
  let configs = [
    extensionHost,
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

module.exports = { extensionHost };

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
