import { inject } from "vitest";
import { closeDb } from "@/lib/db/client";

/**
 * Runs lib code as the database's owner, as `npm run users -- deactivate|activate` does: the lib
 * connects through DATABASE_URL, so it points at the owner meanwhile (on a fresh pool), then back
 * at the app's role.
 */
export async function asOwner<T>(work: () => Promise<T>): Promise<T> {
  const appUrl = process.env.DATABASE_URL;
  await closeDb();
  process.env.DATABASE_URL = inject("database").ownerUrl;
  try {
    return await work();
  } finally {
    await closeDb();
    process.env.DATABASE_URL = appUrl;
  }
}
