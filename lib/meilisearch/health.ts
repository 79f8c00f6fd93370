import "server-only";
import { pool } from "../db/client";
import { assertAuthConfigured, getDatabaseUrl, getMeiliEnv } from "../env";
import { adminClient } from "./admin";
import { indexStatsOrNull } from "./errors";

export type Readiness =
  | { ok: true; index: { uid: string; documents: number }; sync: { pendingChanges: number } }
  | {
      ok: false;
      reason: "meilisearch_unreachable" | "index_missing" | "database_unreachable" | "misconfigured";
      message: string;
    };

/**
 * Ready = every security setting is valid, Postgres and Meilisearch answer and the index exists.
 * Cheap enough for a readiness probe. A server that refuses sign-in because of its settings is not
 * ready. `pendingChanges` counts committed changes not yet in the index (normally 0).
 */
export async function checkReadiness(): Promise<Readiness> {
  let env;
  try {
    assertAuthConfigured();
    getDatabaseUrl();
    env = getMeiliEnv();
  } catch {
    return {
      ok: false,
      reason: "misconfigured",
      message: "Some settings are missing or invalid, so sign-in and search are off. The server log names them.",
    };
  }
  let pendingChanges;
  try {
    const { rows } = await pool().query<{ n: number }>(
      "select count(*)::int as n from search_outbox where processed_at is null",
    );
    pendingChanges = rows[0]!.n;
  } catch {
    return { ok: false, reason: "database_unreachable", message: "Postgres does not answer." };
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
    return {
      ok: false,
      reason: "index_missing",
      message: `Index "${env.indexUid}" does not exist. Run \`npm run seed\`.`,
    };
  }
  return { ok: true, index: { uid: env.indexUid, documents: stats.numberOfDocuments }, sync: { pendingChanges } };
}
