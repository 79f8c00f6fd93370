/**
 * 2c. Write → searchable for the writer. A booking (`POST /api/appointments` as john) and a status
 * change (`PATCH /api/appointments/<id>` as dr-patel, confirming that booking) are timed over their
 * whole round trip: the routes answer once the change is searchable with the caller's own token
 * (or 202 after 2 s). Right after each, a search with the writer's tenant token checks that the
 * change really is there; a miss is counted, never retried.
 *
 * The floor beside them: the same document sent straight to Meilisearch with the admin key and its
 * task awaited, polling the task as often as the outbox worker does. The three alternate request by
 * request (rotating which goes first), with a pause between requests.
 */
import type { Agent } from "node:http";
import type { Meilisearch } from "meilisearch";
import type { Appointment, AppointmentStatus } from "../lib/common/appointments";
import { INDEX_WAIT_MS, SLOT_MINUTES, type WriteResponse } from "../lib/common/write-contract";
import { keepAliveAgent, postJson, sendJson } from "./lib/http";
import { percentile, spread, type Spread } from "./lib/stats";
import { tenantToken } from "./search";
// The floor polls its task as the outbox worker does.
import { TASK_POLL_MS } from "../lib/sync/outbox-worker";

/**
 * Pause after every request. The app's and the floor's connections to Meilisearch, and ours to both,
 * send `Accept-Encoding: identity`, but a request that follows a compressed reply on one kept-alive
 * connection within ~40 ms waits ~40 ms (Nagle / delayed ACK): the pause keeps that stall out of
 * the figures whatever any client asks for.
 */
const WRITE_GAP_MS = 50;
const WARM_UP_REQUESTS = 5;
/** Floor documents get ids far above the appointments' sequence, and are deleted after each round. */
const FLOOR_ID_BASE = 2_000_000_000;
const BOOKING_DOCTOR = "d-patel";

interface WriteLatency {
  p50: Spread;
  p95: Spread;
}

export interface WriteRow {
  documents: number;
  /** Timed requests of each kind per round. */
  requests: number;
  gapMs: number;
  book: WriteLatency;
  change: WriteLatency;
  floor: WriteLatency;
  /** write / floor, per round. */
  ratioP50: { book: Spread; change: Spread };
  ratioP95: { book: Spread; change: Spread };
  /**
   * Totals over every round: 202 `indexed: false` answers; changes the writer's search did not find
   * although the route answered 201/200 (the read-your-writes promise broken); floor writes whose
   * task alone took longer than the routes' wait (INDEX_WAIT_MS), which would have been 202s too.
   */
  accepted: { book: number; change: number };
  misses: { book: number; change: number };
  floorOverWait: number;
  /** 409 slot_taken answers (retried in the next slot, not timed); the slots are chosen so there are none. */
  slotConflicts: number;
}

const DAY_MS = 86_400_000;
const benchDay = Math.floor(Date.now() / DAY_MS) * DAY_MS;
/** Generated appointments use 08:00–17:30 UTC only, so 18:00–07:30 is free for these bookings. */
const NIGHT_SLOTS = (24 * 60 - 20 * SLOT_MINUTES) / SLOT_MINUTES;
let slotsTaken = 0;

