// ESLint 9 flat config: typescript-eslint's strict and stylistic type-checked rules, tuned to this
// codebase's deliberate idioms (`||` for "empty input falls back", one-line guards, node:test).
// Formatting is Prettier's job: no formatting rules here.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'emulator/tls/**', '.bench/**', '.tmp/**'],
  },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'error',
      'object-shorthand': 'error',
      'prefer-template': 'error',

      // verbatimModuleSyntax already demands `type` on type-only imports; keep one spelling of it.
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],

      // Numbers and booleans read naturally in messages; objects and undefined still do not.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // An empty input ('') means "not given" throughout: `||` is the intended operator for strings.
      '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true, boolean: true } }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true }],
      // Environment maps are plain records: `delete env[name]` is the way to unset a variable.
      '@typescript-eslint/no-dynamic-delete': 'off',
      '@typescript-eslint/array-type': 'off',
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] }],
        },
      ],
    },
  },
  {
    // The action runs inside the runner: log through @actions/core, and never force an exit
    // (process.exit cuts off pending output and crashes Windows runners with sockets still closing).
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'exit', message: 'Use core.setFailed and let the event loop drain.' },
      ],
    },
  },
  {
    // Command-line tools print to the terminal.
    files: ['emulator/**/*.ts', 'demo/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'no-console': 'off',
    },
  },
  {
    // The emulator's route handlers answer and stop in one line: `return sendJson(ctx, 404, body);`.
    files: ['emulator/**/*.ts'],
    rules: {
      '@typescript-eslint/no-confusing-void-expression': 'off',
    },
  },
  {
    // Tests: fixtures are built inline and asserted at once. Defensive `?.` lets an assertion report a
    // missing value instead of a TypeError; `async () => token` fakes async callbacks; and the tests
    // deliberately send deprecated parameters (max_tokens) to check how the service answers them.
    files: ['__tests__/**/*.ts'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-empty-function': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-deprecated': 'off',
    },
  },
  {
    // Plain JavaScript (this file, emulator/bin shims): Node globals, no type information.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
    rules: { 'no-console': 'off' },
  },
);
