// @ts-check
/**
 * ESLint 9 flat config for the whole repository (`npm run lint` runs it with dependency-cruiser's
 * layering check and `prettier --check`; see packages/guards/README.md).
 *
 * Not type-aware on purpose: `tsc` already runs over every package in `npm test`, and a
 * type-aware run (typescript-eslint's project service over ~700 files) costs minutes on two cores
 * for a handful of extra rules. Layering (domain / application / infrastructure, contexts,
 * test support) is dependency-cruiser's job (.dependency-cruiser.cjs); ESLint only keeps the
 * import statements themselves honest.
 */
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores([
    '**/node_modules/**',
    '**/__generated__/**',
    '**/dist/**',
    '**/coverage/**',
    '**/.data/**',
    '**/.turbo/**',
    '**/prisma/migrations/**',
    'tmp/**',
  ]),
  {
    name: 'agora/files',
    files: ['**/*.{ts,mts,cts,js,mjs,cjs}'],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    name: 'agora/imports',
    files: ['**/*.{ts,mts,cts,js,mjs,cjs}'],
    plugins: { 'import-x': importX },
    settings: {
      // Workspace packages are linked in node_modules/@agora/* and export their .ts sources.
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'],
          conditionNames: ['types', 'import', 'node', 'require', 'default'],
        }),
      ],
    },
    rules: {
      // One import per module; types inline (`import { a, type B }`), as verbatimModuleSyntax code does.
      'import-x/no-duplicates': ['error', { 'prefer-inline': true }],
      'import-x/no-self-import': 'error',
      // `../../other-package/src/x`: import it by its package name (@agora/…) instead.
      'import-x/no-relative-packages': 'error',
      'import-x/no-absolute-path': 'error',
      'import-x/no-useless-path-segments': 'error',
      'import-x/first': 'error',
    },
  },
  {
    name: 'agora/typescript',
    files: ['**/*.{ts,mts,cts}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      // `any` is used on purpose for heterogeneous handler lists (`EventHandler<any, any>[]`,
      // `EventContract<any, any>`, in infrastructure and now in application where consumers are
      // declared) and in loosely typed test harnesses (~120 uses); strict tsc guards the rest.
      // Domain code, where it would hide a modelling gap, may not use it (below).
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    name: 'agora/domain',
    files: ['{subgraphs,packages}/*/src/domain/**/*.ts'],
    ignores: ['**/*.test.ts', '**/testing/**', '**/*.mother.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    name: 'agora/commonjs',
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
