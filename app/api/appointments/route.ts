import { z } from "zod";
import { admitWrite, bookAppointment } from "@/lib/appointments/writes";
import { TENANT_ID_PATTERN } from "@/lib/common/tenant";
import { checkReason, REASON_MAX_LENGTH } from "@/lib/common/write-contract";
import { jsonCommand, withSession } from "@/lib/auth/route";

export const dynamic = "force-dynamic";

// No patient field: the patient is the session's. Unknown fields are refused, not ignored.
const bookingRequest = z.strictObject({
  doctorId: z.string().regex(TENANT_ID_PATTERN),
  scheduledAt: z.iso.datetime({ offset: true }),
  reason: z
    .string()
    .max(REASON_MAX_LENGTH * 2)
    .transform((reason, context) => {
      const check = checkReason(reason);
      if (check.ok) return check.reason;
      context.issues.push({ code: "custom", message: check.message, input: reason });
      return z.NEVER;
    }),
});

/**
 * A patient books an appointment: 201 once searchable, 202 `indexed: false` if that takes over 2 s;
 * 429 past the per-user write limit, 409 `too_many_upcoming` / `too_many_with_doctor` at a cap.
 */
const POST = withSession(
  { context: "appointments", body: jsonCommand(bookingRequest), signedOut: "Sign in to book an appointment." },
  async ({ body, session }) => {
    const actor = { username: session.username, sessionId: session.id };
    await admitWrite(actor, { write: "book" });

    const written = await bookAppointment(
      session.tenant,
      { ...body, scheduledAt: new Date(body.scheduledAt) },
      { actor },
    );
    return Response.json(written, { status: written.indexed ? 201 : 202 });
  },
);

export { POST };
