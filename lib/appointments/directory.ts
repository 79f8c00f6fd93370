import "server-only";
import { asc, eq } from "drizzle-orm";
import type { DoctorOption } from "../common/write-contract";
import { db } from "../db/client";
import { clinics, doctors } from "../db/schema";

/** Every bookable doctor, for the booking form. Public directory data: no patient is named. */
export async function listDoctors(): Promise<DoctorOption[]> {
  return db()
    .select({ id: doctors.id, name: doctors.name, department: doctors.department, clinic: clinics.name })
    .from(doctors)
    .innerJoin(clinics, eq(clinics.id, doctors.clinicId))
    .orderBy(asc(doctors.name));
}
