// Runs once when the server starts.
//
// First, the database role: with DATABASE_URL set, the server refuses to run (exits 1, naming the
// fix) as a role that could rewrite the audit trail or run programs on the database server
// (lib/db/app-role.ts). If Postgres does not answer yet, the same check runs on the first
// connection that succeeds, before any query is sent on it.
//
// Then it names every missing or invalid variable, and how to set it, in the server log. The
// server still starts, so that /api/health, sign-in and the token route can answer 503
// `misconfigured` JSON (they check the same settings on every request and refuse to work without
// them) instead of an opaque 500.
//
// It also starts the search-sync worker, so changes committed before a crash or restart (still
// pending in the outbox) reach the index without waiting for the next write, and the session
// cleanup, which deletes the Meilisearch keys of ended sessions (lib/auth/session-cleanup.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  (await import("./lib/http/unparseable-methods")).refuseUnparseableMethods();
  const { assertAuthConfigured, getDatabaseUrl, getMeiliEnv } = await import("./lib/env");
  let ready = true;
  for (const check of [getMeiliEnv, getDatabaseUrl, assertAuthConfigured]) {
    try {
      check();
    } catch (error) {
      ready = false;
      console.error(
        `\n${error instanceof Error ? error.message : String(error)}\nSign-in and search stay off until this is fixed.\n`,
      );
    }
  }
  // The owner's URL is for migrations and scripts only (next start loads .env.local, which may hold it).
  if (process.env.DATABASE_OWNER_URL) {
    delete process.env.DATABASE_OWNER_URL;
    console.error(
      "[db] DATABASE_OWNER_URL is set; the server does not use it and has dropped it from its environment.",
    );
  }
  if (process.env.DATABASE_URL) {
    const { requireAppRole } = await import("./lib/db/client");
    const role = await requireAppRole();
    if (!role.verified) {
      console.error(
        `[db] Postgres did not answer at start (${role.reason}); the database role is checked on the first connection.`,
      );
    }
  }
  if (!ready) return;
  (await import("./lib/sync/search-sync")).searchSync();
  (await import("./lib/auth/session-cleanup")).startSessionCleanup();
}
