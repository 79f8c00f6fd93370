import { getServerSession } from "next-auth";
import { z } from "zod";
import { bookAppointment } from "@/lib/appointments/writes";
import { authOptions } from "@/lib/auth/options";
import { reasonProblem, REASON_MAX_LENGTH } from "@/lib/common/appointment-writes";
import { TENANT_ID_PATTERN } from "@/lib/common/filter";
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
    .transform((reason) => reason.trim())
    .refine((reason) => reasonProblem(reason) === null, { error: (issue) => reasonProblem(String(issue.input)) ?? "" }),
});

/** A patient books an appointment: 201 once searchable, 202 `indexed: false` if that takes over 2 s. */
export async function POST(request: Request) {
  try {
    assertAuthConfigured();
    assertSameOrigin(request, getAuthEnv().origin);
    const body = await readJsonCommand(request, bookingRequest);

    const session = await getServerSession(authOptions);
    if (!session?.tenant) return errorResponse("unauthorized", "Sign in to book an appointment.");

    const written = await bookAppointment(session.tenant, { ...body, scheduledAt: new Date(body.scheduledAt) });
    return Response.json(written, { status: written.indexed ? 201 : 202, headers: NO_STORE_HEADERS });
  } catch (error) {
    return toErrorResponse(error, "appointments");
  }
}
