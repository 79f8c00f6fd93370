/**
 * 2. Search latency, one request at a time over a kept-alive connection, three designs:
 *  (a) direct to Meilisearch with the tenant token from POST /api/search-token;
 *  (b) direct with the parent search key, the same tenant filter sent in the request;
 *  (c) through a Next.js route that proxies the search (bench/overlay/app/api/bench-search).
 * The three are interleaved query by query, rotating which goes first.
 */
import type { Agent } from "node:http";
import type { Meilisearch } from "meilisearch";
import { HITS_PER_PAGE, MAX_TOTAL_HITS } from "../lib/common/appointments";
import { FACET_ATTRIBUTES } from "../lib/common/appointments";
import type { Tenant } from "../lib/common/tenant";
import { tenantFilterFor } from "../lib/meilisearch/filter";
import { settleTask } from "../lib/sync/rebuild";
import { ensureSearchKey } from "../lib/meilisearch/search-key";
import { keepAliveAgent, postJson } from "./lib/http";
import { signInForCookie as signIn } from "../devtools/sign-in";
import { percentile, spread, type Spread } from "./lib/stats";

/** Words people type into an appointment search, from the demo data's vocabulary and beyond it. */
export const SEARCH_QUERIES = [
  "",
  "cold",
  "fever",
  "cough",
  "migraine",
  "back pain",
  "rash",
  "blood test",
  "ibuprofen",
  "follow-up",
  "check-up",
  "ecg",
  "knee",
  "prescription",
  "sore throat",
  "vaccination",
  "physio",
  "ear pain",
  "dizzy",
  "allergies",
];
const STATUS_FILTERS = ['status = "confirmed"', 'status = "completed"', 'status = "pending"'];

const BENCH_TENANTS: { username: string; label: string; tenant: Tenant }[] = [
  { username: "john", label: "patient (john)", tenant: { role: "patient", patientId: "p-john" } },
  { username: "dr-patel", label: "doctor (dr-patel)", tenant: { role: "doctor", doctorId: "d-patel" } },
];

type Design = "a" | "b" | "c";

export interface SearchRow {
  documents: number;
  tenant: string;
  samples: number;
  p50: Record<Design, Spread>;
  p95: Record<Design, Spread>;
  ratioP50: { ab: Spread; ac: Spread };
  ratioP95: { ab: Spread; ac: Spread };
  /** Meilisearch's own processingTimeMs for (a): the floor under any design. */
  processingP50: Spread;
  processingP95: Spread;
}

interface SearchBody {
  hits: { id: number }[];
  estimatedTotalHits?: number;
  processingTimeMs: number;
}

function searchParams(q: string, filter?: string) {
  return {
    q,
    limit: 10,
    facets: ["status"],
    attributesToHighlight: ["*"],
    highlightPreTag: "__ais-highlight__",
    highlightPostTag: "__/ais-highlight__",
    ...(filter ? { filter } : {}),
  };
}

/** Signs in as `username` and asks the app for a tenant token, as the browser does. */
export async function tenantToken(baseURL: string, username: string): Promise<{ cookie: string; token: string }> {
  const cookie = await signIn(baseURL, username);
  const response = await fetch(`${baseURL}/api/search-token`, { method: "POST", headers: { cookie } });
  if (response.status !== 200) throw new Error(`token for ${username}: HTTP ${response.status}`);
  return { cookie, token: ((await response.json()) as { token: string }).token };
}

/** What both search measurements need: the app, Meilisearch, the index and the run's sizes. */
export interface SearchBenchOptions {
  baseURL: string;
  meili: Meilisearch;
  meiliHost: string;
  indexUid: string;
  /** The bench's own search-only key (designs b and c). */
  proxyKeyUid: string;
  documents: number;
  rounds: number;
  repeats: number;
  log: (line: string) => void;
}

