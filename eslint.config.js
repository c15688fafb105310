// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'crypto',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'https',
  'net',
  'os',
  'path',
  'process',
  'readline',
  'stream',
  'tls',
  'url',
  'util',
  'worker_threads',
  'zlib',
]

// Packages whose main entry must stay browser-safe: Node-only code lives under src/node/.
const browserSafe = ['core', 'validators', 'oximeter', 'spo2', 'fhir', 'referral', 'report']

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/*.generated.ts',
      'docs/api/**',
      'out/**',
      '**/coverage/**',
      '.changeset/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^fp-ts/(?!lib/)',
              message: "Import fp-ts modules as 'fp-ts/lib/X.js' (the bare form fails in Node ESM).",
            },
            { regex: '^rxjs/internal', message: "Import from 'rxjs' or 'rxjs/testing'." },
            { regex: '^@openward/[^/]+/src', message: 'Import other packages by their public entry.' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/*/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'error',
    },
  },
  {
    files: browserSafe.map((p) => `packages/${p}/src/**/*.ts`),
    ignores: browserSafe.map((p) => `packages/${p}/src/node/**`),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Browser-safe entry: Node-only code goes under src/node/.',
          })),
          patterns: [
            { regex: '^node:', message: 'Browser-safe entry: Node-only code goes under src/node/ (a subpath export).' },
            { regex: '^fp-ts/(?!lib/)', message: "Import fp-ts modules as 'fp-ts/lib/X.js'." },
            { regex: '^rxjs/internal', message: "Import from 'rxjs' or 'rxjs/testing'." },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/cli/src/**/*.ts', 'examples/**/*.ts', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/test/**/*.ts', '**/bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
      },
    },
  },
  {
    // The Jest consumer project is a plain CommonJS user of the packed packages, as Jest runs it.
    files: ['consumers/jest/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', test: 'readonly', expect: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['consumers/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
)
