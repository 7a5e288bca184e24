// Runs the same extension-host suites on desktop VS Code through @vscode/test-electron
// (`npx vscode-test`), on a machine that can download VS Code. Build them first: node esbuild.js --tests
import { defineConfig } from '@vscode/test-cli';

export default defineConfig([
  { label: 'minimum engine', version: '1.100.3', files: 'out/test/integration/*.test.js', mocha: { ui: 'bdd', timeout: 30000 } },
  { label: 'stable', version: 'stable', files: 'out/test/integration/*.test.js', mocha: { ui: 'bdd', timeout: 30000 } },
]);
