import "server-only";
import type { QueryConfig } from "pg";
import { counterPool } from "../client";

/**
 * The `rate_limits` table is rate-limiter-flexible's: it writes its own statements (an upsert, a
 * read, the delete of a refunded or expired key). This is the one way they reach Postgres: through
 * the counters' pool, looked up at each query (it is created lazily, and a script or test may
 * close and reopen it) rather than held as one pool object.
 */
export const rateLimitStore = { query: (config: QueryConfig) => counterPool().query(config) };
