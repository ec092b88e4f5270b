// npm run lint: ESLint's and typescript-eslint's recommended rules, with the exceptions this
// code base makes on purpose (each one says why).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // simulator/espruino-model/ holds the parts of one function, not programs (simulator/model-source.ts).
  { ignores: ['node_modules/', 'bench/results/', 'dist/', 'types/', 'simulator/espruino-model/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Device code is ES5 for Espruino: `var` is what runs there (function scope, no TDZ).
      'no-var': 'off',
      // Hand-written polls fall from state to state; TypeScript's noFallthroughCasesInSwitch checks them.
      'no-fallthrough': 'off',
      // Poll loops are `for (;;)` and `while (true)` by design.
      'no-constant-condition': 'off',
      // Unused names are TypeScript's noUnusedLocals; parameters keep the poll ABI's shape.
      '@typescript-eslint/no-unused-vars': 'off',
      // Terminal output is read with its ANSI escapes removed (test/run.ts, test/mutate/run.ts,
      // bundler/espruino-run.ts): the escape character is a control character in the regex.
      'no-control-regex': 'off',
      // ES5 callbacks on the device reach their object through `var self = this` (no arrows there).
      '@typescript-eslint/no-this-alias': 'off',
    },
  },
  {
    // fast-check's IProperty is invariant in its argument tuple: a list of properties of different
    // arities can only be typed with any.
    files: ['test/support/property-*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
  {
    // Programs for Espruino itself (the bench's twins, the model's probes): their globals are the
    // board's (LED1, Serial1, E, require('Storage')...), which running them checks (test/bench-twins,
    // the simulator's fixtures); lint would only list them.
    files: ['bench/twins/*.js', 'simulator/check/probes/*.js'],
    rules: { 'no-undef': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // A user's test in a CommonJS project (test/package-app).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
