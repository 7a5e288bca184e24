// ESLint flat config: type-aware rules for the extension, its tests and the webview code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '**/*.vsix', 'test/tools/bench/tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // The rings (see README, Develop): src/core is pure logic — no VS Code API, nothing of the VS Code face —
    // so it runs and is unit-tested in plain Node.
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core/ is pure TypeScript: pass what you need in from outside.', allowTypeImports: false }],
          patterns: [{ group: ['**/tree/**', '**/commands/**', '**/panels/**', '**/connection/**', '**/handlerLoop/**', '**/common/**', '**/webview-ui/**', '**/extension', '**/services', '**/config', '**/constants'], message: 'src/core/ imports only src/core and src/shared.' }],
        },
      ],
    },
  },
  {
    // src/shared is what both sides import: plain TypeScript, no Node, no DOM, nothing outside itself.
    files: ['src/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: ['../*', 'node:*', 'vscode'], message: 'src/shared/ imports only src/shared (it runs in the extension host and in webviews).' }] }],
    },
  },
  {
    // Webview scripts run in the browser and reach the extension only through messages.
    files: ['src/webview-ui/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: ['../*', '!../shared', '!../shared/*', 'node:*', 'vscode'], message: 'src/webview-ui/ imports only src/shared and itself.' }] }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', window: 'readonly', document: 'readonly', Element: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
