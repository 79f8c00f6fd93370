import "server-only";
import { getMeiliEnv } from "../env";
import { adminClient } from "./admin";
import { indexStatsOrNull } from "./errors";

export type Readiness =
  | { ok: true; index: { uid: string; documents: number } }
  | { ok: false; reason: "meilisearch_unreachable" | "index_missing" | "misconfigured"; message: string };

/** Ready = Meilisearch answers and the index exists. Cheap enough for a readiness probe. */
export async function checkReadiness(): Promise<Readiness> {
  let env;
  try {
    env = getMeiliEnv();
  } catch {
    return { ok: false, reason: "misconfigured", message: "The server's Meilisearch settings are missing or invalid." };
  }
  const client = adminClient();
  try {
    await client.health();
  } catch {
    return { ok: false, reason: "meilisearch_unreachable", message: "Meilisearch does not answer." };
  }
  let stats;
  try {
    stats = await indexStatsOrNull(client, env.indexUid);
  } catch {
    return { ok: false, reason: "meilisearch_unreachable", message: "Meilisearch did not return the index." };
  }
  if (!stats) {
    return { ok: false, reason: "index_missing", message: `Index "${env.indexUid}" does not exist. Run \`npm run seed\`.` };
  }
  return { ok: true, index: { uid: env.indexUid, documents: stats.numberOfDocuments } };
}
