import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * Appointments the e2e stack seeds (plus Kevin's hostile ones). At this size the North clinic has
 * 1,113: past Meilisearch's default count limit of 1,000, so the tests see exact counts or fail.
 */
export const E2E_SEED_COUNT = 3_000;

/** What the e2e stack (tests/e2e/support/stack.ts) tells the tests about itself. */
export interface StackInfo {
  pid: number;
  baseURL: string;
  /** A second app server on the same Meilisearch, with 5-second tokens and default rate limits. */
  strictURL: string;
  meiliHost: string;
  masterKey: string;
  /** The app servers' NEXTAUTH_SECRET, so tests can decode (and forge) session cookies. */
  nextAuthSecret: string;
  indexUid: string;
  searchKeyUid: string;
  /** True when this stack ran `next build` itself, with its own secrets in the environment. */
  builtWithStackSecrets: boolean;
}

/** One file per port, so two e2e runs in one checkout never read each other's stack. */
export const STACK_INFO_FILE = path.resolve(
  import.meta.dirname,
  `../../../.data/e2e-stack-${process.env.E2E_PORT ?? 3107}.json`,
);

export function readStackInfo(): StackInfo {
  return JSON.parse(readFileSync(STACK_INFO_FILE, "utf8")) as StackInfo;
}
