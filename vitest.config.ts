// Test runner configuration: Node environment, polyfills loaded first, generous timeouts for integration tests.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    setupFiles: ['./core/runtime-polyfills.ts'],
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // SIMULATED_PIX_PAY_SECONDS: a Pix in a test that is not about paying is paid at once (50 ms), so the order flows
    // through AWAITING_PAYMENT to CONFIRMED as on a laptop; the tests about Pix pass their own payment settings.
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      CDK_DISABLE_CLI_TELEMETRY: 'true',
      SIMULATED_PIX_PAY_SECONDS: '0.05',
    },
  },
});
