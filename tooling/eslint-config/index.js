// Shared ESLint flat config for the kv monorepo. The root eslint.config.js calls kvConfig().
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { sansIoRules, storageRules } from './sans-io.js';

/** The packages whose src/ must stay pure or sans-IO (DESIGN.md §2–3). */
export const sansIoPackages = ['ring', 'vclock', 'merkle', 'gossip', 'quorum', 'protocol'];

export function kvConfig() {
  return tseslint.config(
    {
      ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '**/test-results/**', '**/coverage/**', '**/test/fixtures/**'],
    },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
      languageOptions: {
        ecmaVersion: 2022,
        sourceType: 'module',
        globals: { console: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly' },
      },
      rules: {
        eqeqeq: ['error', 'always'],
        'no-console': 'off',
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
        '@typescript-eslint/consistent-type-imports': 'error',
      },
    },
    {
      files: ['**/*.{js,mjs,cjs}'],
      languageOptions: {
        globals: { process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly' },
      },
    },
    {
      files: sansIoPackages.map((name) => `packages/${name}/src/**/*.ts`),
      rules: sansIoRules,
    },
    {
      files: ['packages/lsm/src/**/*.ts'],
      ignores: ['packages/lsm/src/runtime/**'],
      rules: storageRules,
    },
    {
      // A node's real IO (sockets, timers, clock, files) lives only in src/runtime (DESIGN.md §3).
      files: ['packages/node/src/**/*.ts'],
      ignores: ['packages/node/src/runtime/**'],
      rules: storageRules,
    },
  );
}

export { sansIoRules, storageRules };
