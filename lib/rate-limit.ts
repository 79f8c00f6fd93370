import "server-only";
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { getRateLimits } from "./env";
import { AppError } from "./errors";

/**
 * Per-minute limits per client IP and per user, in memory. One app instance only: with several
 * instances, give each limiter a shared store (rate-limiter-flexible's RateLimiterRedis with the
 * same options) so the limit holds across them. See README, "Production".
 */

export type LimitedAction = "login" | "token";

const limiters = new Map<LimitedAction, RateLimiterAbstract>();

function limiter(action: LimitedAction): RateLimiterAbstract {
  let existing = limiters.get(action);
  if (!existing) {
    existing = new RateLimiterMemory({ keyPrefix: action, points: getRateLimits()[action], duration: 60 });
    limiters.set(action, existing);
  }
  return existing;
}

/**
 * The address of the nearest client as seen by the hop in front of us. Next.js sets
 * X-Forwarded-For from the socket when it is absent; a reverse proxy appends the peer it saw,
 * so the last entry is the one a trusted proxy vouches for.
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",").map((part) => part.trim()).filter(Boolean);
  return forwarded?.at(-1) ?? headers.get("x-real-ip") ?? "unknown";
}

/** Spends one point per key (IP and user); throws a 429 AppError with Retry-After when any is exhausted. */
export async function enforceRateLimit(action: LimitedAction, keys: { ip: string; user?: string }): Promise<void> {
  const subjects = [`ip:${keys.ip}`, ...(keys.user ? [`user:${keys.user.toLowerCase()}`] : [])];
  const results = await Promise.allSettled(subjects.map((subject) => limiter(action).consume(subject)));
  const blocked = results
    .filter((result): result is PromiseRejectedResult => result.status === "rejected")
    .map((result) => result.reason);
  if (blocked.length === 0) return;
  const unexpected = blocked.find((reason) => !(reason instanceof RateLimiterRes));
  if (unexpected) throw unexpected;
  const retryAfter = Math.max(...blocked.map((res: RateLimiterRes) => Math.ceil(res.msBeforeNext / 1000)), 1);
  throw new AppError("rate_limited", `Too many requests. Try again in ${retryAfter} s.`, {
    headers: { "Retry-After": String(retryAfter) },
  });
}
