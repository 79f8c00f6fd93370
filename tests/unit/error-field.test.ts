import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkReason } from "@/lib/common/write-contract";
import { AppError, toErrorResponse } from "@/lib/http/errors";
import { readJsonCommand } from "@/lib/http/request";

// The shape of POST /api/appointments's body (app/api/appointments/route.ts), reason rule included.
const booking = z.strictObject({
  doctorId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  scheduledAt: z.iso.datetime({ offset: true }),
  reason: z.string().transform((reason, context) => {
    const check = checkReason(reason);
    if (check.ok) return check.reason;
    context.issues.push({ code: "custom", message: check.message, input: reason });
    return z.NEVER;
  }),
});
const valid = { doctorId: "d-patel", scheduledAt: "2027-03-09T14:30:00Z", reason: "Cough" };

async function refusal(body: unknown): Promise<{ status: number; body: unknown }> {
  const request = new Request("http://localhost/api/appointments", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  try {
    await readJsonCommand(request, booking);
  } catch (error) {
    const response = toErrorResponse(error, "test");
    return { status: response.status, body: await response.json() };
  }
  throw new Error("accepted");
}

describe("a 400's body names the field it is about", () => {
  it("takes the top-level key of the first validation issue", async () => {
    expect(await refusal({ ...valid, reason: "Cough\u0007" })).toEqual({
      status: 400,
      body: {
        code: "bad_request",
        message:
          "Invalid request body (reason: The reason contains a character that cannot be saved (U+0007, bell); remove it and try again.).",
        field: "reason",
      },
    });
    expect(((await refusal({ ...valid, scheduledAt: "tomorrow" })).body as { field?: string }).field).toBe(
      "scheduledAt",
    );
    expect(((await refusal({ ...valid, doctorId: 'x" OR 1' })).body as { field?: string }).field).toBe("doctorId");
  });

  it("names none when the issue is about the whole body", async () => {
    for (const body of [{ ...valid, patientId: "p-zia" }, [valid], "text"]) {
      const { status, body: answer } = await refusal(body);
      expect(status).toBe(400);
      expect(Object.keys(answer as object).sort(), JSON.stringify(body)).toEqual(["code", "message"]);
    }
  });
});

describe("AppError's field", () => {
  it("defaults to the one field a code is always about, and can be given", async () => {
    const body = async (error: AppError) => toErrorResponse(error, "test").json();
    expect(await body(new AppError("slot_taken", "Taken."))).toEqual({
      code: "slot_taken",
      message: "Taken.",
      field: "scheduledAt",
    });
    expect((await body(new AppError("too_many_with_doctor", "Too many."))).field).toBe("doctorId");
    expect(await body(new AppError("too_many_upcoming", "Too many."))).toEqual({
      code: "too_many_upcoming",
      message: "Too many.",
    });
    expect((await body(new AppError("bad_request", "Unknown doctor.", { field: "doctorId" }))).field).toBe("doctorId");
  });
});
