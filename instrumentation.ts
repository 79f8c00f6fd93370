// Runs once when the server starts: name every missing or invalid variable, and how to set it,
// in the server log right away. The server still starts, so /api/health and the token route can
// answer 503 `misconfigured` JSON instead of an opaque 500.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getAuthSecret, getMeiliEnv, getRateLimits } = await import("./lib/env");
  for (const check of [getMeiliEnv, getAuthSecret, getRateLimits]) {
    try {
      check();
    } catch (error) {
      console.error(`\n${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
}
