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
 * esbuild's CommonJS interop turns `import * as vscode from 'vscode'` into a copy of the whole API object
 * (~300 getters), made at activation — once per importing module without help. This plugin serves
 * 'vscode' as an ES module instead: one named export per value the API declares (read from @types/vscode),
 * each read straight from require('vscode') and marked pure, so esbuild keeps only the names a bundle uses
 * and `vscode.window` compiles to a plain variable. Nothing is copied. A name the API does not declare is a
 * build error (esbuild would otherwise only warn and leave it undefined).
 */
function vscodeApiNames() {
  const dts = fs.readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
  return [...new Set(Array.from(dts.matchAll(/^\texport (?:namespace|class|enum|const|let|function) (\w+)/gm), (m) => m[1]))];
}

const vscodeDirect = {
  name: 'vscode-direct',
  setup(build) {
    const names = vscodeApiNames();
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === 'vscode-direct' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-direct' }));
    build.onLoad({ filter: /.*/, namespace: 'vscode-direct' }, () => ({
      contents: ["const api = require('vscode');", 'const get = (name) => api[name];', ...names.map((n) => `export const ${n} = /* @__PURE__ */ get('${n}');`)].join('\n'),
      loader: 'js',
    }));
    build.onEnd((result) => {
      const missing = result.warnings.filter((w) => w.id === 'import-is-undefined' && /vscode/.test(w.text));
      result.errors.push(...missing);
    });
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

/**
 * Node reads the nearest package.json of every CommonJS file it loads, for its "type". Without this one that
 * is the extension's manifest (~25 KB), parsed at activation: ~0.4 ms in Node 20, measured in plain Node
 * (the bench cannot see under VS Code's whole milliseconds).
 */
function writeModuleType() {
  fs.writeFileSync(path.join(__dirname, 'dist', 'package.json'), '{ "type": "commonjs" }\n');
}

function copyCodicons() {
  const from = path.join(__dirname, 'node_modules', '@vscode', 'codicons', 'dist');
  const to = path.join(__dirname, 'dist', 'codicons');
  fs.mkdirSync(to, { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(from, f), path.join(to, f));
}

/** The extension host bundles; test/build/bundles.test.ts checks what each one pulls in. */
const extensionHost = {
  ...common,
  // extension.js is read at activation and only registers; host.js (the services: logger, accounts, key
  // store; the command table) right after it, for the welcome view's context keys; tree.js (the view's
  // provider, model and API connection), api.js (undici + the client), panels.js (validator, inspector) and
  // commands.js are read the first time they are needed (src/common/lazyBundle.ts). Each split was measured
  // (`npm run bench`'s activation beside an extension making the same registrations, medians of 7 starts):
  // with tree.js folded in, +6 ms; commands.js, +4 ms; everything but api.js, +11 ms; undici alone ~70 ms;
  // host.js folded in (the services built in activate()): 10 ms beside the registrations' 5 ms; apart: 7 beside 7.
  // cliConfig.js (the YAML parser, ~115 KB, and the reader of ~/.nextmv/config.yaml) is read the first time a
  // Nextmv CLI profile is needed, by the commands or by the key store, so both share one copy.
  entryPoints: { extension: 'src/extension.ts', host: 'src/host.ts', tree: 'src/tree/index.ts', api: 'src/core/api/index.ts', panels: 'src/panels/index.ts', commands: 'src/commands/index.ts', cliConfig: 'src/connection/cliConfigFile.ts' },
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  // the pure code's t() (src/core, src/shared) goes to vscode.l10n.t here: see src/common/l10nHost.ts
  alias: { '@vscode/l10n': path.join(__dirname, 'src', 'common', 'l10nHost.ts') },
  plugins: [...common.plugins, vscodeDirect],
};

async function main() {
  let configs = [
    extensionHost,
    {
      ...common,
      // one script per webview; the other modules of src/webview-ui are shared between them
      entryPoints: { inspector: 'src/webview-ui/inspector.ts', validator: 'src/webview-ui/validator.ts' },
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
    writeModuleType();
  }
  const contexts = await Promise.all(configs.filter((c) => c.entryPoints && Object.keys(c.entryPoints).length).map((c) => esbuild.context(c)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  const results = await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  const errors = results.flatMap((r) => r.errors);
  if (errors.length) {
    console.error(esbuild.formatMessagesSync(errors, { kind: 'error' }).join('\n'));
    process.exit(1);
  }
}

module.exports = { extensionHost };

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
