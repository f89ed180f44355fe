// Lint: the recommended rules, plus type-aware rules for promises and results that are easy to
// drop by mistake (a floating promise in a privileged action is an unlogged change).
const js = require("@eslint/js");
const tseslint = require("typescript-eslint");

module.exports = tseslint.config(
  { ignores: ["node_modules/", "cdktf.out/", "dist/", ".types/", ".bench/", "coverage/", "**/*.d.ts", "__tests__/fixtures/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: { parserOptions: { project: "./tsconfig.json", tsconfigRootDir: __dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false } }],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/no-unused-expressions": ["error", { allowShortCircuit: false, allowTernary: false }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-explicit-any": "off",
      "no-constant-condition": ["error", { checkLoops: false }],
    },
  },
  {
    // lib/ is type-checked together with the tests (npm run typecheck, one tsc with jest's types):
    // jest's globals must not slip into the library.
    files: ["lib/**/*.ts"],
    rules: {
      "no-restricted-globals": [
        "error",
        ...["describe", "it", "test", "expect", "jest", "beforeAll", "afterAll", "beforeEach", "afterEach"].map((name) => ({
          name,
          message: "a jest global in lib/: the library runs without jest",
        })),
      ],
    },
  },
  {
    files: ["**/*.js"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { require: "readonly", module: "writable", process: "readonly", __dirname: "readonly", console: "readonly", performance: "readonly" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
