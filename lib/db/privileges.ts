import "server-only";
import { getTableName } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type pg from "pg";
import { quoteIdentifier } from "./identifiers";
import {
  accounts,
  appointments,
  auditEvents,
  clinics,
  doctors,
  patients,
  rateLimits,
  searchOutbox,
  sessions,
} from "./schema";
import { withTransaction } from "./transaction";

/**
 * Every privilege the app's database role holds: the one home of the grants. The Next.js server
 * connects as that role (DATABASE_URL); the owner (DATABASE_OWNER_URL) owns the schema and runs the
 * migrations, the seed and account changes, none of which the server does. Each entry is what the
 * server's own queries (lib/db/queries/) use, and no more:
 *  - audit_events: written and read back, never changed (no UPDATE, DELETE or TRUNCATE; and since
 *    the role owns nothing, it cannot switch the append-only trigger off);
 *  - accounts: read at sign-in and on every session read; (de)activation is `npm run users`, as the owner;
 *  - appointments: booked and changed (SELECT … FOR UPDATE needs UPDATE), never deleted;
 *  - sessions: created, read, revoked, and deleted a day after they expire (the cleanup);
 *  - search_outbox: written with each change, read, stamped and pruned by the worker;
 *  - rate_limits: rate-limiter-flexible's upsert, read, delete of a refunded or expired key;
 *  - clinics, doctors, patients: read (booking form, documents for the index).
 * Advisory locks need no grant. `npm run db:migrate` applies this after the migrations
 * (applyAppPrivileges), and tests/integration/database-roles.test.ts reads the real grants back.
 */
export type TablePrivilege = "SELECT" | "INSERT" | "UPDATE" | "DELETE";

const TABLE_GRANTS: [PgTable, TablePrivilege[]][] = [
  [accounts, ["SELECT"]],
  [appointments, ["SELECT", "INSERT", "UPDATE"]],
  [auditEvents, ["SELECT", "INSERT"]],
  [clinics, ["SELECT"]],
  [doctors, ["SELECT"]],
  [patients, ["SELECT"]],
  [rateLimits, ["SELECT", "INSERT", "UPDATE", "DELETE"]],
  [searchOutbox, ["SELECT", "INSERT", "UPDATE", "DELETE"]],
  [sessions, ["SELECT", "INSERT", "UPDATE", "DELETE"]],
];

/** Table name → privileges of the app's role on it. Every table of the schema is listed. */
export const APP_TABLE_PRIVILEGES: Readonly<Record<string, readonly TablePrivilege[]>> = Object.fromEntries(
  TABLE_GRANTS.map(([table, privileges]) => [getTableName(table), privileges]),
);

/**
 * Sequences behind `bigserial` columns the app inserts into: nextval() needs USAGE. (An identity
 * column, as appointments.id, needs no grant on its sequence.)
 */
export const APP_SEQUENCE_PRIVILEGES: Readonly<Record<string, readonly "USAGE"[]>> = {
  audit_events_id_seq: ["USAGE"],
  search_outbox_id_seq: ["USAGE"],
};

const APP_SCHEMA = "public";

/**
 * Makes the app role's privileges equal the tables above, whatever it held before: everything on
 * the schema's tables and sequences is revoked, then exactly the listed privileges are granted, in
 * one transaction (idempotent). Run as the owner of the tables, after the migrations.
 */
export async function applyAppPrivileges(owner: pg.ClientBase, appRole: string): Promise<void> {
  const role = quoteIdentifier(appRole);
  const schema = quoteIdentifier(APP_SCHEMA);
  const statements = [
    `revoke all on all tables in schema ${schema} from ${role}`,
    `revoke all on all sequences in schema ${schema} from ${role}`,
    // Postgres 15+ no longer lets PUBLIC create in `public`; older servers (and ones upgraded from
    // them) still do. Said here explicitly for both.
    `revoke create on schema ${schema} from public, ${role}`,
    `grant usage on schema ${schema} to ${role}`,
    ...Object.entries(APP_TABLE_PRIVILEGES).map(
      ([table, privileges]) => `grant ${privileges.join(", ")} on table ${schema}.${quoteIdentifier(table)} to ${role}`,
    ),
    ...Object.entries(APP_SEQUENCE_PRIVILEGES).map(
      ([sequence, privileges]) =>
        `grant ${privileges.join(", ")} on sequence ${schema}.${quoteIdentifier(sequence)} to ${role}`,
    ),
  ];
  await withTransaction(
    async (tx) => {
      for (const statement of statements) await tx.query(statement);
    },
    { on: owner },
  );
}
