import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/**
 * The trust boundary (README, "Where things live"): browser and shared modules never import the
 * server's folders, and the server never imports the browser's. Matched on the import string, in
 * each of its spellings: `@/lib/db/client`, `../../lib/db/client`, and `../db/client` inside lib/.
 */
const SERVER_FOLDERS = "db|auth|meilisearch|sync|appointments|audit|http";
const serverImports = {
  paths: [
    { name: "server-only", message: "A browser or shared module cannot hold server-only code." },
    { name: "pg", message: "Postgres is reached from the server's lib/db only." },
    { name: "drizzle-orm", message: "Postgres is reached from the server's lib/db only." },
  ],
  patterns: [
    {
      regex: `^(@/|(\\.\\./)+)lib/(${SERVER_FOLDERS})(/|$)|^(\\.\\./)+(${SERVER_FOLDERS})(/|$)`,
      message: "Server-only folder: a browser or shared module must not import it (it may hold keys and secrets).",
    },
    {
      regex: "^(@/|(\\.\\./)+)(lib/)?env(-defaults)?$",
      message: "The environment is the server's: pass what the browser needs as props.",
    },
    { regex: "^node:", message: "A browser or shared module cannot use Node's modules." },
  ],
};
const browserPatterns = [
  {
    regex: "^(@/|(\\.\\./)+)lib/browser(/|$)|^(\\.\\./)+browser(/|$)",
    message: "Browser-only folder: the server must not import it (lib/common holds what both sides share).",
  },
];
const browserImports = {
  paths: [{ name: "client-only", message: "A server module cannot be browser-only." }],
  patterns: browserPatterns,
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // Results are rendered through React's escaping only (see README, security model).
      "react/no-danger": "error",
    },
  },
  {
    files: ["lib/browser/**", "components/**"],
    rules: { "no-restricted-imports": ["error", serverImports] },
  },
  {
    // Runs on both sides: neither side's folders.
    files: ["lib/common/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [...serverImports.paths, ...browserImports.paths],
          patterns: [
            ...serverImports.patterns,
            ...browserPatterns,
            { regex: "^(@/|(\\.\\./)+)components(/|$)", message: "Shared code cannot import a component." },
          ],
        },
      ],
    },
  },
  {
    files: [
      "lib/{db,auth,meilisearch,sync,appointments,audit,http}/**",
      "lib/env.ts",
      "lib/env-defaults.ts",
      "app/**",
      "proxy.ts",
      "instrumentation.ts",
      "next.config.ts",
      "scripts/**",
      "devtools/**",
    ],
    rules: { "no-restricted-imports": ["error", browserImports] },
  },
  {
    files: ["tests/**", "bench/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "react-hooks/rules-of-hooks": "off" },
  },
  globalIgnores([
    ".next/**",
    ".data/**",
    "node_modules/**",
    "test-results/**",
    "playwright-report/**",
    "next-env.d.ts",
  ]),
]);
