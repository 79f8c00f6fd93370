/**
 * The source of truth. Postgres holds clinics, doctors, patients, accounts, appointments, the
 * sign-in sessions, the audit trail and the rate-limit counters; the
 * Meilisearch index is a copy of `appointments` joined with the names it shows, kept in step through
 * `search_outbox` (see lib/sync/). Migrations in lib/db/migrations/ are generated from this file by
 * `npm run db:generate` and applied by `npm run db:migrate`.
 *
 * This file holds table definitions only, no secrets and no connection, so drizzle-kit can load it
 * outside Next's server build (which is why it has no `import "server-only"`).
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { APPOINTMENT_STATUSES } from "../common/appointments";
import { ROLES } from "../common/tenant";
import { REASON_MAX_LENGTH } from "../common/write-contract";

export const roleEnum = pgEnum("account_role", ROLES);
export const statusEnum = pgEnum("appointment_status", APPOINTMENT_STATUSES);

export const clinics = pgTable("clinics", {
  id: text().primaryKey(),
  name: text().notNull(),
  locations: text().array().notNull(),
});

export const doctors = pgTable("doctors", {
  id: text().primaryKey(),
  name: text().notNull(),
  department: text().notNull(),
  clinicId: text()
    .notNull()
    .references(() => clinics.id),
});

export const patients = pgTable("patients", {
  id: text().primaryKey(),
  name: text().notNull(),
});

export const accounts = pgTable(
  "accounts",
  {
    /** Normalised (NFKC, trimmed, lower case): see normalizeUsername in lib/auth/accounts.ts. */
    username: text().primaryKey(),
    displayName: text().notNull(),
    /** `scrypt$N$r$p$salt$hash`, base64url. */
    passwordHash: text().notNull(),
    role: roleEnum().notNull(),
    patientId: text().references(() => patients.id),
    doctorId: text().references(() => doctors.id),
    clinicId: text().references(() => clinics.id),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // Exactly the one tenant id its role is pinned by: an account can never span two slices.
    check(
      "accounts_one_tenant",
      sql`(${table.role} = 'patient' and ${table.patientId} is not null and ${table.doctorId} is null and ${table.clinicId} is null)
       or (${table.role} = 'doctor' and ${table.doctorId} is not null and ${table.patientId} is null and ${table.clinicId} is null)
       or (${table.role} = 'clinic' and ${table.clinicId} is not null and ${table.patientId} is null and ${table.doctorId} is null)`,
    ),
  ],
);

export const appointments = pgTable(
  "appointments",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    patientId: text()
      .notNull()
      .references(() => patients.id),
    doctorId: text()
      .notNull()
      .references(() => doctors.id),
    /** Where it takes place: the doctor's clinic when it was booked. */
    clinicId: text()
      .notNull()
      .references(() => clinics.id),
    location: text().notNull(),
    /** The patient's reason for the visit (`reason` in the API, `details` in the index). */
    details: text().notNull(),
    status: statusEnum().notNull(),
    scheduledAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // A doctor is never booked twice for one slot: of two concurrent bookings or reschedules into
    // it, the database lets exactly one commit. Cancelled appointments free their slot.
    uniqueIndex("appointments_doctor_slot")
      .on(table.doctorId, table.scheduledAt)
      .where(sql`${table.status} <> 'cancelled'`),
    index("appointments_patient").on(table.patientId),
    index("appointments_clinic").on(table.clinicId),
    check(
      "appointments_details_length",
      sql`char_length(${table.details}) between 1 and ${sql.raw(String(REASON_MAX_LENGTH))}`,
    ),
  ],
);

/**
 * The transactional outbox: every write to `appointments` inserts a row here in the same
 * transaction, so a committed change is never without its pending index update. The sync worker
 * sends pending rows to Meilisearch and stamps `processed_at` once the task has succeeded.
 */
export const searchOutbox = pgTable(
  "search_outbox",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    appointmentId: bigint({ mode: "number" }).notNull(),
    enqueuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    index("search_outbox_pending")
      .on(table.id)
      .where(sql`${table.processedAt} is null`),
  ],
);

export const REVOCATION_REASONS = ["sign_out", "revoke_all", "deactivated"] as const;

/**
 * One row per sign-in. The session JWT only names it (`sid`); whether the session is still good,
 * and whose it is (role, tenant), is read here and from `accounts` on every session read, so a
 * sign-out on one app instance holds on all of them at once. A hash of the row's id is the uid of
 * the session's Meilisearch parent key, which signs every tenant token of the session: deleting
 * that key kills them all (lib/auth/sessions.ts).
 */
export const sessions = pgTable(
  "sessions",
  {
    /** A random UUID v4 (crypto.randomUUID), never derived from anything guessable. */
    id: uuid().primaryKey(),
    username: text()
      .notNull()
      .references(() => accounts.username),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Sign-in + SESSION_MAX_AGE_SECONDS; also the parent key's own expiry in Meilisearch. */
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    revokedReason: text({ enum: REVOCATION_REASONS }),
    /** When the session's parent key was deleted from Meilisearch (null: it may still exist). */
    keyDeletedAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    index("sessions_username").on(table.username),
    index("sessions_expires_at").on(table.expiresAt),
    // What the cleanup looks for besides expiry: revoked sessions whose key deletion failed.
    index("sessions_revoked_key_pending")
      .on(table.id)
      .where(sql`${table.revokedAt} is not null and ${table.keyDeletedAt} is null`),
    check(
      "sessions_revocation",
      sql`(${table.revokedAt} is null) = (${table.revokedReason} is null) and ${table.revokedReason} in (${sql.raw(REVOCATION_REASONS.map((reason) => `'${reason}'`).join(", "))})`,
    ),
  ],
);

export const auditEventEnum = pgEnum("audit_event", [
  "sign_in",
  "sign_in_failed",
  "token_issued",
  "sign_out",
  "sessions_revoked",
  "account_deactivated",
  "account_activated",
  "appointment_booked",
  "appointment_changed",
  "write_rate_limited",
]);

/**
 * Append-only: a trigger (migration 0002_audit_append_only) refuses UPDATE, DELETE and TRUNCATE,
 * whoever asks, and the app's role may only INSERT and SELECT (lib/db/privileges.ts), so it cannot
 * switch the trigger off either. Searches go from the browser straight to Meilisearch, so the access record is the
 * token issuance: its search rules and expiry say what the holder could read, and until when.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    event: auditEventEnum().notNull(),
    username: text(),
    sessionId: uuid(),
    patientId: text(),
    appointmentId: bigint({ mode: "number" }),
    details: jsonb().notNull().default({}),
  },
  (table) => [
    index("audit_events_username").on(table.username, table.id),
    index("audit_events_patient").on(table.patientId, table.id),
    // `npm run audit -- --patient`: which tokens could read a patient's appointments.
    index("audit_events_token_scope")
      .on(sql`(${table.details}->'scope'->>'attribute')`, sql`(${table.details}->'scope'->>'id')`)
      .where(sql`${table.event} = 'token_issued'`),
  ],
);

/**
 * rate-limiter-flexible's RateLimiterPostgres table (its own schema, created here rather than by
 * the library at runtime): one row per bucket and key, shared by every app instance.
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: varchar({ length: 255 }).primaryKey(),
    points: integer().notNull().default(0),
    /** Milliseconds since the epoch. */
    expire: bigint({ mode: "number" }),
  },
  (table) => [index("rate_limits_expire").on(table.expire)],
);
