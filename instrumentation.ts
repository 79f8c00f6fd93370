// Runs once when the server starts: name every missing or invalid variable, and how to set it,
// in the server log right away. The server still starts, so that /api/health, sign-in and the token
// route can answer 503 `misconfigured` JSON (they check the same settings on every request and
// refuse to work without them) instead of an opaque 500.
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
  if (!ready) return;
  (await import("./lib/sync/search-sync")).searchSync();
  (await import("./lib/auth/session-cleanup")).startSessionCleanup();
}
