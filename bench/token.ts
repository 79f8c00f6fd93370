/**
 * 1. Token issuance: POST /api/search-token against a baseline route in the same build that does
 * the same session check and returns a constant (bench/overlay). The two alternate second by
 * second within every round, so drift on a shared machine hits both alike.
 *
 * At c connections the requests rotate over c signed-in sessions, each with its own Meilisearch
 * parent key (issue 12), as c browsers would: the token route's per-session key cache is
 * exercised, not one hot entry. The sessions are signed out at the end.
 */
import autocannon from "autocannon";
import { signInForCookie as signIn } from "../devtools/sign-in";
import { signOut } from "./revocation";
import { median, spread, type Spread } from "./lib/stats";

export interface TokenRow {
  connections: number;
  token: { rps: Spread; p50: Spread; p99: Spread };
  baseline: { rps: Spread; p50: Spread; p99: Spread };
  /** token rps / baseline rps, per round. */
  ratio: Spread;
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
}

/** Slices of one round: mean throughput, median of the slices' percentiles. */
function combine(runs: Run[]): Run {
  return {
    rps: runs.reduce((sum, r) => sum + r.rps, 0) / runs.length,
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
  };
}

async function load(url: string, cookies: string[], connections: number, seconds: number): Promise<Run> {
  const sessions = cookies.slice(0, connections);
  let next = 0;
  const result = await autocannon({
    url,
    method: "POST",
    connections,
    duration: seconds,
    headers: { "accept-encoding": "identity" },
    // As many signed-in sessions as connections, taken in turn request by request (autocannon
    // resets a connection's context after every request, so a fixed cookie per connection is not
    // expressible). Both routes are built the same way, so the cost lands on both alike.
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, cookie: sessions[next++ % sessions.length]! },
        }),
      },
    ],
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0 || result.requests.total === 0) {
    throw new Error(`${url}: ${failed} failed of ${result.requests.total} requests at ${connections} connections`);
  }
  return { rps: result.requests.total / result.duration, p50: result.latency.p50, p99: result.latency.p99 };
}

export async function benchTokens({
  baseURL,
  rounds,
  seconds,
  concurrency,
  log,
}: {
  baseURL: string;
  rounds: number;
  seconds: number;
  concurrency: number[];
  log: (line: string) => void;
}): Promise<TokenRow[]> {
  // One session per connection, signed in one after another (each creates its parent key).
  const cookies: string[] = [];
  for (let i = 0; i < Math.max(...concurrency); i++) cookies.push(await signIn(baseURL, "john"));
  const cookie = cookies[0]!;
  const tokenURL = `${baseURL}/api/search-token`;
  const baselineURL = `${baseURL}/api/bench-baseline`;

  const check = await fetch(tokenURL, { method: "POST", headers: { cookie } });
  const issued = (await check.json()) as { token?: string };
  if (!check.ok || !issued.token) throw new Error(`POST /api/search-token answered ${check.status}`);

  // Warm-up: JIT, the parent-key cache, connection setup. Not counted.
  await load(baselineURL, cookies, Math.max(...concurrency), 2);
  await load(tokenURL, cookies, Math.max(...concurrency), 2);

  const rows: TokenRow[] = [];
  for (const connections of concurrency) {
    const token: Run[] = [];
    const baseline: Run[] = [];
    for (let round = 0; round < rounds; round++) {
      // Each round alternates one-second slices of the two routes (ABBA…), so a burst of load from
      // elsewhere on the machine lands on both rather than on whichever ran at that moment.
      const slices: Record<"token" | "baseline", Run[]> = { token: [], baseline: [] };
      for (let slice = 0; slice < seconds; slice++) {
        const order = (round + slice) % 2 === 0 ? (["baseline", "token"] as const) : (["token", "baseline"] as const);
        for (const route of order)
          slices[route].push(await load(route === "token" ? tokenURL : baselineURL, cookies, connections, 1));
      }
      token.push(combine(slices.token));
      baseline.push(combine(slices.baseline));
      log(
        `token c=${connections} round ${round + 1}/${rounds}: ${token.at(-1)!.rps.toFixed(0)} vs baseline ${baseline.at(-1)!.rps.toFixed(0)} req/s`,
      );
    }
    const summarize = (runs: Run[]) => ({
      rps: spread(runs.map((r) => r.rps)),
      p50: spread(runs.map((r) => r.p50)),
      p99: spread(runs.map((r) => r.p99)),
    });
    rows.push({
      connections,
      token: summarize(token),
      baseline: summarize(baseline),
      ratio: spread(token.map((t, i) => t.rps / baseline[i]!.rps)),
    });
  }
  for (const session of cookies) await signOut(baseURL, session);
  return rows;
}
