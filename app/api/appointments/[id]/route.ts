import { getServerSession } from "next-auth";
import { z } from "zod";
import { admitWrite, changeAppointment } from "@/lib/appointments/writes";
import { authOptions } from "@/lib/auth/options";
import { parseAppointmentId } from "@/lib/common/appointments";
import { STATUS_CHANGES } from "@/lib/common/write-contract";
import { assertAuthConfigured, getAuthEnv } from "@/lib/env";
import { errorResponse, NO_STORE_HEADERS, toErrorResponse } from "@/lib/http/errors";
import { assertSameOrigin, readJsonCommand } from "@/lib/http/request";

export const dynamic = "force-dynamic";

const change = z.union([
  z.strictObject({ status: z.enum(STATUS_CHANGES) }),
  z.strictObject({ scheduledAt: z.iso.datetime({ offset: true }) }),
]);

/**
 * Changes one appointment in the caller's slice: 200 once searchable, 202 `indexed: false` after
 * 2 s; 429 past the per-user write limit (counted before the id is looked at).
 */
export async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    assertAuthConfigured();
    assertSameOrigin(request, getAuthEnv().origin);
    const body = await readJsonCommand(request, change);

    const session = await getServerSession(authOptions);
    if (!session?.tenant) return errorResponse("unauthorized", "Sign in to change an appointment.");

    const appointmentId = parseAppointmentId((await params).id);
    const actor = { username: session.user.username, sessionId: session.sessionId };
    await admitWrite(actor, { write: "change", appointmentId });
    if (appointmentId === null) return errorResponse("not_found", "No such appointment.");

    const written = await changeAppointment(session.tenant, appointmentId, body, { actor });
    return Response.json(written, { status: written.indexed ? 200 : 202, headers: NO_STORE_HEADERS });
  } catch (error) {
    return toErrorResponse(error, "appointments");
  }
}
