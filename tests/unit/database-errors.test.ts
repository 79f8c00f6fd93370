import { describe, expect, it } from "vitest";
import { DATABASE_UNAVAILABLE_MESSAGE, toDatabaseError } from "@/lib/db/errors";
import { AppError } from "@/lib/http/errors";

const pgError = (code: string, message = "from Postgres") => Object.assign(new Error(message), { code });

describe("toDatabaseError", () => {
  it("turns every way of not reaching Postgres into database_unavailable (503), keeping the cause", () => {
    const unreachable = [
      pgError("ECONNREFUSED"),
      pgError("ECONNRESET"),
      pgError("ETIMEDOUT"),
      pgError("EPIPE"),
      pgError("08006"), // connection failure
      pgError("08001"), // could not establish the connection
      pgError("08003"), // the connection does not exist
      pgError("08P01"), // protocol violation
      pgError("53300"), // too many connections
      pgError("57P01"), // admin shutdown
      pgError("57P02"), // crash shutdown
      pgError("57P03"), // starting up
      new Error("timeout exceeded when trying to connect"),
      new Error("Connection terminated unexpectedly"),
    ];
    for (const cause of unreachable) {
      const mapped = toDatabaseError(cause);
      expect(mapped, String((cause as { code?: string }).code ?? cause.message)).toBeInstanceOf(AppError);
      expect(mapped).toMatchObject({
        code: "database_unavailable",
        status: 503,
        message: DATABASE_UNAVAILABLE_MESSAGE,
      });
      expect((mapped as AppError).cause).toBe(cause);
    }
  });

  it("leaves a query Postgres refused, and an AppError, as they are", () => {
    for (const refused of [pgError("23505"), pgError("42501"), pgError("57014"), pgError("22P02"), new Error("bug")]) {
      expect(toDatabaseError(refused)).toBe(refused);
    }
    const conflict = new AppError("slot_taken", "Taken.");
    expect(toDatabaseError(conflict)).toBe(conflict);
  });
});
