// ESLint for the whole tree. Type-aware rules everywhere; `core`, `tally` and `opinions` may not
// import Node, the store, the server or the browser, so the pure domain stays pure (see
// ../shared/STYLE.md).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

const pureRestrictions = {
  patterns: [
    {
      group: ['node:*'],
      message: 'core, tally and opinions do no I/O: take a port as an argument instead.',
    },
    {
      group: ['@veche/store', '@veche/cli', '@veche/server', '@veche/web'],
      message: 'Dependencies point inward: core, tally and opinions import no outer package.',
    },
  ],
  paths: ['fs', 'path', 'crypto', 'os', 'child_process', 'better-sqlite3', 'pg'].map((name) => ({
    name,
    message: 'core, tally and opinions do no I/O: take a port as an argument instead.',
  })),
}

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      'packages/cli/bundle/**',
      '**/node_modules/**',
      'veche-data/**',
      'artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: [
      'packages/core/src/**/*.ts',
      'packages/tally/src/**/*.ts',
      'packages/opinions/src/**/*.ts',
    ],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', pureRestrictions],
      'no-restricted-globals': [
        'error',
        { name: 'Date', message: 'No clock in core: time comes in as an argument.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'No randomness in core: take a seed.' },
      ],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    // The web app's build scripts run on Node.
    files: ['packages/web/scripts/**/*.js'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
  {
    // The `veche` bin is CommonJS (packages/cli/bin/package.json): see the bin's header.
    files: ['packages/cli/bin/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', __dirname: 'readonly', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
)
