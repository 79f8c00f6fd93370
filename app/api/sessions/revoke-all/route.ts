import { z } from "zod";
import { revokeUserSessions } from "@/lib/auth/sessions";
import { jsonCommand, withSession } from "@/lib/auth/route";

export const dynamic = "force-dynamic";

const revokeAllRequest = z.strictObject({});

/**
 * "Sign out everywhere": revokes every session of the caller, this one included, and deletes their
 * keys before answering `{ revoked: N }`. The browser then signs out as usual.
 */
const POST = withSession(
  { context: "revoke-all", body: jsonCommand(revokeAllRequest), signedOut: "Sign in first." },
  async ({ session }) => {
    const { username, id: sessionId } = session;
    const { revoked } = await revokeUserSessions(username, "revoke_all", (ids) => ({
      event: "sessions_revoked",
      username,
      sessionId,
      details: { reason: "revoke_all", sessions: ids },
    }));
    return Response.json({ revoked });
  },
);

export { POST };
