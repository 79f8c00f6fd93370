/**
 * The demo data: the three appointments of Meilisearch's multitenancy guide (verbatim), a
 * handful of hand-written ones per demo patient, then as many generated ones as asked for.
 * Deterministic: the same seed gives the same documents, and it streams (a generator), so a
 * million appointments never sit in memory at once.
 */
import { OPEN_STATUSES, type Appointment, type AppointmentStatus } from "../lib/common/appointments";

export interface Clinic {
  id: string;
  name: string;
  locations: string[];
}
export interface Doctor {
  id: string;
  name: string;
  department: string;
  clinicId: string;
}

export const CLINICS: Clinic[] = [
  { id: "c-north", name: "North Clinic", locations: ["Room 101", "Room 104", "Room 210", "Imaging suite"] },
  { id: "c-south", name: "South Clinic", locations: ["Room 12", "Room 15", "Day ward", "Lab 2"] },
  { id: "c-east", name: "East Health Centre", locations: ["Suite A", "Suite B", "Physio gym"] },
];

export const DOCTORS: Doctor[] = [
  { id: "d-patel", name: "Dr. Anika Patel", department: "General medicine", clinicId: "c-north" },
  { id: "d-okafor", name: "Dr. Chidi Okafor", department: "Cardiology", clinicId: "c-south" },
  { id: "d-moreau", name: "Dr. Léa Moreau", department: "Dermatology", clinicId: "c-north" },
  { id: "d-tanaka", name: "Dr. Kenji Tanaka", department: "Orthopaedics", clinicId: "c-east" },
  { id: "d-silva", name: "Dr. Marta Silva", department: "Paediatrics", clinicId: "c-south" },
  { id: "d-haddad", name: "Dr. Omar Haddad", department: "Neurology", clinicId: "c-north" },
  { id: "d-nowak", name: "Dr. Ewa Nowak", department: "ENT", clinicId: "c-east" },
  { id: "d-brown", name: "Dr. Sam Brown", department: "General medicine", clinicId: "c-south" },
];

const doctor = (id: string): Doctor => DOCTORS.find((d) => d.id === id)!;
const clinic = (id: string): Clinic => CLINICS.find((c) => c.id === id)!;

export const DAY = 86_400;

/** Midnight UTC of the day the seed runs: dates stay "past and coming months" whenever you seed. */
export function todayUtc(now = Date.now()): number {
  return Math.floor(now / 1000 / DAY) * DAY;
}

function appointment(
  reference: number,
  id: number,
  patientId: string,
  patient: string,
  details: string,
  status: AppointmentStatus,
  doctorId: string,
  dayOffset: number,
  location = 0,
): Appointment {
  const d = doctor(doctorId);
  const c = clinic(d.clinicId);
  return {
    id,
    patient_id: patientId,
    patient,
    details,
    status,
    scheduled_at: reference + 9 * 3600 + dayOffset * DAY + (id % 4) * 1800,
    doctor_id: d.id,
    doctor: d.name,
    department: d.department,
    clinic_id: c.id,
    clinic: c.name,
    location: c.locations[location % c.locations.length]!,
  };
}

/** Ids 1-3 are the guide's documents, verbatim in patient, details and status. */
const guideAppointments = (r: number): Appointment[] => [
  appointment(r, 1, "p-john", "John", "I think I caught a cold. Can you help me?", "pending", "d-patel", 3),
  appointment(
    r,
    2,
    "p-zia",
    "Zia",
    "I'm suffering from fever. I need an appointment ASAP.",
    "pending",
    "d-patel",
    1,
    1,
  ),
  appointment(r, 3, "p-kevin", "Kevin", "Some confidential information Kevin has shared.", "confirmed", "d-okafor", 5),
];

