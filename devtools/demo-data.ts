/**
 * What `npm run demo` does with its data once the migrations are applied: seed an empty database,
 * keep a local demo's dates current, and bring the index up to date.
 */
import type { Meilisearch } from "meilisearch";
import type pg from "pg";
import { APPOINTMENT_SETTINGS } from "../lib/common/appointments";
import { retireSharedParentKey } from "../lib/meilisearch/retired-shared-key";
import { connectDatabase, needsIndex, reindexFromDatabase, settleTask, type IndexTarget } from "../lib/sync/rebuild";
import { DAY, referenceDayOf, todayUtc } from "./appointments-data";
import { DEFAULT_SEED_COUNT, seedAppointments } from "./seed";

/** The settings the index should have that the live index lacks (an older seed's). */
async function outdatedSettings(client: Meilisearch, indexUid: string) {
  const current = await client.index(indexUid).getSettings();
  const wanted = {
    rankingRules: APPOINTMENT_SETTINGS.rankingRules,
    pagination: APPOINTMENT_SETTINGS.pagination,
    filterableAttributes: APPOINTMENT_SETTINGS.filterableAttributes,
  };
  const stale = Object.entries(wanted).filter(
    ([key, value]) => JSON.stringify(current[key as keyof typeof current]) !== JSON.stringify(value),
  );
  return Object.fromEntries(stale);
}

/**
 * Keeps a demo seeded on an earlier day useful. The demo data is laid out around the seed day
 * (past months, coming months), so a demo seeded weeks ago would have nothing upcoming left. This
 * moves every appointment (bookings made since included) forward by the days since then, in
 * Postgres. Returns the days moved; 0 when seeded today, or when appointment 1 is not the demo's.
 */
async function refreshDemoDates(db: pg.Client, now = Date.now()): Promise<number> {
  const { rows } = await db.query<{ id: number; scheduled_at: number }>(
    "select id::float8 as id, extract(epoch from scheduled_at)::float8 as scheduled_at from appointments where id = 1",
  );
  const reference = rows[0] ? referenceDayOf(rows[0]) : undefined;
  const days = reference === undefined ? 0 : Math.round((todayUtc(now) - reference) / DAY);
  if (days <= 0) return 0;
  // Two moves, because the slot index is checked row by row: moving everything N days at once
  // would land some rows on slots others have not left yet. Far away first, then back.
  await db.query("begin");
  try {
    await db.query("update appointments set scheduled_at = scheduled_at + interval '100 years'");
    await db.query(
      "update appointments set scheduled_at = scheduled_at - interval '100 years' + make_interval(days => $1)",
      [days],
    );
    await db.query("commit");
  } catch (error) {
    await db.query("rollback").catch(() => {});
    throw error;
  }
  return days;
}

export interface DemoDataOptions extends IndexTarget {
  databaseUrl: string;
  /** True when the demo started Postgres and Meilisearch itself: only then are dates moved. */
  local: boolean;
}

/**
 * What `npm run demo` runs once migrations are applied: seeds an empty database; otherwise keeps
 * what is there, moves a local demo's dates to today, and rebuilds the index from Postgres when it
 * is missing or the dates moved.
 */
export async function prepareDemoData(options: DemoDataOptions): Promise<void> {
  const { client, indexUid, log = () => {} } = options;
  const db = await connectDatabase(options.databaseUrl);
  let rebuild = false;
  try {
    const { rows } = await db.query<{ n: number }>("select count(*)::int as n from appointments");
    if (rows[0]!.n === 0) {
      await db.end();
      log(`The database has no appointments: seeding ${DEFAULT_SEED_COUNT.toLocaleString("en-US")}…`);
      await seedAppointments({ ...options, count: DEFAULT_SEED_COUNT });
      return;
    }
    log(`The database holds ${rows[0]!.n.toLocaleString("en-US")} appointments (run \`npm run seed\` to reload).`);
    if (options.local) {
      const days = await refreshDemoDates(db);
      if (days > 0)
        log(`Moved every appointment ${days} ${days === 1 ? "day" : "days"} later: seeded on an earlier day.`);
      rebuild = days > 0;
    }
  } finally {
    await db.end().catch(() => {});
  }
  if (rebuild || (await needsIndex(client, indexUid))) {
    log(`Rebuilding index "${indexUid}" from Postgres…`);
    await reindexFromDatabase(options);
    return;
  }
  const settings = await outdatedSettings(client, indexUid);
  if (Object.keys(settings).length > 0) {
    await settleTask(client, `settings of ${indexUid}`, client.index(indexUid).updateSettings(settings));
    log(`Updated the index settings: ${Object.keys(settings).join(", ")}`);
  }
  await retireSharedParentKey(client, log);
}
