/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" } }] },
  moduleFileExtensions: ["ts", "js", "json"],
  // Real-terraform tests spawn processes; give them room without slowing the fast suite.
  testTimeout: 120000,
  maxWorkers: 2,
  setupFiles: ["<rootDir>/__tests__/support/setup-env.ts"],
  globalSetup: "<rootDir>/__tests__/support/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.ts",
  testEnvironmentOptions: { globalsCleanup: "off" },
};
