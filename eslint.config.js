import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  // Tests read loosely-typed JSON answers; `any` there keeps the assertions readable.
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['bin/**/*.js'], languageOptions: { globals: { process: 'readonly' } } },
  // Imports point inward: core/ is pure domain code and imports nothing outside core/ (no
  // store, http, pipeline, targets, worker, config, main or cli — not even types) and does
  // no I/O. One block per directory depth, since relative paths climb out at different depths.
  ...[1, 2, 3].map((depth) => ({
    files: [`src/core/${'*/'.repeat(depth - 1)}*.ts`],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(\\.\\./){${depth}}`,
              message: 'core/ imports nothing outward: core is pure domain code and does no I/O',
            },
            {
              regex: '^node:(fs|net|http|https|dns|child_process|tls|dgram)',
              message: 'core/ does no I/O; pass the results in from the caller',
            },
            {
              regex: '^(express|better-sqlite3|winston|prom-client|yaml|ajv)',
              message: 'core/ is pure domain code; use this library outside core/',
            },
          ],
        },
      ],
    },
  })),
);
