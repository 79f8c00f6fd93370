import "server-only";
import type { Appointment, AppointmentStatus } from "../../common/appointments";
import type { DoctorOption } from "../../common/write-contract";
import type { tenantScope } from "../../common/tenant";
import { pool, query, type Queryable } from "../client";

/** The `appointments` table and the directory it points into (doctors, clinics). */

/** Every bookable doctor, by name, for the booking form. Public directory data: no patient is named. */
export async function listDoctors(): Promise<DoctorOption[]> {
  const { rows } = await query<DoctorOption>(
    pool(),
    `select d.id, d.name, d.department, c.name as clinic
     from doctors d join clinics c on c.id = d.clinic_id order by d.name`,
  );
  return rows;
}

interface BookableDoctor {
  name: string;
  clinicId: string;
  /** The clinic's first location: where a booking with this doctor takes place. */
  location: string;
}

export async function findBookableDoctor(tx: Queryable, doctorId: string): Promise<BookableDoctor | undefined> {
  const { rows } = await query<BookableDoctor>(
    tx,
    `select d.name, d.clinic_id as "clinicId", c.locations[1] as location
     from doctors d join clinics c on c.id = d.clinic_id where d.id = $1`,
    [doctorId],
  );
  return rows[0];
}

/** How many appointments in `statuses`, starting after `after`, a patient holds: with `doctorId`, and in all. */
export async function countUpcomingAppointments(
  tx: Queryable,
  {
    patientId,
    doctorId,
    statuses,
    after,
  }: { patientId: string; doctorId: string; statuses: readonly AppointmentStatus[]; after: Date },
): Promise<{ withDoctor: number; inAll: number }> {
  const { rows } = await query<{ withDoctor: number; inAll: number }>(
    tx,
    `select count(*) filter (where doctor_id = $2)::int as "withDoctor", count(*)::int as "inAll"
     from appointments where patient_id = $1 and status::text = any($4) and scheduled_at > $3`,
    [patientId, doctorId, after, statuses],
  );
  return rows[0]!;
}

interface NewAppointment {
  patientId: string;
  doctorId: string;
  clinicId: string;
  location: string;
  details: string;
  status: AppointmentStatus;
  scheduledAt: Date;
}

/** Inserts the appointment; its id. */
export async function insertAppointment(tx: Queryable, appointment: NewAppointment): Promise<number> {
  const { rows } = await query<{ id: number }>(
    tx,
    `insert into appointments (patient_id, doctor_id, clinic_id, location, details, status, scheduled_at)
     values ($1, $2, $3, $4, $5, $6::appointment_status, $7) returning id::float8 as id`,
    [
      appointment.patientId,
      appointment.doctorId,
      appointment.clinicId,
      appointment.location,
      appointment.details,
      appointment.status,
      appointment.scheduledAt,
    ],
  );
  return rows[0]!.id;
}

/**
 * The appointment `id` if it lies in the tenant's slice, locked FOR UPDATE until the transaction
 * ends, so two changes to one appointment are decided one after the other. Undefined when it is
 * missing or outside the slice, alike. The slice is one WHERE on the tenant's own column: the
 * scope's attribute, one of three fixed names that are also the column names, never a request's.
 */
export async function findAppointmentForUpdate(
  tx: Queryable,
  id: number,
  scope: ReturnType<typeof tenantScope>,
): Promise<Pick<Appointment, "status" | "scheduled_at" | "patient_id"> | undefined> {
  const { rows } = await query<Pick<Appointment, "status" | "scheduled_at" | "patient_id">>(
    tx,
    `select status::text as status, extract(epoch from scheduled_at)::float8 as scheduled_at, patient_id
     from appointments where id = $1 and ${scope.attribute} = $2 for update`,
    [id, scope.id],
  );
  return rows[0];
}

/** Sets the status, and the time when given. */
export async function updateAppointment(
  tx: Queryable,
  id: number,
  change: { status: AppointmentStatus; scheduledAt?: Date },
): Promise<void> {
  if (change.scheduledAt) {
    await query(
      tx,
      "update appointments set scheduled_at = $2, status = $3::appointment_status, updated_at = now() where id = $1",
      [id, change.scheduledAt, change.status],
    );
  } else {
    await query(tx, "update appointments set status = $2::appointment_status, updated_at = now() where id = $1", [
      id,
      change.status,
    ]);
  }
}
