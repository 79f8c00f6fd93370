import "server-only";
import { RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { QueryConfig } from "pg";
import { counterPool, isConnectionError } from "../db/client";
import { getRateLimits, getWriteLimits, type RateLimits } from "../env";
import { AppError } from "../http/errors";

/**
 * Per-minute limits, counted in Postgres (table `rate_limits`, created by a migration), so that any
 * number of app instances together allow the configured limit, not that many times it.
 *
 * What each limit counts is chosen so that brute force hits it and honest use does not:
 * - sign-in failures per username: a correct password refunds its point, so a presenter cycling
 *   the demo accounts never trips it, while ten wrong passwords for one user in a minute do;
 * - sign-in attempts per client, at a higher ceiling: slows password spraying across usernames;
 * - token requests per signed-in user: the session names the caller, no address is needed.
 */

type Bucket = "loginFailuresPerUser" | "loginAttemptsPerClient" | "tokensPerUser";

const limiters = new Map<Bucket, RateLimiterAbstract>();

function limiter(bucket: Bucket, limits: RateLimits): RateLimiterAbstract {
  let existing = limiters.get(bucket);
  if (!existing) {
    existing = new RateLimiterPostgres({
      // Forwards to the pool as it is at each query (it is created lazily, and a script or test may
      // close and reopen it), rather than holding on to one pool object.
      storeClient: { query: (query: QueryConfig) => counterPool().query(query) },
      storeType: "pool",
      tableName: "rate_limits",
      tableCreated: true,
      // Named by bucket and limit: instances configured alike (as they should be) share one counter,
      // and a server started with other limits (a load test's, a test's) counts apart from them.
      keyPrefix: `${bucket}:${limits[bucket]}`,
      points: limits[bucket],
      duration: 60,
    });
    limiters.set(bucket, existing);
  }
  return existing;
}

/**
 * The key that identifies a client for the per-client limit.
 *
 * Next.js fills X-Forwarded-For with the socket address only when the request has none, so with
 * nothing in front of the app a client can write any address it likes there. Unless TRUST_PROXY
 * says how many proxies append to the header, it is ignored, and every client shares one bucket:
 * coarse, but a forged header cannot buy a fresh budget. With N trusted proxies, the Nth entry
 * from the right is the address the outermost trusted proxy saw.
 */
export function clientKey(headers: Headers, trustedProxies: number): string {
  if (trustedProxies < 1) return "client:direct";
  const forwarded = (headers.get("x-forwarded-for") ?? "").split(",").map((part) => part.trim());
  const entry = forwarded.length >= trustedProxies ? forwarded[forwarded.length - trustedProxies] : undefined;
  const address = entry && /^[0-9A-Fa-f:.]{2,45}$/.test(entry) ? entry.toLowerCase() : "unknown";
  return `client:${address}`;
}

function rateLimited(blocked: RateLimiterRes[]): AppError {
  const retryAfter = Math.max(...blocked.map((res) => Math.ceil(res.msBeforeNext / 1000)), 1);
  return new AppError("rate_limited", `Too many requests. Try again in ${retryAfter} s.`, {
    headers: { "Retry-After": String(retryAfter) },
  });
}

/** Spends one point in each bucket; throws a 429 AppError with Retry-After when any is exhausted. */
async function consumeAll(spends: [Bucket, string][], limits: RateLimits): Promise<void> {
  const results = await Promise.allSettled(spends.map(([bucket, key]) => limiter(bucket, limits).consume(key)));
  const blocked = results
    .filter((result): result is PromiseRejectedResult => result.status === "rejected")
    .map((result) => result.reason as unknown);
  if (blocked.length === 0) return;
  const unexpected = blocked.find((reason) => !(reason instanceof RateLimiterRes));
  if (unexpected !== undefined && isConnectionError(unexpected)) {
    throw new AppError("database_unavailable", "Sign-in is unavailable right now. Please try again shortly.", {
      cause: unexpected,
    });
  }
  if (unexpected !== undefined) throw unexpected;
  throw rateLimited(blocked as RateLimiterRes[]);
}

export interface SignInAttempt {
  /** Refunds the username's failure point: only failed attempts count against an account. */
  succeeded(): Promise<void>;
}

/**
 * Call before checking a password. The failure point is taken up front and refunded on success, so
 * a burst of parallel guesses cannot all pass a check made before any of them has failed.
 * `username` must already be normalised (`normalizeUsername`), as the credential check does.
 */
export async function beginSignInAttempt(request: Request, username: string): Promise<SignInAttempt> {
  const limits = getRateLimits();
  const userKey = `user:${username}`;
  await consumeAll(
    [
      ["loginAttemptsPerClient", clientKey(request.headers, limits.trustedProxies)],
      ["loginFailuresPerUser", userKey],
    ],
    limits,
  );
  return {
    succeeded: async () => {
      // The sign-in has happened; a refund that cannot be written must not undo it.
      await limiter("loginFailuresPerUser", limits)
        .reward(userKey, 1)
        .catch((error: unknown) => console.error("[rate-limit] could not refund a successful sign-in:", error));
    },
  };
}

export async function limitTokenRequests(username: string): Promise<void> {
  const limits = getRateLimits();
  await consumeAll([["tokensPerUser", `user:${username}`]], limits);
}

/**
 * Appointment writes per signed-in user (`RATE_LIMIT_WRITES_PER_MINUTE`), counted in the same table
 * so instances share the count. A refused write gives its point back: hammering the route while
 * refused neither adds to the count nor extends the wait.
 */
let writeLimiter: { points: number; limiter: RateLimiterPostgres } | undefined;

export async function limitWrites(username: string): Promise<void> {
  const points = getWriteLimits().writesPerUser;
  if (writeLimiter?.points !== points) {
    writeLimiter = {
      points,
      limiter: new RateLimiterPostgres({
        storeClient: { query: (query: QueryConfig) => counterPool().query(query) },
        storeType: "pool",
        tableName: "rate_limits",
        tableCreated: true,
        keyPrefix: `writesPerUser:${points}`,
        points,
        duration: 60,
      }),
    };
  }
  const { limiter } = writeLimiter;
  const key = `user:${username}`;
  try {
    await limiter.consume(key);
  } catch (reason) {
    if (!(reason instanceof RateLimiterRes)) {
      if (!isConnectionError(reason)) throw reason;
      throw new AppError(
        "database_unavailable",
        "The appointments database is unavailable. Nothing was saved; please try again.",
        { cause: reason },
      );
    }
    await limiter
      .reward(key, 1)
      .catch((error: unknown) => console.error("[rate-limit] could not return a refused write's point:", error));
    const retryAfter = Math.max(Math.ceil(reason.msBeforeNext / 1000), 1);
    throw new AppError("rate_limited", `You are making changes too quickly. Try again in ${retryAfter} s.`, {
      headers: { "Retry-After": String(retryAfter) },
    });
  }
}
