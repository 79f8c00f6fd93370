import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_LAUNCH_OPTIONS } from "./devtools/chromium";

const PORT = Number(process.env.E2E_PORT ?? 3107);
const baseURL = `http://localhost:${PORT}`;

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  // A test that passes only on a retry hides a race: none are allowed.
  retries: 0,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
  },
  projects: [
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"] },
      testIgnore: /(isolated|writes[\w-]*|[\w-]*revocation)\.spec\.ts/,
    },
    // Tests that book and change appointments run after the read-only ones, which count the seed
    // exactly (each role's totals, facets, pages).
    {
      name: "writes",
      use: { ...devices["Desktop Chrome"] },
      testMatch: /writes[\w-]*\.spec\.ts/,
      dependencies: ["chromium"],
    },
    // Revocation ends every session of the users it signs out (zia, kevin), which the writes
    // tests also use: it runs after them.
    {
      name: "revocation",
      use: { ...devices["Desktop Chrome"] },
      testMatch: /[\w-]*revocation\.spec\.ts/,
      dependencies: ["writes"],
    },
    // Outages and exhausted rate limits affect every test sharing the stack: they run last, alone.
    {
      name: "isolated",
      use: { ...devices["Desktop Chrome"] },
      testMatch: /isolated\.spec\.ts/,
      dependencies: ["revocation"],
    },
  ],
  webServer: {
    command: "node_modules/.bin/tsx --conditions=react-server tests/e2e/support/stack.ts",
    // The strict server (PORT + 1) starts last, so its health means the whole stack is up.
    url: `http://localhost:${PORT + 1}/api/health`,
    env: { E2E_PORT: String(PORT) },
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});
