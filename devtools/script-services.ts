/**
 * How the scripts that use the app's services start (seed, reindex, db:migrate, server-key, users,
 * audit): .env.local, then the running demo's services for whatever is still unset.
 */
import { Meilisearch } from "meilisearch";
import { getDatabaseUrl, getMeiliEnv, type MeiliEnv } from "../lib/env";
import { loadLocalEnv } from "./local-env";
import { masterKeyForTools } from "./local-secrets";
import { fillFromRunningDemo, requireServiceVariable, type RunningDemoVariable } from "./running-demo";

/**
 * Loads .env.local, takes each of MEILI_HOST and DATABASE_URL that is unset from a running
 * `npm run demo` (said on stderr, so that what a script prints stays clean), and throws, naming how
 * to set it, when one of `required` is still missing.
 */
export function loadScriptEnv(...required: RunningDemoVariable[]): void {
  loadLocalEnv();
  const found = fillFromRunningDemo();
  if (found.length > 0) console.error(`Using the ${found.join(" and ")} of the running \`npm run demo\``);
  for (const name of required) requireServiceVariable(name);
}

export async function assertReachable(client: Meilisearch, host: string): Promise<void> {
  try {
    await client.health();
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new Error(`Cannot reach Meilisearch at ${host} (${cause}). Is it running? Start one with \`npm run meili\`.`);
  }
}

/**
 * The services of a script that rebuilds the index. Its client holds the master key (it creates,
 * configures and swaps indexes, which the app server's own key cannot), or MEILI_ADMIN_KEY when no
 * master key is at hand.
 */
export async function scriptServices(): Promise<{ env: MeiliEnv; databaseUrl: string; client: Meilisearch }> {
  loadScriptEnv("MEILI_HOST", "DATABASE_URL");
  const env = getMeiliEnv();
  const client = new Meilisearch({ host: env.host, apiKey: masterKeyForTools() ?? env.adminKey, timeout: 60_000 });
  await assertReachable(client, env.host);
  return { env, databaseUrl: getDatabaseUrl(), client };
}
