import "server-only";
import { AppError } from "../http/errors";

/**
 * The one answer to "Postgres cannot be reached": every query, transaction and lock in lib/db
 * turns a lost or refused connection into this 503, whatever it was doing, so a route, a page and
 * the sign-in all say the same thing. True for reads and writes alike: a write whose transaction
 * lost its connection was rolled back.
 */
export const DATABASE_UNAVAILABLE_MESSAGE =
  "The database cannot be reached right now, so nothing was changed. Please try again shortly.";

/**
 * A failure to reach Postgres, as opposed to a query it refused: the socket (refused, reset, timed
 * out), SQLSTATE class 08 (connection exception), 53300 (too many connections: it cannot take
 * this one) and 57P01–57P03 (shutting down, crashed, starting up).
 */
function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? "";
  const message = error instanceof Error ? error.message : "";
  return (
    ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "53300", "57P01", "57P02", "57P03"].includes(code) ||
    /^08[0-9A-Z]{3}$/.test(code) ||
    /timeout exceeded when trying to connect|Connection terminated/i.test(message)
  );
}

/** `error` as the caller should see it: a connection failure becomes `database_unavailable` (503). */
export function toDatabaseError(error: unknown): unknown {
  if (error instanceof AppError || !isConnectionError(error)) return error;
  return new AppError("database_unavailable", DATABASE_UNAVAILABLE_MESSAGE, { cause: error });
}

/** Whether Postgres refused a row because it would break the unique constraint `constraint`. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const { code, constraint: violated } = (error ?? {}) as { code?: string; constraint?: string };
  return code === "23505" && violated === constraint;
}
