/**
 * 2. Search latency, one request at a time over a kept-alive connection, three designs:
 *  (a) direct to Meilisearch with the tenant token from POST /api/search-token;
 *  (b) direct with the parent search key, the same tenant filter sent in the request;
 *  (c) through a Next.js route that proxies the search (bench/overlay/app/api/bench-search).
 * The three are interleaved query by query, rotating which goes first.
 */
import type { Agent } from "node:http";
import type { Meilisearch } from "meilisearch";
import { tenantFilterFor, type Tenant } from "../lib/shared/tenant";
import { keepAliveAgent, postJson } from "./lib/http";
import { signInForCookie as signIn } from "../scripts/lib/sign-in";
import { percentile, spread, type Spread } from "./lib/stats";

/** Words people type into an appointment search, from the demo data's vocabulary and beyond it. */
export const SEARCH_QUERIES = [
  "", "cold", "fever", "cough", "migraine", "back pain", "rash", "blood test", "ibuprofen", "follow-up",
  "check-up", "ecg", "knee", "prescription", "sore throat", "vaccination", "physio", "ear pain", "dizzy", "allergies",
];
const STATUS_FILTERS = ['status = "confirmed"', 'status = "completed"', 'status = "pending"'];

export const BENCH_TENANTS: { username: string; label: string; tenant: Tenant }[] = [
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

export async function benchSearch({
  baseURL,
  meili,
  meiliHost,
  indexUid,
  searchKeyUid,
  documents,
  rounds,
  repeats,
  log,
}: {
  baseURL: string;
  meili: Meilisearch;
  meiliHost: string;
  indexUid: string;
  searchKeyUid: string;
  documents: number;
  rounds: number;
  repeats: number;
  log: (line: string) => void;
}): Promise<SearchRow[]> {
  const parentKey = (await meili.getKey(searchKeyUid)).key;
  const rows: SearchRow[] = [];
  for (const { username, label, tenant } of BENCH_TENANTS) {
    const cookie = await signIn(baseURL, username);
    const tokenResponse = await fetch(`${baseURL}/api/search-token`, { method: "POST", headers: { cookie } });
    const { token } = (await tokenResponse.json()) as { token: string };
    const agents: Record<Design, Agent> = { a: keepAliveAgent(), b: keepAliveAgent(), c: keepAliveAgent() };
    const directURL = `${meiliHost}/indexes/${indexUid}/search`;
    const tenantFilter = tenantFilterFor(tenant);

    const send = async (design: Design, q: string, status?: string) => {
      const response =
        design === "a"
          ? await postJson<SearchBody>(agents.a, directURL, searchParams(q, status), { Authorization: `Bearer ${token}` })
          : design === "b"
            ? await postJson<SearchBody>(agents.b, directURL, searchParams(q, status ? `(${tenantFilter}) AND (${status})` : tenantFilter), {
                Authorization: `Bearer ${parentKey}`,
              })
            : await postJson<SearchBody>(agents.c, `${baseURL}/api/bench-search`, searchParams(q, status), { cookie });
      if (response.status !== 200) throw new Error(`search (${design}) "${q}" answered ${response.status}: ${JSON.stringify(response.body)}`);
      return response;
    };

    // The three designs must be the same search: same hits for every query.
    for (const q of SEARCH_QUERIES) {
      const ids = await Promise.all((["a", "b", "c"] as const).map(async (d) => JSON.stringify((await send(d, q)).body.hits.map((h) => h.id))));
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
            const order: Design[] = (["a", "b", "c"] as const).map((_, k) => (["a", "b", "c"] as const)[(turn + k) % 3]!);
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
