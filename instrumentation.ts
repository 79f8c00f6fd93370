// Runs once when the server starts: name every missing or invalid variable, and how to set it,
// in the server log right away. The server still starts, so that /api/health, sign-in and the token
// route can answer 503 `misconfigured` JSON (they check the same settings on every request and
// refuse to work without them) instead of an opaque 500.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { assertAuthConfigured, getMeiliEnv } = await import("./lib/env");
  for (const check of [getMeiliEnv, assertAuthConfigured]) {
    try {
      check();
    } catch (error) {
      console.error(
        `\n${error instanceof Error ? error.message : String(error)}\nSign-in and search stay off until this is fixed.\n`,
      );
    }
  }
}