const demoPatientAppointments = (r: number): Appointment[] => [
  appointment(
    r,
    4,
    "p-john",
    "John",
    "Follow-up on seasonal allergies; antihistamine dose review.",
    "confirmed",
    "d-patel",
    14,
    2,
  ),
  appointment(
    r,
    5,
    "p-john",
    "John",
    "Annual check-up with blood panel and blood pressure reading.",
    "completed",
    "d-brown",
    -40,
  ),
  appointment(
    r,
    6,
    "p-john",
    "John",
    "Sprained ankle after running; physiotherapy assessment.",
    "cancelled",
    "d-tanaka",
    -12,
  ),
  appointment(
    r,
    7,
    "p-zia",
    "Zia",
    "Rash on both forearms, itchy for a week. Possibly eczema.",
    "confirmed",
    "d-moreau",
    9,
  ),
  appointment(r, 8, "p-zia", "Zia", "Fever follow-up: results of the throat swab.", "completed", "d-patel", -6, 3),
  appointment(
    r,
    9,
    "p-zia",
    "Zia",
    "Recurring headaches in the afternoon; neurology referral.",
    "pending",
    "d-haddad",
    21,
  ),
  appointment(
    r,
    10,
    "p-kevin",
    "Kevin",
    "Chest tightness when climbing stairs; ECG requested.",
    "confirmed",
    "d-okafor",
    2,
    1,
  ),
  appointment(
    r,
    11,
    "p-kevin",
    "Kevin",
    "Prescription renewal: statins, 3-month supply.",
    "completed",
    "d-brown",
    -30,
    2,
  ),
  appointment(r, 12, "p-kevin", "Kevin", "Ear pain and reduced hearing on the left side.", "cancelled", "d-nowak", -3),
];

/**
 * The day an index's dates were generated around, read off appointment 1 (always seeded first):
 * every date is `reference + offset`, so the offset of appointment 1 at reference 0 gives it back.
 */
export function referenceDayOf(firstAppointment: Pick<Appointment, "id" | "scheduled_at">): number | undefined {
  if (firstAppointment.id !== 1) return undefined;
  const reference = firstAppointment.scheduled_at - guideAppointments(0)[0]!.scheduled_at;
  return reference % DAY === 0 ? reference : undefined;
}

const fixedAppointments = (reference: number) => [
  ...guideAppointments(reference),
  ...demoPatientAppointments(reference),
];
const FIXED_COUNT = 12;

/** mulberry32: tiny, fast, and good enough for demo data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const FIRST_NAMES = [
  "Amara",
  "Ben",
  "Chloé",
  "Dev",
  "Elif",
  "Finn",
  "Grace",
  "Hugo",
  "Ines",
  "Jonas",
  "Kai",
  "Lena",
  "Mateo",
  "Nadia",
  "Oscar",
  "Priya",
  "Quinn",
  "Rosa",
  "Sven",
  "Tara",
  "Umar",
  "Vera",
  "Wei",
  "Yara",
  "Zoltan",
];
const LAST_NAMES = [
  "Adeyemi",
  "Berg",
  "Costa",
  "Dubois",
  "Eriksen",
  "Fischer",
  "García",
  "Hansen",
  "Ivanova",
  "Jensen",
  "Kowalski",
  "Lopez",
  "Müller",
  "Nguyen",
  "O'Brien",
  "Park",
  "Rossi",
  "Schmidt",
  "Torres",
  "Varga",
  "Williams",
  "Yilmaz",
];

const REASONS: Record<string, string[]> = {
  "General medicine": [
    "persistent cough for two weeks",
    "fatigue and low energy",
    "sore throat and mild fever",
    "blood pressure check",
    "travel vaccinations",
    "flu symptoms and body aches",
  ],
  Cardiology: [
    "palpitations at night",
    "chest pain on exertion",
    "follow-up after ECG",
    "high cholesterol review",
    "shortness of breath when walking",
  ],
  Dermatology: [
    "itchy rash on the arms",
    "mole check",
    "acne treatment review",
    "eczema flare-up",
    "sunburn blistering",
  ],
  Orthopaedics: [
    "knee pain after running",
    "lower back pain",
    "shoulder stiffness",
    "wrist fracture follow-up",
    "ankle sprain",
  ],
  Paediatrics: [
    "child's ear infection",
    "vaccination schedule",
    "growth check",
    "persistent cough in a toddler",
    "fever and rash",
  ],
  Neurology: [
    "recurring migraines",
    "numbness in the fingers",
    "dizziness when standing",
    "sleep problems and headaches",
  ],
  ENT: ["blocked sinuses", "ear pain and reduced hearing", "tonsillitis", "ringing in the ears"],
};
const FOLLOW_UPS = [
  "Follow-up in two weeks.",
  "Bring previous test results.",
  "Prescription: ibuprofen 400 mg as needed.",
  "Blood test requested.",
  "Referral letter attached.",
  "Prescription: amoxicillin 500 mg, 7 days.",
  "Fasting required before the visit.",
  "Physiotherapy recommended.",
  "Review medication side effects.",
  "",
];
const OPENERS = [
  "Patient reports",
  "Consultation for",
  "Check-up:",
  "Referred for",
  "Second visit about",
  "Telehealth call about",
];
function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

export interface GenerateOptions {
  /** Total number of appointments, fixed ones included. */
  count: number;
  seed?: number;
  /** Unix seconds at midnight UTC; dates spread around it. Default: today. */
  referenceTime?: number;
}

