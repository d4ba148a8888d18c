import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://localhost:${port}`;
export const oidcPort = Number(process.env.E2E_OIDC_PORT ?? 3199);
/** A stand-in for an external API (the Pet Store fixture), on loopback. */
export const petApiPort = Number(process.env.E2E_PET_API_PORT ?? 3198);
/** A central repository on loopback whose catalogue the repository spec changes between steps. */
export const catalogPort = Number(process.env.E2E_CATALOG_PORT ?? 3197);
export const cronSecret = 'e2e-cron-secret-0123456789abcdef';
/** The Pet Clinic API (OAuth-protected) on loopback, for the OAuth spec. */
export const clinicApiPort = Number(process.env.E2E_CLINIC_API_PORT ?? 3196);
export const e2eDataDir = '.test-data/e2e';

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['./e2e/support/summary-reporter.ts']] : [['list'], ['./e2e/support/summary-reporter.ts']],
  globalSetup: './e2e/support/global-setup.ts',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  // The specs share one app and database and build on each other, in this order; each can also run
  // alone (it sets up what it needs).
  projects: [
    { name: 'foundation', testMatch: 'foundation.spec.ts', use: { ...devices['Desktop Chrome'] } },
    { name: 'providers', testMatch: 'providers.spec.ts', dependencies: ['foundation'], use: { ...devices['Desktop Chrome'] } },
    { name: 'connectors', testMatch: 'connectors.spec.ts', dependencies: ['providers'], use: { ...devices['Desktop Chrome'] } },
    { name: 'models', testMatch: 'models.spec.ts', dependencies: ['connectors'], use: { ...devices['Desktop Chrome'] } },
    { name: 'runtime', testMatch: 'runtime.spec.ts', dependencies: ['models'], use: { ...devices['Desktop Chrome'] } },
    { name: 'oauth', testMatch: 'oauth.spec.ts', dependencies: ['runtime'], use: { ...devices['Desktop Chrome'] } },
    { name: 'repository', testMatch: 'repository.spec.ts', dependencies: ['runtime'], use: { ...devices['Desktop Chrome'] } },
    { name: 'newcomer', testMatch: 'newcomer.spec.ts', dependencies: ['repository'], use: { ...devices['Desktop Chrome'] } },
    { name: 'request-limits', testMatch: 'request-limits.spec.ts', dependencies: ['foundation'], use: { ...devices['Desktop Chrome'] } },
    { name: 'narrow', testMatch: 'narrow.spec.ts', dependencies: ['runtime'], use: { ...devices['Desktop Chrome'] } },
    { name: 'mcp-client', testMatch: 'mcp-client.spec.ts', dependencies: ['runtime'], use: { ...devices['Desktop Chrome'] } },
    { name: 'credentials-origin', testMatch: 'credentials-origin.spec.ts', dependencies: ['foundation'], use: { ...devices['Desktop Chrome'] } },
    { name: 'oauth-endpoint-origin', testMatch: 'oauth-endpoint-origin.spec.ts', dependencies: ['foundation'], use: { ...devices['Desktop Chrome'] } },
    { name: 'security', testMatch: 'security.spec.ts', dependencies: ['foundation'], use: { ...devices['Desktop Chrome'] } },
    // Last, so every tab has content: screenshots of each page per role at 1440 and 390 px.
    { name: 'every-tab', testMatch: 'every-tab.spec.ts', dependencies: ['repository', 'oauth'], use: { ...devices['Desktop Chrome'] } },
  ],
  webServer: {
    command: `node scripts/e2e-server.mjs`,
    url: `${baseURL}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      DATA_DIR: e2eDataDir,
      // The stand-in APIs run on loopback.
      ALLOW_PRIVATE_NETWORK: 'true',
      NEXTAUTH_URL: baseURL,
      OIDC_ISSUER: `http://127.0.0.1:${oidcPort}`,
      OIDC_CLIENT_ID: 'console-e2e',
      OIDC_CLIENT_SECRET: 'console-e2e-client-secret',
      OIDC_NAME: 'Test IdP',
      LOG_LEVEL: 'debug',
      CENTRAL_REPOSITORY_URL: `http://127.0.0.1:${catalogPort}`,
      CRON_SECRET: cronSecret,
    },
  },
});
