import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // Tests run server modules directly; `server-only` throws outside React's server build.
      "server-only": path.join(root, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        // Pure logic only: no process, server, file or network. scrypt (N=16384) in the account
        // tests takes seconds on a loaded 2-core machine.
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node", testTimeout: 30_000 },
      },
      {
        extends: true,
        // devtools/ against the real thing: Postgres and Meilisearch servers, child processes and
        // their watchdog, secret files and their modes, in temporary folders.
        test: {
          name: "tools",
          include: ["tests/tools/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/integration/global-setup.ts"],
          setupFiles: ["tests/integration/setup-env.ts"],
          // One real Meilisearch is shared; files that rotate keys or swap indexes must not overlap.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