/** Generated appointments start on the half hour from 08:00 to 17:30 UTC: 20 slots a day. */
const SLOTS_PER_DAY = 20;
const FIRST_SLOT_SECONDS = 8 * 3600;
const SLOT_SECONDS = 30 * 60;

/**
 * Every generated appointment gets a slot of its doctor's that no other appointment holds, because
 * Postgres refuses two bookings of one doctor at one time (lib/db/schema.ts). Each doctor's k-th
 * appointment takes slot `(k * stride + offset) mod capacity`: a bijection while k < capacity, since
 * the stride is prime to the capacity, that still scatters dates over the whole span. The span is
 * 240 days (150 past, 90 ahead) until a doctor would need more slots than that, then it grows, so a
 * million appointments for eight doctors fit (about 21 years at 1,000,000).
 */
class SlotGrid {
  readonly capacity: number;
  private readonly pastDays: number;
  private readonly stride: number;
  private readonly next = new Map<string, number>();
  private readonly taken: Set<string>;

  constructor(count: number, reference: number, fixed: readonly Appointment[]) {
    const spanDays = Math.max(240, Math.ceil((count * 1.25) / DOCTORS.length / SLOTS_PER_DAY));
    this.capacity = spanDays * SLOTS_PER_DAY;
    this.pastDays = Math.round((spanDays * 150) / 240);
    this.stride = [7919, 7907, 7901].find((prime) => this.capacity % prime !== 0)!;
    this.taken = new Set(fixed.map((doc) => `${doc.doctor_id}@${doc.scheduled_at - reference}`));
  }

  /** Seconds after the reference day of this doctor's next free slot. */
  take(doctorIndex: number, doctorId: string): number {
    for (;;) {
      const k = this.next.get(doctorId) ?? 0;
      if (k >= this.capacity) throw new Error(`Doctor ${doctorId} has no free slot left in the generated span`);
      this.next.set(doctorId, k + 1);
      const slot = (k * this.stride + doctorIndex * 977) % this.capacity;
      const day = Math.floor(slot / SLOTS_PER_DAY) - this.pastDays;
      const offset = day * DAY + FIRST_SLOT_SECONDS + (slot % SLOTS_PER_DAY) * SLOT_SECONDS;
      if (!this.taken.has(`${doctorId}@${offset}`)) return offset;
    }
  }
}

/** Streams `count` appointments: the fixed ones first, then generated ones with ids from 13. */
export function* generateAppointments({
  count,
  seed = 42,
  referenceTime = todayUtc(),
}: GenerateOptions): Generator<Appointment> {
  const fixed = fixedAppointments(referenceTime);
  for (const doc of fixed.slice(0, count)) yield doc;
  const random = prng(seed);
  const slots = new SlotGrid(count, referenceTime, fixed);
  const patientCount = Math.max(25, Math.floor(count / 8));
  for (let id = FIXED_COUNT + 1; id <= count; id++) {
    const patientNumber = 1 + Math.floor(random() * patientCount);
    // Names derive from the patient number, so one patient id always has one name.
    const patient = generatedPatientName(patientNumber);
    const doctorIndex = Math.floor(random() * DOCTORS.length);
    const d = DOCTORS[doctorIndex]!;
    const c = clinic(d.clinicId);
    const offset = slots.take(doctorIndex, d.id);
    // Past appointments are mostly completed or cancelled; upcoming ones pending or confirmed.
    const status: AppointmentStatus =
      offset < 0
        ? random() < 0.85
          ? "completed"
          : "cancelled"
        : random() < 0.1
          ? "cancelled"
          : pick(random, OPEN_STATUSES);
    const details =
      `${pick(random, OPENERS)} ${pick(random, REASONS[d.department]!)}. ${pick(random, FOLLOW_UPS)}`.trim();
    yield {
      id,
      patient_id: generatedPatientId(patientNumber),
      patient,
      details,
      status,
      scheduled_at: referenceTime + offset,
      doctor_id: d.id,
      doctor: d.name,
      department: d.department,
      clinic_id: c.id,
      clinic: c.name,
      location: pick(random, c.locations),
    };
  }
}

const generatedPatientId = (patientNumber: number) => `p-${String(patientNumber).padStart(6, "0")}`;
const generatedPatientName = (patientNumber: number) =>
  `${FIRST_NAMES[patientNumber % FIRST_NAMES.length]} ${LAST_NAMES[(patientNumber * 7) % LAST_NAMES.length]}`;
