/**
 * `npm run reindex -- --check`: compares the live index with what Postgres says it should hold,
 * and changes nothing. "Expected" is read through the one row → document mapping
 * (lib/db/queries/search-documents.ts), so it is exactly what a rebuild would write.
 *
 * Two streaming passes, each holding a page or two (the next one is read ahead):
 *  1. Postgres → index: each keyset page of documents, and the index's documents with those ids
 *     (`ids` of POST /documents/fetch): finds `missing` and `different`.
 *  2. index → Postgres: the index's ids page by page (offset/limit, in Meilisearch's internal
 *     order), and which of them Postgres has: finds `extra`.
 * Neither pass needs `id` sortable or filterable, so the check also works on an index built with
 * older settings, and it finds documents whose id no appointment can have (`"abc"`). Offsets shift
 * when the index loses documents during pass 2, so one may go unseen; the next check finds it.
 *
 * The app keeps writing meanwhile. A difference counts as drift only when no outbox row explains
 * it: none pending, none sent since the check began (a row sent since then may have changed the
 * index between the two reads). Those are reported as still syncing. The outbox always sends an
 * appointment's current state, so a change that races the check also repairs whatever drift that
 * appointment had.
 */
import "server-only";
import type { Meilisearch } from "meilisearch";
import { TENANT_ATTRIBUTES } from "../common/tenant";
import { indexStatsOrNull } from "../meilisearch/errors";
import { appointmentsStillSyncing } from "../db/queries/outbox";
import { countAppointmentsAt, documentsAfter, existingAppointmentIds } from "../db/queries/search-documents";
import { DriftTally, differingFields, type DocumentId, type DriftKind, type DriftReport } from "./drift-report";
import { connectDatabase, RebuildError, step, type ProgressReporter } from "./rebuild";

export interface DriftCheckOptions {
  client: Meilisearch;
  databaseUrl: string;
  indexUid: string;
  pageSize?: number;
  /** Called once the total is known; its reporter hears how many documents are compared so far. */
  progress?: (total: number) => ProgressReporter;
}

const PAGE_SIZE = 10_000;

type IndexDocument = Record<string, unknown> & { id: DocumentId };

interface Candidate {
  kind: DriftKind;
  id: DocumentId;
  sides: [object] | [object, object];
  fields?: string[];
}

/** The SDK's getDocuments sends `ids` in the query string without a filter; thousands need a body. */
async function fetchDocuments(client: Meilisearch, indexUid: string, body: Record<string, unknown>) {
  return client.httpRequest.post<{ results: IndexDocument[] }>({
    path: `indexes/${encodeURIComponent(indexUid)}/documents/fetch`,
    body,
  });
}

/** A read started ahead of its use: its failure surfaces where it is awaited, never as unhandled. */
function prefetch<T>(read: Promise<T>): Promise<T> {
  read.catch(() => {});
  return read;
}

/** The id as Postgres would hold it, or undefined when no appointment can have it (`"05"`, `"abc"`). */
function appointmentId(id: DocumentId): number | undefined {
  const n = Number(id);
  return Number.isSafeInteger(n) && n > 0 && String(n) === String(id) ? n : undefined;
}

export async function checkDrift(options: DriftCheckOptions): Promise<DriftReport> {
  const { client, indexUid, pageSize = PAGE_SIZE } = options;
  const started = performance.now();
  const tally = new DriftTally();
  const db = await connectDatabase(options.databaseUrl);
  try {
    const stats = await step(`read the stats of index "${indexUid}"`, () => indexStatsOrNull(client, indexUid));
    if (stats === null)
      throw new RebuildError(`Index "${indexUid}" does not exist: run \`npm run reindex\` to build it.`);
    // A rebuild swaps another index in under the same uid, with its own creation time.
    const createdAt = async () =>
      (await step(`read index "${indexUid}"`, () => client.index(indexUid).getRawInfo())).createdAt;
    const generation = await createdAt();
    const { n: expectedTotal, since } = await step("count appointments in Postgres", () => countAppointmentsAt(db));
    // Both sides, as counted at the start; each may change while the check runs.
    const progressTotal = expectedTotal + stats.numberOfDocuments;
    const progress = options.progress?.(progressTotal);
    let done = 0;
    const advance = (n: number) => progress?.update(Math.min((done += n), progressTotal));

    const settle = async (candidates: Candidate[]) => {
      const ids = candidates.map((c) => appointmentId(c.id)).filter((id) => id !== undefined);
      const syncing = await step("read pending changes from the outbox", () =>
        appointmentsStillSyncing(db, ids, since),
      );
      for (const candidate of candidates) {
        const id = appointmentId(candidate.id);
        if (id !== undefined && syncing.has(id)) tally.recordSyncing(candidate.id);
        else tally.record(candidate.kind, candidate.id, candidate.sides, candidate.fields);
      }
    };

    // Pass 1: every document Postgres has, against the index's document with the same id. Postgres
    // reads the next page while Meilisearch answers for this one.
    const readPage = (afterId: number) =>
      prefetch(
        step(`read appointments after id ${afterId} from Postgres`, () => documentsAfter(db, afterId, pageSize)),
      );
    let expectedDocuments = 0;
    for (let next = readPage(0); ;) {
      const page = await next;
      if (page.length === 0) break;
      next = page.length < pageSize ? Promise.resolve([]) : readPage(page[page.length - 1]!.id);
      const { results } = await step(`fetch ${page.length} documents by id from index "${indexUid}"`, () =>
        fetchDocuments(client, indexUid, { ids: page.map((doc) => doc.id), limit: page.length }),
      );
      const indexed = new Map(results.map((doc) => [String(doc.id), doc]));
      const candidates: Candidate[] = [];
      for (const expected of page) {
        const actual = indexed.get(String(expected.id));
        if (!actual) {
          candidates.push({ kind: "missing", id: expected.id, sides: [expected] });
          continue;
        }
        const fields = differingFields(expected, actual);
        if (fields.length > 0)
          candidates.push({ kind: "different", id: expected.id, sides: [expected, actual], fields });
      }
      await settle(candidates);
      expectedDocuments += page.length;
      advance(page.length);
    }

    // Pass 2: every document the index has, against Postgres's ids. Meilisearch lists the next
    // page while Postgres looks this one up.
    const listPage = (offset: number) =>
      prefetch(
        step(`list documents ${offset + 1}-${offset + pageSize} of index "${indexUid}"`, () =>
          fetchDocuments(client, indexUid, { offset, limit: pageSize, fields: ["id", ...TENANT_ATTRIBUTES] }),
        ).then(({ results }) => results),
      );
    let indexDocuments = 0;
    for (let next = listPage(0); ;) {
      const results = await next;
      if (results.length === 0) break;
      indexDocuments += results.length;
      next = results.length < pageSize ? Promise.resolve([]) : listPage(indexDocuments);
      const ids = results.map((doc) => appointmentId(doc.id)).filter((id) => id !== undefined);
      const inPostgres = await step("look up index ids in Postgres", () => existingAppointmentIds(db, ids));
      await settle(
        results
          .filter((doc) => !inPostgres.has(appointmentId(doc.id) ?? Number.NaN))
          .map((doc) => ({ kind: "extra", id: doc.id, sides: [doc] })),
      );
      advance(results.length);
    }
    progress?.done();
    if ((await createdAt()) !== generation) {
      throw new RebuildError(`Index "${indexUid}" was rebuilt during the check (a reindex or seed ran): check again.`);
    }

    return { tally, indexUid, expectedDocuments, indexDocuments, seconds: (performance.now() - started) / 1000 };
  } finally {
    await db.end().catch(() => {});
  }
}