export async function benchSearch({
  baseURL,
  meili,
  meiliHost,
  indexUid,
  proxyKeyUid,
  documents,
  rounds,
  repeats,
  log,
}: SearchBenchOptions): Promise<SearchRow[]> {
  const { parentKey: proxyKey } = await ensureSearchKey(meili, {
    uid: proxyKeyUid,
    indexUid,
    expiresAt: null,
    name: "bench-proxy",
    description: "npm run bench: the server-side key of designs b and c.",
  });
  const parentKey = proxyKey.key;
  const rows: SearchRow[] = [];
  for (const { username, label, tenant } of BENCH_TENANTS) {
    const { cookie, token } = await tenantToken(baseURL, username);
    const agents: Record<Design, Agent> = { a: keepAliveAgent(), b: keepAliveAgent(), c: keepAliveAgent() };
    const directURL = `${meiliHost}/indexes/${indexUid}/search`;
    const tenantFilter = tenantFilterFor(tenant);

    const send = async (design: Design, q: string, status?: string) => {
      const response =
        design === "a"
          ? await postJson<SearchBody>(agents.a, directURL, searchParams(q, status), {
              Authorization: `Bearer ${token}`,
            })
          : design === "b"
            ? await postJson<SearchBody>(
                agents.b,
                directURL,
                searchParams(q, status ? `(${tenantFilter}) AND (${status})` : tenantFilter),
                {
                  Authorization: `Bearer ${parentKey}`,
                },
              )
            : await postJson<SearchBody>(agents.c, `${baseURL}/api/bench-search`, searchParams(q, status), { cookie });
      if (response.status !== 200)
        throw new Error(`search (${design}) "${q}" answered ${response.status}: ${JSON.stringify(response.body)}`);
      return response;
    };

    // The three designs must be the same search: same hits for every query.
    for (const q of SEARCH_QUERIES) {
      const ids = await Promise.all(
        (["a", "b", "c"] as const).map(async (d) => JSON.stringify((await send(d, q)).body.hits.map((h) => h.id))),
      );
      if (new Set(ids).size !== 1) throw new Error(`designs disagree on "${q}" for ${label}: ${ids.join(" / ")}`);
    }

    const perRound: { p50: Record<Design, number>; p95: Record<Design, number>; processing: number[] }[] = [];
    for (let round = 0; round < rounds; round++) {
      const samples: Record<Design, number[]> = { a: [], b: [], c: [] };
      const processing: number[] = [];
      let turn = round;
      for (let repeat = 0; repeat < repeats; repeat++) {
        for (const [i, q] of SEARCH_QUERIES.entries()) {
          for (const status of [undefined, STATUS_FILTERS[i % STATUS_FILTERS.length]]) {
            const order: Design[] = (["a", "b", "c"] as const).map(
              (_, k) => (["a", "b", "c"] as const)[(turn + k) % 3]!,
            );
            turn++;
            for (const design of order) {
              const response = await send(design, q, status);
              samples[design].push(response.ms);
              if (design === "a") processing.push(response.body.processingTimeMs);
            }
          }
        }
      }
      const p = (design: Design, n: number) => percentile(samples[design], n);
      perRound.push({
        p50: { a: p("a", 50), b: p("b", 50), c: p("c", 50) },
        p95: { a: p("a", 95), b: p("b", 95), c: p("c", 95) },
        processing,
      });
      const last = perRound.at(-1)!;
      log(
        `search ${documents.toLocaleString("en-US")} docs, ${label}, round ${round + 1}/${rounds}: p50 a ${last.p50.a.toFixed(2)} / b ${last.p50.b.toFixed(2)} / c ${last.p50.c.toFixed(2)} ms`,
      );
    }
    for (const agent of Object.values(agents)) agent.destroy();

    const of = (pick: (r: (typeof perRound)[number]) => number) => spread(perRound.map(pick));
    rows.push({
      documents,
      tenant: label,
      samples: SEARCH_QUERIES.length * 2 * repeats,
      p50: { a: of((r) => r.p50.a), b: of((r) => r.p50.b), c: of((r) => r.p50.c) },
      p95: { a: of((r) => r.p95.a), b: of((r) => r.p95.b), c: of((r) => r.p95.c) },
      ratioP50: { ab: of((r) => r.p50.a / r.p50.b), ac: of((r) => r.p50.a / r.p50.c) },
      ratioP95: { ab: of((r) => r.p95.a / r.p95.b), ac: of((r) => r.p95.a / r.p95.c) },
      processingP50: of((r) => percentile(r.processing, 50)),
      processingP95: of((r) => percentile(r.processing, 95)),
    });
  }
  return rows;
}

/** The broadest search each role makes: the page as it opens, no query, every facet it shows. */
const COUNT_TENANTS = [
  { username: "front-desk-north", label: "front desk (North)", facets: [...FACET_ATTRIBUTES] },
  { username: "dr-patel", label: "doctor (dr-patel)", facets: ["status"] },
  { username: "john", label: "patient (john)", facets: [...FACET_ATTRIBUTES] },
];
/** Meilisearch's default `pagination.maxTotalHits`, which the app raised to MAX_TOTAL_HITS. */
const DEFAULT_MAX_TOTAL_HITS = 1_000;

