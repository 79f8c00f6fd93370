import { getServerSession } from "next-auth";
import { z } from "zod";
import { admitWrite, bookAppointment } from "@/lib/appointments/writes";
import { authOptions } from "@/lib/auth/options";
import { checkReason, REASON_MAX_LENGTH } from "@/lib/common/write-contract";
import { TENANT_ID_PATTERN } from "@/lib/common/tenant";
import { assertAuthConfigured, getAuthEnv } from "@/lib/env";
import { errorResponse, NO_STORE_HEADERS, toErrorResponse } from "@/lib/http/errors";
import { assertSameOrigin, readJsonCommand } from "@/lib/http/request";

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
export async function POST(request: Request) {
  try {
    assertAuthConfigured();
    assertSameOrigin(request, getAuthEnv().origin);
    const body = await readJsonCommand(request, bookingRequest);

    const session = await getServerSession(authOptions);
    if (!session?.tenant) return errorResponse("unauthorized", "Sign in to book an appointment.");

    const actor = { username: session.user.username, sessionId: session.sessionId };
    await admitWrite(actor, { write: "book" });

    const written = await bookAppointment(
      session.tenant,
      { ...body, scheduledAt: new Date(body.scheduledAt) },
      { actor },
    );
    return Response.json(written, { status: written.indexed ? 201 : 202, headers: NO_STORE_HEADERS });
  } catch (error) {
    return toErrorResponse(error, "appointments");
  }
}
