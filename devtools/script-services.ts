/**
 * How `npm run seed` and `npm run reindex` start: .env.local, the running demo's services for
 * whatever is unset (said so), then a Meilisearch client that answers.
 */
import { Meilisearch } from "meilisearch";
import { getDatabaseUrl, getMeiliEnv, type MeiliEnv } from "../lib/env";
import { loadLocalEnv } from "./local-env";
import { masterKeyForTools } from "./local-secrets";
import { fillFromRunningDemo, requireServiceVariable } from "./running-demo";

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
  loadLocalEnv();
  const found = fillFromRunningDemo();
  if (found.length > 0) console.log(`Using the ${found.join(" and ")} of the running \`npm run demo\``);
  requireServiceVariable("MEILI_HOST");
  requireServiceVariable("DATABASE_URL");
  const env = getMeiliEnv();
  const client = new Meilisearch({ host: env.host, apiKey: masterKeyForTools() ?? env.adminKey, timeout: 60_000 });
  await assertReachable(client, env.host);
  return { env, databaseUrl: getDatabaseUrl(), client };
}