/** The next slot nothing else holds: from two days ahead, a night at a time (28 slots a night). */
function nextSlot(): string {
  const n = slotsTaken++;
  const night = Math.floor(n / NIGHT_SLOTS);
  const at = benchDay + (2 + night) * DAY_MS + 18 * 3_600_000 + (n % NIGHT_SLOTS) * SLOT_MINUTES * 60_000;
  return new Date(at).toISOString();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Writer {
  cookie: string;
  token: string;
  agent: Agent;
}

async function writer(baseURL: string, username: string): Promise<Writer> {
  return { ...(await tenantToken(baseURL, username)), agent: keepAliveAgent() };
}

interface SearchCheck {
  meiliHost: string;
  indexUid: string;
  agent: Agent;
}

/** Does the writer's own token find appointment `id` (with `status`)? Meilisearch ANDs the token's filter in. */
async function searchable(check: SearchCheck, token: string, id: number, status: AppointmentStatus) {
  const response = await postJson<{ hits?: Pick<Appointment, "id" | "status">[] }>(
    check.agent,
    `${check.meiliHost}/indexes/${check.indexUid}/search`,
    { q: "", filter: `id = ${id} AND status = "${status}"`, limit: 1, attributesToRetrieve: ["id", "status"] },
    { Authorization: `Bearer ${token}` },
  );
  if (response.status !== 200)
    throw new Error(`confirming search: HTTP ${response.status} ${JSON.stringify(response.body)}`);
  return (response.body.hits ?? []).some((hit) => hit.id === id && hit.status === status);
}

function appHeaders(baseURL: string, who: Writer) {
  return { cookie: who.cookie, Origin: baseURL };
}

interface Sample {
  ms: number;
  accepted: boolean;
  missed: boolean;
}

/** Books dr-patel in the next free slot; a taken slot (409) moves on to the next one, untimed. */
async function book(
  baseURL: string,
  patient: Writer,
  check: SearchCheck,
  onConflict: () => void,
): Promise<Sample & { appointment: Appointment }> {
  for (;;) {
    const response = await postJson<WriteResponse>(
      patient.agent,
      `${baseURL}/api/appointments`,
      { doctorId: BOOKING_DOCTOR, scheduledAt: nextSlot(), reason: "Bench booking: read-your-writes check" },
      appHeaders(baseURL, patient),
    );
    if (response.status === 409) {
      onConflict();
      continue;
    }
    if (response.status !== 201 && response.status !== 202)
      throw new Error(`POST /api/appointments: HTTP ${response.status} ${JSON.stringify(response.body)}`);
    const { appointment } = response.body;
    const found = await searchable(check, patient.token, appointment.id, "pending");
    const accepted = response.status === 202;
    return { ms: response.ms, accepted, missed: !accepted && !found, appointment };
  }
}

async function confirm(baseURL: string, doctor: Writer, check: SearchCheck, appointment: Appointment) {
  const response = await sendJson<WriteResponse>(
    doctor.agent,
    "PATCH",
    `${baseURL}/api/appointments/${appointment.id}`,
    { status: "confirmed" },
    appHeaders(baseURL, doctor),
  );
  if (response.status !== 200 && response.status !== 202)
    throw new Error(
      `PATCH /api/appointments/${appointment.id}: HTTP ${response.status} ${JSON.stringify(response.body)}`,
    );
  const found = await searchable(check, doctor.token, appointment.id, "confirmed");
  const accepted = response.status === 202;
  return { ms: response.ms, accepted, missed: !accepted && !found };
}

/** The floor: one document of the same shape, straight to the live index, its task awaited. */
async function floorWrite(admin: Meilisearch, indexUid: string, doc: Appointment): Promise<number> {
  const started = performance.now();
  const enqueued = await admin.index(indexUid).addDocuments([doc], { primaryKey: "id" });
  const task = await admin.tasks.waitForTask(enqueued.taskUid, { interval: TASK_POLL_MS, timeout: 60_000 });
  const ms = performance.now() - started;
  if (task.status !== "succeeded") throw new Error(`floor task ${task.uid} ${task.status}: ${task.error?.message}`);
  return ms;
}

export async function benchWrites({
  baseURL,
  meili,
  meiliHost,
  indexUid,
  documents,
  rounds,
  requests,
  log,
}: {
  baseURL: string;
  meili: Meilisearch;
  meiliHost: string;
  indexUid: string;
  documents: number;
  rounds: number;
  requests: number;
  log: (line: string) => void;
}): Promise<WriteRow> {
  const check: SearchCheck = { meiliHost, indexUid, agent: keepAliveAgent() };
  let conflicts = 0;
  const onConflict = () => conflicts++;
  let floorId = FLOOR_ID_BASE;
  // The floor sends the document shape the app writes: a copy of the first booking's.
  let template: Appointment | undefined;

  const perRound = { book: [] as Sample[][], change: [] as Sample[][], floor: [] as number[][] };
  for (let round = -1; round < rounds; round++) {
    // Fresh sessions and tokens each round; round -1 is the warm-up (JIT, pools), not counted.
    const patient = await writer(baseURL, "john");
    const doctor = await writer(baseURL, "dr-patel");
    const books: Sample[] = [];
    const changes: Sample[] = [];
    const floors: number[] = [];
    const floorIds: number[] = [];
    const floor = async () => {
      const id = floorId++;
      floorIds.push(id);
      floors.push(await floorWrite(meili, indexUid, { ...template!, id }));
      await sleep(WRITE_GAP_MS);
    };
    for (let i = 0; i < (round < 0 ? WARM_UP_REQUESTS : requests); i++) {
      const floorFirst = template !== undefined && (round + i) % 2 === 0;
      if (floorFirst) await floor();
      const booked = await book(baseURL, patient, check, onConflict);
      template ??= booked.appointment;
      books.push(booked);
      await sleep(WRITE_GAP_MS);
      changes.push(await confirm(baseURL, doctor, check, booked.appointment));
      await sleep(WRITE_GAP_MS);
      if (!floorFirst) await floor();
    }
    const deleted = await meili.tasks.waitForTask((await meili.index(indexUid).deleteDocuments(floorIds)).taskUid);
    if (deleted.status !== "succeeded")
      throw new Error(`deleting the floor documents: task ${deleted.uid} ${deleted.status}`);
    for (const who of [patient, doctor]) who.agent.destroy();
    if (round < 0) continue;
    perRound.book.push(books);
    perRound.change.push(changes);
    perRound.floor.push(floors);
    const p50 = (values: number[]) => percentile(values, 50).toFixed(1);
    log(
      `writes ${documents.toLocaleString("en-US")} round ${round + 1}/${rounds}: book p50 ${p50(books.map((s) => s.ms))} ms, ` +
        `confirm ${p50(changes.map((s) => s.ms))} ms, floor ${p50(floors)} ms`,
    );
  }
  check.agent.destroy();

  const latency = (samples: number[][]): WriteLatency => ({
    p50: spread(samples.map((s) => percentile(s, 50))),
    p95: spread(samples.map((s) => percentile(s, 95))),
  });
  const ms = (rows: Sample[][]) => rows.map((samples) => samples.map((s) => s.ms));
  const ratio = (rows: Sample[][], p: number) =>
    spread(ms(rows).map((samples, i) => percentile(samples, p) / percentile(perRound.floor[i]!, p)));
  const total = (rows: Sample[][], key: "accepted" | "missed") => rows.flat().filter((s) => s[key]).length;
  return {
    documents,
    requests,
    gapMs: WRITE_GAP_MS,
    book: latency(ms(perRound.book)),
    change: latency(ms(perRound.change)),
    floor: latency(perRound.floor),
    ratioP50: { book: ratio(perRound.book, 50), change: ratio(perRound.change, 50) },
    ratioP95: { book: ratio(perRound.book, 95), change: ratio(perRound.change, 95) },
    accepted: { book: total(perRound.book, "accepted"), change: total(perRound.change, "accepted") },
    misses: { book: total(perRound.book, "missed"), change: total(perRound.change, "missed") },
    floorOverWait: perRound.floor.flat().filter((ms) => ms > INDEX_WAIT_MS).length,
    slotConflicts: conflicts,
  };
}
