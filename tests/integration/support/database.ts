import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";

/**
 * Whom a test file's own connection logs in as: the app's role (what the code under test connects
 * as: its real privileges), the owner (fixtures that reset data or change accounts, as the scripts
 * do), or the cluster's superuser (to show what the app refuses to be).
 */
type DatabaseRole = "app" | "owner" | "superuser";

function databaseUrl(role: DatabaseRole): string {
  const { url, ownerUrl, superuserUrl } = inject("database");
  return { app: url, owner: ownerUrl, superuser: superuserUrl }[role];
}

/**
 * A connection of the test file's own, opened before the file's tests and closed after them. Call
 * it at the top of the file, before its own hooks: Vitest runs `afterAll` hooks in reverse order
 * (`sequence.hooks: "stack"`), so the file's clean-up queries still have the connection.
 */
export function testDatabase(role: DatabaseRole): pg.Client {
  const client = new pg.Client({ connectionString: databaseUrl(role) });
  beforeAll(() => client.connect());
  afterAll(() => client.end());
  return client;
}
