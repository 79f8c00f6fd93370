import { z } from "zod";
import { admitWrite, changeAppointment } from "@/lib/appointments/writes";
import { parseAppointmentId } from "@/lib/common/appointments";
import { STATUS_CHANGES } from "@/lib/common/write-contract";
import { errorResponse } from "@/lib/http/errors";
import { jsonCommand, withSession } from "@/lib/auth/route";

export const dynamic = "force-dynamic";

const change = z.union([
  z.strictObject({ status: z.enum(STATUS_CHANGES) }),
  z.strictObject({ scheduledAt: z.iso.datetime({ offset: true }) }),
]);

/**
 * Changes one appointment in the caller's slice: 200 once searchable, 202 `indexed: false` after
 * 2 s; 429 past the per-user write limit (counted before the id is looked at).
 */
const PATCH = withSession<z.infer<typeof change>, { id: string }>(
  { context: "appointments", body: jsonCommand(change), signedOut: "Sign in to change an appointment." },
  async ({ body, session, params: { id } }) => {
    const appointmentId = parseAppointmentId(id);
    const actor = { username: session.username, sessionId: session.id };
    await admitWrite(actor, { write: "change", appointmentId });
    if (appointmentId === null) return errorResponse("not_found", "No such appointment.");

    const written = await changeAppointment(session.tenant, appointmentId, body, { actor });
    return Response.json(written, { status: written.indexed ? 200 : 202 });
  },
);

export { PATCH };
