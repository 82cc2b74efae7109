// ESLint with typescript-eslint, as VS Code's extension samples ship it, plus the type-aware rules
// that catch what strict tsc does not: promises nobody awaits or handles, promises passed where a
// plain callback is expected, `switch`es over a union that miss a case, and casts that claim
// more than the type checker knows. `npm run lint`; part of `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', 'workspace/**', 'test-results/**', '**/*.generated.ts', '.vscode-test/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        // Each runtime folder's own tsconfig (extension, kernel, renderer, common, test).
        project: ['./extension/tsconfig.json', './kernel/tsconfig.json', './lib/tsconfig.json', './cli/tsconfig.json', './renderer/tsconfig.json', './common/tsconfig.json', './test/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', name: ['test', 'describe', 'it', 'suite', 'before', 'after'], package: 'node:test' }] },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unsafe-type-assertion': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/naming-convention': [
        'error',
        { selector: 'typeLike', format: ['PascalCase'] },
        { selector: 'function', format: ['camelCase', 'PascalCase'] },
        // Object-literal keys are data, not names we choose: tfjs kernel names (Conv2DBackpropInput), test case titles.
        { selector: ['classMethod', 'typeMethod'], format: ['camelCase'], leadingUnderscore: 'allowSingleOrDouble' },
        { selector: 'variable', format: ['camelCase', 'UPPER_CASE', 'PascalCase'], leadingUnderscore: 'allow' },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // tsc's strict mode already checks these, or they fight the tfjs API's shapes.
      '@typescript-eslint/no-explicit-any': 'off',
      'no-undef': 'off',
    },
  },
  {
    // Tests and benchmarks cast freely: fixtures they wrote themselves, tfjs results whose shape the
    // test then asserts, and page handles of puppeteer. A wrong cast there fails the run loudly; it
    // cannot reach a user. Every other type-aware rule (floating promises above all) still applies.
    // Expected messages are matched literally, their two-space "  how to fix:" indentation included.
    files: ['test/**/*.ts', 'scripts/bench/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-type-assertion': 'off', 'no-regex-spaces': 'off' },
  },
  {
    // Kernels and device plumbing written against tfjs's backend internals: kernel attrs arrive as
    // tfjs's untyped NamedAttrMap (each kernel casts its attrs, as tfjs's own kernels do),
    // typedArrayFromHeap returns every typed-array kind, and Dawn's objects cross our own worker
    // proxy untyped. The casts name what tfjs's kernel contract guarantees; the parity suites
    // (test/unit/backends, test/gpu) check the results against the cpu backend.
    files: ['lib/backends/wasm/**/*.ts', 'lib/backends/webgpu/**/*.ts', 'lib/backends/fused/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-type-assertion': 'off' },
  },
  {
    // The `tlnb` command's entry point is CommonJS: it requires the built dist/cli.js.
    files: ['bin/**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', performance: 'readonly', Buffer: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable' } },
  },
);