interface CountSide {
  maxTotalHits: number;
  /** The count the page would show (`totalHits` with finite pagination). */
  totalHits: number;
  p50: Spread;
  p95: Spread;
  processingP50: Spread;
  processingP95: Spread;
}

export interface CountRow {
  documents: number;
  tenant: string;
  /** The true size of the tenant's slice: the sum of its status facet, which Meilisearch counts exactly. */
  exact: number;
  samples: number;
  before: CountSide;
  after: CountSide;
}

/**
 * Exact counts: each role's broadest search with `maxTotalHits` at Meilisearch's default (1,000)
 * and at the app's MAX_TOTAL_HITS, alternating the setting round by round so drift hits both
 * sides alike. Leaves the index at MAX_TOTAL_HITS.
 */
export async function benchExactCounts({
  baseURL,
  meili,
  meiliHost,
  indexUid,
  documents,
  rounds,
  repeats,
  log,
}: SearchBenchOptions): Promise<CountRow[]> {
  const agent = keepAliveAgent();
  const url = `${meiliHost}/indexes/${indexUid}/search`;
  const tenants = await Promise.all(
    COUNT_TENANTS.map(async (tenant) => ({ ...tenant, token: (await tenantToken(baseURL, tenant.username)).token })),
  );
  type Sample = { ms: number[]; processing: number[]; totalHits: number };
  const samples = new Map<string, Sample[]>(); // `${username}:${maxTotalHits}` -> one per round
  const setMaxTotalHits = (maxTotalHits: number) =>
    settleTask(meili, `maxTotalHits ${maxTotalHits}`, meili.index(indexUid).updatePagination({ maxTotalHits }));

  const exact = new Map<string, number>();
  try {
    for (let round = 0; round < rounds; round++) {
      const order =
        round % 2 === 0 ? [DEFAULT_MAX_TOTAL_HITS, MAX_TOTAL_HITS] : [MAX_TOTAL_HITS, DEFAULT_MAX_TOTAL_HITS];
      for (const maxTotalHits of order) {
        await setMaxTotalHits(maxTotalHits);
        for (const tenant of tenants) {
          const sample: Sample = { ms: [], processing: [], totalHits: 0 };
          for (let i = 0; i < repeats * 10; i++) {
            const response = await postJson<{
              totalHits: number;
              processingTimeMs: number;
              facetDistribution?: Record<string, Record<string, number>>;
            }>(
              agent,
              url,
              { q: "", hitsPerPage: HITS_PER_PAGE, page: 1, facets: tenant.facets },
              { Authorization: `Bearer ${tenant.token}` },
            );
            if (response.status !== 200)
              throw new Error(`count search for ${tenant.username} answered ${response.status}`);
            sample.ms.push(response.ms);
            sample.processing.push(response.body.processingTimeMs);
            sample.totalHits = response.body.totalHits;
            const statuses = Object.values(response.body.facetDistribution?.status ?? {});
            exact.set(
              tenant.username,
              statuses.reduce((sum, n) => sum + n, 0),
            );
          }
          const key = `${tenant.username}:${maxTotalHits}`;
          samples.set(key, [...(samples.get(key) ?? []), sample]);
        }
      }
      log(`counts ${documents.toLocaleString("en-US")} docs, round ${round + 1}/${rounds} done`);
    }
  } finally {
    await setMaxTotalHits(MAX_TOTAL_HITS);
    agent.destroy();
  }

  const side = (username: string, maxTotalHits: number): CountSide => {
    const perRound = samples.get(`${username}:${maxTotalHits}`)!;
    const of = (pick: (sample: Sample) => number) => spread(perRound.map(pick));
    return {
      maxTotalHits,
      totalHits: perRound.at(-1)!.totalHits,
      p50: of((r) => percentile(r.ms, 50)),
      p95: of((r) => percentile(r.ms, 95)),
      processingP50: of((r) => percentile(r.processing, 50)),
      processingP95: of((r) => percentile(r.processing, 95)),
    };
  };
  return tenants.map((tenant) => ({
    documents,
    tenant: tenant.label,
    exact: exact.get(tenant.username)!,
    samples: repeats * 10,
    before: side(tenant.username, DEFAULT_MAX_TOTAL_HITS),
    after: side(tenant.username, MAX_TOTAL_HITS),
  }));
}
