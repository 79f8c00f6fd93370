import "server-only";
import { RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { toDatabaseError } from "../db/errors";
import { rateLimitStore } from "../db/queries/rate-limits";
import { getRateLimits, getWriteLimits } from "../env";
import { AppError } from "../http/errors";

/**
 * Per-minute limits, counted in Postgres (table `rate_limits`, created by a migration), so that any
 * number of app instances together allow the configured limit, not that many times it.
 *
 * What each limit counts is chosen so that brute force hits it and honest use does not, and so that
 * nobody can spend a budget that others need:
 * - sign-in failures per username: a correct password refunds its point, so a presenter cycling
 *   the demo accounts never trips it, while ten wrong passwords for one user in a minute do;
 * - sign-in attempts per client, only behind a trusted proxy (TRUST_PROXY): slows password
 *   spraying across usernames. Without one, clients cannot be told apart (see clientKey), and a
 *   budget shared by every client is one that a single client can spend for all of them;
 * - token requests per signed-in user: the session names the caller, no address is needed.
 * An attempt refused with 429 counts in none of them. There is no global sign-in ceiling: it would
 * be a budget anyone can spend, and the per-username limit already caps the guesses at any one
 * account. What a flood can exhaust is capacity (sign-ins in progress in this process, see
 * beginSignInAttempt), which frees up as each check ends.
 */

type Bucket = "loginFailuresPerUser" | "loginAttemptsPerClient" | "tokensPerUser" | "writesPerUser";

/**
 * The points per minute of the buckets a caller spends in, as the settings say now (each caller
 * reads only its own settings: an invalid write limit must not stop sign-in).
 */
type Budgets = Partial<Record<Bucket, number>>;

const limiters = new Map<string, RateLimiterAbstract>();

/** One limiter per bucket and limit: a changed setting counts apart from the old one. */
function limiter(bucket: Bucket, limits: Budgets): RateLimiterAbstract {
  const points = limits[bucket];
  if (points === undefined) throw new Error(`No limit was given for the ${bucket} bucket.`);
  const keyPrefix = `${bucket}:${points}`;
  let existing = limiters.get(keyPrefix);
  if (!existing) {
    existing = new RateLimiterPostgres({
      storeClient: rateLimitStore,
      storeType: "pool",
      tableName: "rate_limits",
      tableCreated: true,
      // Named by bucket and limit: instances configured alike (as they should be) share one counter,
      // and a server started with other limits (a load test's, a test's) counts apart from them.
      keyPrefix,
      points,
      duration: 60,
    });
    limiters.set(keyPrefix, existing);
  }
  return existing;
}

/**
 * The key that identifies a client for the per-client limit.
 *
 * Next.js fills X-Forwarded-For with the socket address only when the request has none, so with
 * nothing in front of the app a client can write any address it likes there (a victim's too), and
 * a route handler cannot see the socket. Unless TRUST_PROXY says how many proxies append to the
 * header, it is ignored and there is no per-client limit at all (the caller never counts
 * `client:direct`). With N trusted proxies, the Nth entry from the right is the address the
 * outermost trusted proxy saw.
 */
export function clientKey(headers: Headers, trustedProxies: number): string {
  if (trustedProxies < 1) return "client:direct";
  const forwarded = (headers.get("x-forwarded-for") ?? "").split(",").map((part) => part.trim());
  const entry = forwarded.length >= trustedProxies ? forwarded[forwarded.length - trustedProxies] : undefined;
  const address = entry && /^[0-9A-Fa-f:.]{2,45}$/.test(entry) ? entry.toLowerCase() : "unknown";
  return `client:${address}`;
}

/** A 429, naming the limits that refused (for the audit trail) and when to retry. */
export class RateLimitedError extends AppError {
  constructor(
    readonly limits: string[],
    retryAfterSeconds: number,
    message = `Too many requests. Try again in ${retryAfterSeconds} s.`,
  ) {
    super("rate_limited", message, { headers: { "Retry-After": String(retryAfterSeconds) } });
  }
}

/** Gives back one point in each bucket; a refund that cannot be written is logged, never thrown. */
async function refundAll(spends: [Bucket, string][], limits: Budgets): Promise<void> {
  await Promise.all(
    spends.map(([bucket, key]) =>
      limiter(bucket, limits)
        .reward(key, 1)
        .catch((error: unknown) => console.error(`[rate-limit] could not refund a point (${bucket}):`, error)),
    ),
  );
}

/**
 * Spends one point in each bucket; throws a RateLimitedError (429, Retry-After) when any is
 * exhausted. rate-limiter-flexible's consume() adds the point even when it refuses, so a refused
 * request gives back every point it took, in every bucket: it was not served, so it counts nowhere
 * (and ten refused attempts cannot keep an account locked). Concurrent requests each add their
 * point first and compare after, so a parallel burst still cannot pass more than the limit.
 */
async function consumeAll(
  spends: [Bucket, string][],
  limits: Budgets,
  limitedMessage?: (retryAfterSeconds: number) => string,
): Promise<void> {
  const results = await Promise.allSettled(spends.map(([bucket, key]) => limiter(bucket, limits).consume(key)));
  const refused = results.flatMap((result, i) =>
    result.status === "rejected" ? [[spends[i]![0], result.reason]] : [],
  );
  if (refused.length === 0) return;
  const unexpected = refused
    .map(([, reason]) => reason as unknown)
    .find((reason) => !(reason instanceof RateLimiterRes));
  // The counters are rate-limiter-flexible's own queries: a lost connection is mapped here, as lib/db maps ours.
  if (unexpected !== undefined) throw toDatabaseError(unexpected);
  await refundAll(spends, limits);
  const retryAfter = Math.max(...refused.map(([, res]) => Math.ceil((res as RateLimiterRes).msBeforeNext / 1000)), 1);
  throw new RateLimitedError(
    refused.map(([bucket]) => bucket as string),
    retryAfter,
    limitedMessage?.(retryAfter),
  );
}

export interface SignInAttempt {
  /** Refunds the username's failure point: only failed attempts count against an account. */
  succeeded(): Promise<void>;
  /** Gives back every point the attempt took, when its password was never checked. */
  notChecked(): Promise<void>;
  /** Ends the attempt's claim on this process's capacity; call once, whatever happened. */
  finished(): void;
}

/**
 * Sign-ins are checked at most four at a time per process, from the limits to the answer; the rest
 * wait their turn here, in memory, holding nothing. Without this a burst of 80 put all its limit
 * counts, account reads and audit writes in the connection pools' queues at once, and the requests
 * still waiting for a connection after 3 s (`connectionTimeoutMillis`) failed with 503.
 */
const MAX_SIGN_INS_AT_ONCE = 4;
let signInsChecking = 0;
const waitingToSignIn: (() => void)[] = [];

async function takeTurn(): Promise<void> {
  if (signInsChecking < MAX_SIGN_INS_AT_ONCE) {
    signInsChecking++;
    return;
  }
  await new Promise<void>((resolve) => waitingToSignIn.push(resolve));
}

function passTurn(): void {
  // The turn passes straight to the next in line, so the count never dips below the limit meanwhile.
  const next = waitingToSignIn.shift();
  if (next) next();
  else signInsChecking--;
}

/**
 * How many sign-ins may be in progress (checking or waiting their turn) in one process. Past this,
 * the wait would take seconds, and the excess is answered 429 at once, before it costs anything.
 * This is capacity, not a budget: it frees up as each check ends, and nothing is remembered. Far
 * above real traffic (a clinic's staff and patients do not sign in 128 at once on one instance).
 */
const MAX_SIGN_INS_IN_PROGRESS = 128;
let signInsInProgress = 0;

/**
 * Call before checking a password. The failure point is taken up front and refunded on success, so
 * a burst of parallel guesses cannot all pass a check made before any of them has failed.
 * `username` must already be normalised (`normalizeUsername`), as the credential check does.
 */
export async function beginSignInAttempt(request: Request, username: string): Promise<SignInAttempt> {
  const limits = getRateLimits();
  if (signInsInProgress >= MAX_SIGN_INS_IN_PROGRESS) {
    throw new RateLimitedError(["signInsInProgress"], 1, "The server is busy with other sign-ins. Try again in 1 s.");
  }
  signInsInProgress++;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    signInsInProgress--;
    passTurn();
  };
  await takeTurn();
  const userSpend: [Bucket, string] = ["loginFailuresPerUser", `user:${username}`];
  const spends: [Bucket, string][] = [userSpend];
  if (limits.trustedProxies > 0) {
    spends.push(["loginAttemptsPerClient", clientKey(request.headers, limits.trustedProxies)]);
  }
  try {
    await consumeAll(spends, limits);
  } catch (error) {
    finish();
    throw error;
  }
  return {
    // The sign-in has happened; a refund that cannot be written must not undo it.
    succeeded: () => refundAll([userSpend], limits),
    notChecked: () => refundAll(spends, limits),
    finished: finish,
  };
}

export async function limitTokenRequests(username: string): Promise<void> {
  await consumeAll([["tokensPerUser", `user:${username}`]], getRateLimits());
}

/**
 * Appointment writes per signed-in user (`RATE_LIMIT_WRITES_PER_MINUTE`), counted in the same table
 * so instances share the count. A refused write gives its point back, like every refusal here:
 * hammering the route while refused neither adds to the count nor extends the wait.
 */
export async function limitWrites(username: string): Promise<void> {
  await consumeAll(
    [["writesPerUser", `user:${username}`]],
    { writesPerUser: getWriteLimits().writesPerUser },
    (retryAfter) => `You are making changes too quickly. Try again in ${retryAfter} s.`,
  );
}
