/**
 * Loads the demo data into Postgres: the directory (clinics, doctors, demo patients, accounts) and
 * appointments in batches of multi-row inserts (`unnest` of column arrays: one statement and one
 * round trip per batch, whatever its size).
 */
import type pg from "pg";
import type { Appointment } from "../lib/common/appointments";
import { DEMO_ACCOUNTS } from "../lib/common/demo-accounts";
import { tenantScope } from "../lib/common/tenant";
import { CLINICS, DOCTORS } from "./appointments-data";
import { DEMO_PASSWORD_HASHES } from "./demo-account-hashes";

type Db = Pick<pg.PoolClient | pg.Client, "query">;

/** Clinics, doctors, the demo patients and the demo accounts. Upserts, so it is safe to repeat. */
export async function loadDirectory(db: Db): Promise<void> {
  for (const clinic of CLINICS) {
    await db.query(
      `insert into clinics (id, name, locations) values ($1, $2, $3)
       on conflict (id) do update set name = excluded.name, locations = excluded.locations`,
      [clinic.id, clinic.name, clinic.locations],
    );
  }
  for (const doctor of DOCTORS) {
    await db.query(
      `insert into doctors (id, name, department, clinic_id) values ($1, $2, $3, $4)
       on conflict (id) do update set name = excluded.name, department = excluded.department, clinic_id = excluded.clinic_id`,
      [doctor.id, doctor.name, doctor.department, doctor.clinicId],
    );
  }
  for (const account of DEMO_ACCOUNTS) {
    const { attribute, id } = tenantScope(account.tenant);
    if (attribute === "patient_id") {
      await db.query(
        `insert into patients (id, name) values ($1, $2) on conflict (id) do update set name = excluded.name`,
        [id, account.displayName],
      );
    }
    // `active` is left alone on conflict: reseeding must not switch a deactivated account back on.
    await db.query(
      `insert into accounts (username, display_name, password_hash, role, patient_id, doctor_id, clinic_id)
       values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (username) do update set display_name = excluded.display_name,
         password_hash = excluded.password_hash, role = excluded.role, patient_id = excluded.patient_id,
         doctor_id = excluded.doctor_id, clinic_id = excluded.clinic_id`,
      [
        account.username,
        account.displayName,
        DEMO_PASSWORD_HASHES[account.username],
        account.tenant.role,
        attribute === "patient_id" ? id : null,
        attribute === "doctor_id" ? id : null,
        attribute === "clinic_id" ? id : null,
      ],
    );
  }
}

/**
 * Removes every appointment and outbox row, and the patients no account belongs to, so a seed
 * starts from the directory alone. Runs inside the seed's transaction: readers see the old data
 * until it commits.
 */
export async function clearAppointments(db: Db): Promise<void> {
  await db.query("truncate search_outbox, appointments restart identity");
  await db.query("delete from patients where id not in (select patient_id from accounts where patient_id is not null)");
}

/** Inserts one batch of appointments (and the patients they name, once each). */
export async function insertAppointments(db: Db, batch: readonly Appointment[]): Promise<void> {
  const patients = new Map(batch.map((doc) => [doc.patient_id, doc.patient]));
  await db.query(
    `insert into patients (id, name) select * from unnest($1::text[], $2::text[]) on conflict (id) do nothing`,
    [[...patients.keys()], [...patients.values()]],
  );
  await db.query(
    `insert into appointments (id, patient_id, doctor_id, clinic_id, location, details, status, scheduled_at)
     select id, patient_id, doctor_id, clinic_id, location, details, status::appointment_status, to_timestamp(at)
     from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::float8[])
       as t(id, patient_id, doctor_id, clinic_id, location, details, status, at)`,
    [
      batch.map((doc) => doc.id),
      batch.map((doc) => doc.patient_id),
      batch.map((doc) => doc.doctor_id),
      batch.map((doc) => doc.clinic_id),
      batch.map((doc) => doc.location),
      batch.map((doc) => doc.details),
      batch.map((doc) => doc.status),
      batch.map((doc) => doc.scheduled_at),
    ],
  );
}

/** New bookings get ids after the seeded ones. */
export async function advanceIdSequence(db: Db): Promise<void> {
  await db.query(
    "select setval(pg_get_serial_sequence('appointments', 'id'), coalesce((select max(id) from appointments), 0) + 1, false)",
  );
}
