// Runs once when the server starts: fail loudly, with every missing variable named, instead of
// on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getAuthSecret, getMeiliEnv } = await import("./lib/env");
  getMeiliEnv();
  getAuthSecret();
}
