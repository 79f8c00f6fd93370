/**
 * Issue 12: revocable access, one Meilisearch parent key per session.
 *
 *  1. Search with many live parent keys: the tenant-token search p50 (one request at a time,
 *     `Accept-Encoding: identity`) with only the session's key, then with N extra search-only keys
 *     on the index (created with bounded concurrency, timed), then again after they are deleted.
 *     Beside it, the same search with a raw search-only API key (design b of the search bench):
 *     Meilisearch finds a raw key's uid by comparing it with every key, a token names its uid.
 *  2. Sign-in (CSRF + credentials POST, devtools/sign-in.ts) beside the key step it contains,
 *     timed alone from here: ensureSearchKey (GET /keys/<uid>, 404, then POST /keys) as the app
 *     runs it, and POST /keys by itself. The app has no switch to sign in without the key.
 *  3. Revocation: a token's search polled back to back from just before the sign-out request
 *     until the first 403; the sign-out round trip, the first 403, and any 200 to a search sent
 *     after the sign-out response had arrived (the promise broken).
 */
import { randomUUID } from "node:crypto";
import { request, type Agent } from "node:http";
import type { Meilisearch } from "meilisearch";
import { signInForCookie as signIn } from "../devtools/sign-in";
import { ensureSearchKey } from "../lib/meilisearch/search-key";
import { keepAliveAgent, postJson } from "./lib/http";
import { percentile, spread, type Spread } from "./lib/stats";
import { SEARCH_QUERIES } from "./search";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Between timed sign-ins and key calls: keeps the ~40 ms keep-alive stall out whatever a client asks for. */
const GAP_MS = 50;
const KEY_CONCURRENCY = 16;
const EXTRA_KEY_NAME = "bench-extra-parent";

interface ManyKeysRow {
  extraKeys: number;
  /** Keys Meilisearch held before the extra ones (its default keys, the bench's, the live sessions'). */
  keysBefore: number;
  createSeconds: number;
  deleteSeconds: number;
  concurrency: number;
  samplesPerRound: number;
  /** Tenant token: p50 with the few keys (before and after the extra ones, per round) and with them. */
  token: { one: Spread; many: Spread; ratio: Spread; p95One: Spread; p95Many: Spread };
  /** Raw search-only API key, same searches. */
  rawKey: { one: Spread; many: Spread; ratio: Spread };
}

interface SignInRow {
  samplesPerRound: number;
  signIn: Spread;
  keyStep: Spread;
  createKey: Spread;
  /** keyStep p50 / sign-in p50, per round. */
  share: Spread;
  /** sign-in p50 / (sign-in p50 − keyStep p50), per round: the estimated ratio with ÷ without. */
  ratioEstimate: Spread;
}

interface RevocationRow {
  rounds: number;
  /** Per round (ms): the sign-out round trip; the first 403's arrival from the sign-out start; their difference. */
  signOut: Spread;
  first403: Spread;
  difference: Spread;
  /** Rounds where the first 403 arrived after the sign-out response. */
  lateRounds: number;
  /** Rounds with a 200 to a search sent after the sign-out response had arrived. */
  roundsWith200After: number;
  /** Searches per round between the sign-out start and the first 403 (the polling resolution). */
  pollsDuring: Spread;
  /** Rounds where the cookie, replayed after sign-out, got a 401 from the token route. */
  replay401: number;
}

export interface RevocationResult {
  manyKeys?: ManyKeysRow;
  signIn?: SignInRow;
  revocation?: RevocationRow;
}

interface Context {
  baseURL: string;
  meili: Meilisearch;
  meiliHost: string;
  indexUid: string;
  proxyKeyUid: string;
  log: (line: string) => void;
}

