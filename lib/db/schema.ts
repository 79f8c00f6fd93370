/**
 * The source of truth. Postgres holds clinics, doctors, patients, accounts and appointments; the
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
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { APPOINTMENT_STATUSES } from "../common/appointments";

export const roleEnum = pgEnum("account_role", ["patient", "doctor", "clinic"]);
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
    check("appointments_details_length", sql`char_length(${table.details}) between 1 and 500`),
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
