import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Appointments the e2e stack seeds (plus Kevin's hostile ones). At this size the North clinic has
 * 1,102: past Meilisearch's default count limit of 1,000, so the tests see exact counts or fail.
 */
export const E2E_SEED_COUNT = 3_000;

/** What the e2e stack (tests/e2e/support/stack.ts) tells the tests about itself. */
export interface StackInfo {
  pid: number;
  baseURL: string;
  /** A second app server on the same Meilisearch, with 5-second tokens and default rate limits. */
  strictURL: string;
  meiliHost: string;
  /** For the tests' own fixtures; the app servers never get it. */
  masterKey: string;
  /** What the app servers hold as MEILI_ADMIN_KEY (lib/meilisearch/server-key.ts). */
  serverKey: string;
  /** The stack's throwaway Postgres as the app's role, what the app servers use (holds its password). */
  databaseUrl: string;
  /** The same database as its owner: for `npm run users -- deactivate|activate`, never for an app server. */
  databaseOwnerUrl: string;
  /** The app servers' NEXTAUTH_SECRET, so tests can decode (and forge) session cookies. */
  nextAuthSecret: string;
  indexUid: string;
  /** True when this stack ran `next build` itself, with its own secrets in the environment. */
  builtWithStackSecrets: boolean;
}

/** One file per port, so two e2e runs in one checkout never read each other's stack. */
export const STACK_INFO_FILE = path.resolve(
  import.meta.dirname,
  `../../../.data/e2e-stack-${process.env.E2E_PORT ?? 3107}.json`,
);

/** Names the service that the stack's SIGUSR1 (stop) and SIGUSR2 (start) act on; see stack.ts. */
export const STACK_CONTROL_FILE = STACK_INFO_FILE.replace(/\.json$/, ".control");

export type OutageService = "meilisearch" | "postgres";

/** Asks the stack to stop or restart one service. It acts asynchronously: poll for the effect. */
export function outage(stack: StackInfo, service: OutageService, action: "stop" | "start"): void {
  writeFileSync(STACK_CONTROL_FILE, service);
  process.kill(stack.pid, action === "stop" ? "SIGUSR1" : "SIGUSR2");
}

export function readStackInfo(): StackInfo {
  return JSON.parse(readFileSync(STACK_INFO_FILE, "utf8")) as StackInfo;
}
