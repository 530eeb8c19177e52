// The project's rules, enforced rather than remembered: the core never imports `vscode`, no import cycles, no
// promise left floating, no unused names. Type-aware (typescript-eslint's project service reads tsconfig.json).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'test/fixtures/**', '.vscode-test/**'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    settings: {
      // Without these, import-x reads no .ts file when it follows imports, and finds no cycle.
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.mjs', '.json'] })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          caughtErrors: 'none',
        },
      ],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // What the bundles must not carry: `{ z }` is zod's namespace object (every locale, 350 KB, kept whole), and
    // the SDK's default client brings every API resource (300 KB); core/api/sdk.ts builds the one we use.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message: "Use `import * as z from 'zod'`: it tree-shakes; `{ z }` keeps all of zod in the bundle.",
        },
        {
          selector: "ImportDeclaration[source.value='@anthropic-ai/sdk']",
          message: 'Use src/core/api/sdk.ts: the default client brings every API resource into the bundle.',
        },
      ],
    },
  },
  {
    // The core is reused by headless front ends: it must not know the editor.
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core stays editor-free: put VS Code code under src/vscode/.' }],
        },
      ],
    },
  },
  {
    // Build, harness and browser-journey scripts: plain Node ES modules.
    files: ['**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }] },
  },
);
