/**
 * `npm run demo`: local Meilisearch (unless MEILI_HOST is set), seed if needed, production build,
 * `next start` on PORT (default 3000). Ctrl-C stops everything.
 */
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../lib/accounts";
import { ensureGeneratedSecrets, loadLocalEnv } from "./lib/local-env";
import { isPortFree } from "./lib/meilisearch-server";
import { buildIsStale, exitCode, prepareSearch, runNext, waitForUrl } from "./lib/stack";

const log = (line: string) => console.log(`[demo] ${line}`);

async function main() {
  const dev = process.argv.includes("--dev");
  loadLocalEnv();
  for (const name of ensureGeneratedSecrets(["NEXTAUTH_SECRET"])) log(`Generated ${name} into .env.local`);
  const port = Number(process.env.PORT ?? 3000);
  if (!(await isPortFree(port, "0.0.0.0"))) {
    throw new Error(`Port ${port} is already in use. Stop what runs there, or choose another: PORT=3001 npm run ${dev ? "dev" : "demo"}`);
  }

  const search = await prepareSearch(log);
  const children: ReturnType<typeof runNext>[] = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("Stopping…");
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
    await Promise.all(children.map(exitCode));
    await search.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  const url = `http://localhost:${port}`;
  const env = { ...process.env, PORT: String(port), NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? url };
  if (!dev && (process.argv.includes("--rebuild") || buildIsStale())) {
    log("Building the app (next build)…");
    const build = runNext(["build"], env);
    children.push(build);
    if ((await exitCode(build)) !== 0) return shutdown(1);
    children.pop();
  }
  const server = runNext(dev ? ["dev", "-p", String(port)] : ["start", "-p", String(port)], env);
  children.push(server);
  server.once("exit", (code) => void shutdown(code ?? 1));

  if (!(await waitForUrl(`${url}/api/health`, 120_000, server))) {
    log("The app did not become ready; see the output above.");
    return shutdown(1);
  }
  const width = Math.max(...DEMO_ACCOUNTS.map((a) => a.username.length));
  console.log(
    [
      "",
      `  Appointments is ready: ${url}`,
      `  Meilisearch: ${search.host}${search.local ? " (local, started by this command)" : ""}`,
      "",
      `  Demo accounts (password ${DEMO_PASSWORD}):`,
      ...DEMO_ACCOUNTS.map((a) => `    ${a.username.padEnd(width)}  ${a.displayName}`),
      "",
      "  Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
}

main().catch((error: unknown) => {
  console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
