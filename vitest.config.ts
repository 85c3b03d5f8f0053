import { defineConfig } from 'vitest/config';

// Three projects so the inner loop stays fast: `npm run test:unit` (pure logic, seconds),
// `npm run test:conformance` (the engine against AWS behaviour), and the integration tests that
// start dynalite, worker threads, HTTP servers, CDK synth and the CLI. `npm test` runs them all.
const shared = {
  // Two cores here and in CI: threads beyond that only add contention.
  maxWorkers: 2,
  env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
};

export default defineConfig({
  test: {
    ...shared,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'conformance', include: ['test/conformance/**/*.test.ts'] } },
      // test/workflows/: where `aethon new` writes a workflow's test (it starts the local engine).
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/workflows/**/*.test.ts'] } },
    ],
  },
});
