// Lint: typescript-eslint's recommended rules, and the slices' boundaries.
// A slice (libs/<name>) is used by others only through its entry point,
// `@saoma/<name>` (libs/<name>/src/index.ts); which slice may use which is
// the table LIB_DEPENDENCIES below, the layering of docs/architecture.md.
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

/** Which slices each slice may import (besides itself). The ledger knows accounts and entries, never payments. */
const LIB_DEPENDENCIES = {
  common: [],
  http: ['common'],
  money: ['common'],
  database: ['common'],
  qr: ['common', 'http'],
  signing: ['common', 'database', 'http'],
  idempotency: ['common', 'database'],
  ledger: ['common', 'database', 'money'],
  identity: ['common', 'database', 'money', 'http', 'idempotency'],
  webhooks: ['common', 'database', 'http', 'identity', 'signing'],
  payments: ['common', 'database', 'http', 'money', 'ledger', 'identity', 'idempotency', 'qr', 'signing'],
  finance: ['common', 'database', 'http', 'money', 'ledger', 'identity', 'payments'],
};
const ALL_LIBS = Object.keys(LIB_DEPENDENCIES);
/** A slice's entry point, relative to its folder. */
const ENTRY = 'src/index.ts';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'apps/web/public/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Nest's modules and the DTOs' decorators are classes without members on purpose
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: {
      globals: {
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
        performance: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['apps/api/src/**/*.ts', 'libs/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { typescript: { project: './tsconfig.json' } },
      'boundaries/elements': [
        { type: 'lib', pattern: 'libs/*', capture: ['name'] },
        { type: 'api', pattern: 'apps/api' },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          message:
            'A slice is used only through its entry point (@saoma/<name>), and only by the slices listed in eslint.config.mjs.',
          policies: [
            ...ALL_LIBS.map((name) => ({
              from: { element: { type: 'lib', captured: { name } } },
              allow: LIB_DEPENDENCIES[name].length
                ? {
                    to: {
                      element: { type: 'lib', captured: { name: LIB_DEPENDENCIES[name] }, fileInternalPath: ENTRY },
                    },
                  }
                : [],
            })),
            {
              from: { element: { type: 'api' } },
              allow: { to: { element: { type: 'lib', fileInternalPath: ENTRY } } },
            },
          ],
        },
      ],
    },
  },
);