async function tokenFor(baseURL: string, cookie: string): Promise<string> {
  const response = await fetch(`${baseURL}/api/search-token`, { method: "POST", headers: { cookie } });
  if (response.status !== 200) throw new Error(`POST /api/search-token answered ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/** A form POST over node:http (no compression asked); `ms` runs from the call to the last byte. */
function postForm(
  agent: Agent,
  url: string,
  form: Record<string, string>,
  cookie: string,
): Promise<{ status: number; ms: number; started: number; ended: number }> {
  const data = Buffer.from(new URLSearchParams(form).toString());
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": String(data.length),
          "Accept-Encoding": "identity",
          Cookie: cookie,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => {
          const ended = performance.now();
          resolve({ status: res.statusCode ?? 0, ms: ended - started, started, ended });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

/** What the sign-out button needs: a CSRF token and its cookie (fetched before any timing starts). */
async function signOutForm(baseURL: string, sessionCookie: string) {
  const csrf = await fetch(`${baseURL}/api/auth/csrf`, { headers: { cookie: sessionCookie } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookies = csrf.headers.getSetCookie().map((cookie) => cookie.split(";")[0]!);
  return {
    url: `${baseURL}/api/auth/signout`,
    form: { csrfToken, json: "true", callbackUrl: `${baseURL}/login` },
    cookie: [...cookies, sessionCookie].join("; "),
  };
}

/** Signs a session out through NextAuth's real sign-out endpoint; throws unless it answered 200. */
export async function signOut(baseURL: string, sessionCookie: string): Promise<void> {
  const { url, form, cookie } = await signOutForm(baseURL, sessionCookie);
  const agent = keepAliveAgent();
  try {
    const response = await postForm(agent, url, form, cookie);
    if (response.status !== 200) throw new Error(`sign-out answered ${response.status}`);
  } finally {
    agent.destroy();
  }
}

const searchBody = (q: string) => ({ q, limit: 10, facets: ["status"] });

/** Runs `work` over `items` with at most `limit` at a time. */
async function bounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function benchManyKeys(
  ctx: Context,
  { extraKeys, rounds, repeats }: { extraKeys: number; rounds: number; repeats: number },
): Promise<ManyKeysRow> {
  const { baseURL, meili, meiliHost, indexUid, log } = ctx;
  const { parentKey: rawKey } = await ensureSearchKey(meili, {
    uid: ctx.proxyKeyUid,
    indexUid,
    expiresAt: null,
    name: "bench-proxy",
    description: "npm run bench: the server-side key of designs b and c.",
  });
  const cookie = await signIn(baseURL, "john");
  const token = await tokenFor(baseURL, cookie);
  const url = `${meiliHost}/indexes/${indexUid}/search`;
  const agents = { token: keepAliveAgent(), raw: keepAliveAgent() };

  type Phase = { token: number[]; raw: number[] };
  const measure = async (): Promise<{ token: number; raw: number; tokenP95: number }> => {
    const samples: Phase = { token: [], raw: [] };
    let turn = 0;
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const q of SEARCH_QUERIES) {
        const order = turn++ % 2 === 0 ? (["token", "raw"] as const) : (["raw", "token"] as const);
        for (const design of order) {
          const response = await postJson(agents[design], url, searchBody(q), {
            Authorization: `Bearer ${design === "token" ? token : rawKey.key}`,
          });
          if (response.status !== 200) throw new Error(`search (${design}) "${q}" answered ${response.status}`);
          samples[design].push(response.ms);
        }
      }
    }
    return {
      token: percentile(samples.token, 50),
      raw: percentile(samples.raw, 50),
      tokenP95: percentile(samples.token, 95),
    };
  };
  const runRounds = async (label: string) => {
    const out: Awaited<ReturnType<typeof measure>>[] = [];
    await measure(); // warm-up, not counted
    for (let round = 0; round < rounds; round++) {
      out.push(await measure());
      log(
        `many keys, ${label}, round ${round + 1}/${rounds}: token p50 ${out.at(-1)!.token.toFixed(2)} ms, raw key ${out.at(-1)!.raw.toFixed(2)} ms`,
      );
    }
    return out;
  };

  const keysBefore = (await meili.getKeys({ limit: 1 })).total;
  const before = await runRounds(`${keysBefore} keys`);

  const uids = Array.from({ length: extraKeys }, () => randomUUID());
  const expiresAt = new Date(Date.now() + 86_400_000);
  let createSeconds = 0;
  let deleteSeconds = 0;
  let many: typeof before = [];
  let after: typeof before = [];
  const created: string[] = [];
  try {
    log(`Creating ${extraKeys.toLocaleString("en-US")} search-only keys (${KEY_CONCURRENCY} at a time)…`);
    const started = performance.now();
    let lastLog = started;
    await bounded(uids, KEY_CONCURRENCY, async (uid) => {
      await meili.createKey({
        uid,
        name: EXTRA_KEY_NAME,
        description: "npm run bench: an extra live parent key.",
        actions: ["search"],
        indexes: [indexUid],
        expiresAt,
      });
      created.push(uid);
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        log(`  ${created.length.toLocaleString("en-US")} keys created`);
      }
    });
    createSeconds = (performance.now() - started) / 1000;
    const keysNow = (await meili.getKeys({ limit: 1 })).total;
    log(`Created in ${createSeconds.toFixed(1)} s; Meilisearch holds ${keysNow.toLocaleString("en-US")} keys`);
    many = await runRounds(`${keysNow} keys`);
  } finally {
    const started = performance.now();
    await bounded([...created], KEY_CONCURRENCY, async (uid) => {
      await meili.deleteKey(uid);
    });
    deleteSeconds = (performance.now() - started) / 1000;
    log(`Deleted the extra keys in ${deleteSeconds.toFixed(1)} s`);
  }
  after = await runRounds("after deleting them");
  for (const agent of Object.values(agents)) agent.destroy();
  await signOut(baseURL, cookie);

  const one = (pick: (r: (typeof before)[number]) => number) => before.map((r, i) => (pick(r) + pick(after[i]!)) / 2);
  const tokenOne = one((r) => r.token);
  const rawOne = one((r) => r.raw);
  return {
    extraKeys,
    keysBefore,
    createSeconds,
    deleteSeconds,
    concurrency: KEY_CONCURRENCY,
    samplesPerRound: SEARCH_QUERIES.length * repeats,
    token: {
      one: spread(tokenOne),
      many: spread(many.map((r) => r.token)),
      ratio: spread(many.map((r, i) => r.token / tokenOne[i]!)),
      p95One: spread(one((r) => r.tokenP95)),
      p95Many: spread(many.map((r) => r.tokenP95)),
    },
    rawKey: {
      one: spread(rawOne),
      many: spread(many.map((r) => r.raw)),
      ratio: spread(many.map((r, i) => r.raw / rawOne[i]!)),
    },
  };
}

async function benchSignIn(ctx: Context, { rounds, samples }: { rounds: number; samples: number }): Promise<SignInRow> {
  const { baseURL, meili, indexUid, log } = ctx;
  const perRound: { signIn: number; keyStep: number; createKey: number }[] = [];
  const timed = async (work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    return performance.now() - started;
  };
  for (let round = -1; round < rounds; round++) {
    const times = { signIn: [] as number[], keyStep: [] as number[], createKey: [] as number[] };
    for (let i = 0; i < (round < 0 ? 5 : samples); i++) {
      const steps = ["signIn", "keyStep", "createKey"] as const;
      const order = steps.map((_, k) => steps[(i + k) % 3]!);
      for (const step of order) {
        const uid = randomUUID();
        if (step === "signIn") {
          let cookie = "";
          times.signIn.push(await timed(async () => (cookie = await signIn(baseURL, "john"))));
          await signOut(baseURL, cookie);
        } else if (step === "keyStep") {
          const expiresAt = new Date(Date.now() + 43_200_000);
          times.keyStep.push(await timed(() => ensureSearchKey(meili, { uid, indexUid, expiresAt })));
          await meili.deleteKey(uid);
        } else {
          const expiresAt = new Date(Date.now() + 43_200_000);
          times.createKey.push(
            await timed(() => meili.createKey({ uid, actions: ["search"], indexes: [indexUid], expiresAt })),
          );
          await meili.deleteKey(uid);
        }
        await sleep(GAP_MS);
      }
    }
    if (round < 0) continue; // warm-up
    perRound.push({
      signIn: percentile(times.signIn, 50),
      keyStep: percentile(times.keyStep, 50),
      createKey: percentile(times.createKey, 50),
    });
    const last = perRound.at(-1)!;
    log(
      `sign-in round ${round + 1}/${rounds}: sign-in p50 ${last.signIn.toFixed(1)} ms, key step ${last.keyStep.toFixed(1)} ms, POST /keys ${last.createKey.toFixed(1)} ms`,
    );
  }
  return {
    samplesPerRound: samples,
    signIn: spread(perRound.map((r) => r.signIn)),
    keyStep: spread(perRound.map((r) => r.keyStep)),
    createKey: spread(perRound.map((r) => r.createKey)),
    share: spread(perRound.map((r) => r.keyStep / r.signIn)),
    ratioEstimate: spread(perRound.map((r) => r.signIn / (r.signIn - r.keyStep))),
  };
}

async function benchRevocation(ctx: Context, { rounds }: { rounds: number }): Promise<RevocationRow> {
  const { baseURL, meiliHost, indexUid, log } = ctx;
  const url = `${meiliHost}/indexes/${indexUid}/search`;
  const results: {
    signOut: number;
    first403: number;
    late: boolean;
    ok200After: number;
    polls: number;
    replay401: boolean;
  }[] = [];
  for (let round = 0; round < rounds; round++) {
    const cookie = await signIn(baseURL, "john");
    const token = await tokenFor(baseURL, cookie);
    const { url: signOutURL, form, cookie: signOutCookie } = await signOutForm(baseURL, cookie);
    const pollAgent = keepAliveAgent();
    const signOutAgent = keepAliveAgent();
    // Warm the polling connection.
    await postJson(pollAgent, url, searchBody(""), { Authorization: `Bearer ${token}` });

    let signOutStart = Number.POSITIVE_INFINITY;
    let signOutEnd = Number.POSITIVE_INFINITY;
    let first403 = Number.NaN;
    let ok200After = 0;
    let polls = 0;
    let stop = false;
    const poll = (async () => {
      const deadline = performance.now() + 10_000;
      while (!stop && performance.now() < deadline) {
        const sent = performance.now();
        const response = await postJson(pollAgent, url, searchBody(""), { Authorization: `Bearer ${token}` });
        const arrived = sent + response.ms;
        if (sent >= signOutStart) polls++;
        if (response.status === 403) {
          first403 = arrived;
          return;
        }
        if (response.status !== 200) throw new Error(`polled search answered ${response.status}`);
        if (sent >= signOutEnd) ok200After++;
      }
    })();
    await sleep(20); // the poll is running before the sign-out starts
    signOutStart = performance.now();
    const signOutResponse = await postForm(signOutAgent, signOutURL, form, signOutCookie);
    signOutStart = signOutResponse.started;
    signOutEnd = signOutResponse.ended;
    if (signOutResponse.status !== 200) throw new Error(`sign-out answered ${signOutResponse.status}`);
    await poll;
    stop = true;
    pollAgent.destroy();
    signOutAgent.destroy();
    if (Number.isNaN(first403)) throw new Error("no 403 within 10 s of the sign-out");
    const replay = await fetch(`${baseURL}/api/search-token`, { method: "POST", headers: { cookie } });
    const row = {
      signOut: signOutEnd - signOutStart,
      first403: first403 - signOutStart,
      late: first403 > signOutEnd,
      ok200After,
      polls,
      replay401: replay.status === 401,
    };
    results.push(row);
    await sleep(GAP_MS);
  }
  const n = results.length;
  log(
    `revocation, ${n} rounds: sign-out p50 ${spread(results.map((r) => r.signOut)).median.toFixed(1)} ms, first 403 p50 ${spread(results.map((r) => r.first403)).median.toFixed(1)} ms`,
  );
  return {
    rounds: n,
    signOut: spread(results.map((r) => r.signOut)),
    first403: spread(results.map((r) => r.first403)),
    difference: spread(results.map((r) => r.first403 - r.signOut)),
    lateRounds: results.filter((r) => r.late).length,
    roundsWith200After: results.filter((r) => r.ok200After > 0).length,
    pollsDuring: spread(results.map((r) => r.polls)),
    replay401: results.filter((r) => r.replay401).length,
  };
}

export async function benchRevocationAll(
  ctx: Context & { extraKeys: number; rounds: number; revocationRounds: number; repeats: number },
): Promise<RevocationResult> {
  const result: RevocationResult = {};
  result.revocation = await benchRevocation(ctx, { rounds: ctx.revocationRounds });
  result.signIn = await benchSignIn(ctx, { rounds: ctx.rounds, samples: 20 });
  result.manyKeys = await benchManyKeys(ctx, { extraKeys: ctx.extraKeys, rounds: ctx.rounds, repeats: ctx.repeats });
  return result;
}
