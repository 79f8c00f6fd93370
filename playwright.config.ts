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
  // The projects run one after another because of what each leaves in the stack's one database
  // and index, never because a test needs an earlier one: every test brings what it spends (its
  // own rate-limit budget, its own slots and words), so any file runs alone with --no-deps.
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
    // An outage (Meilisearch, Postgres) is seen by every test sharing the stack: last, alone.
    {
      name: "isolated",
      use: { ...devices["Desktop Chrome"] },
      testMatch: /isolated\.spec\.ts/,
      // One outage at a time: a Meilisearch outage and a Postgres one would see each other.
      workers: 1,
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
