import { getServerSession } from "next-auth";
import { z } from "zod";
import { authOptions } from "@/lib/auth/options";
import { revokeUserSessions } from "@/lib/auth/sessions";
import { assertAuthConfigured, getAuthEnv } from "@/lib/env";
import { errorResponse, NO_STORE_HEADERS, toErrorResponse } from "@/lib/http/errors";
import { assertSameOrigin, readJsonCommand } from "@/lib/http/request";

export const dynamic = "force-dynamic";

const revokeAllRequest = z.strictObject({});

/**
 * "Sign out everywhere": revokes every session of the caller, this one included, and deletes their
 * keys before answering `{ revoked: N }`. The browser then signs out as usual.
 */
export async function POST(request: Request) {
  try {
    assertAuthConfigured();
    assertSameOrigin(request, getAuthEnv().origin);
    await readJsonCommand(request, revokeAllRequest);

    const session = await getServerSession(authOptions);
    if (session?.unavailable) return errorResponse("database_unavailable", "Sign-in cannot be checked right now.");
    if (!session?.tenant) return errorResponse("unauthorized", "Sign in first.");

    const username = session.user.username;
    const { revoked } = await revokeUserSessions(username, "revoke_all", (ids) => ({
      event: "sessions_revoked",
      username,
      sessionId: session.sessionId,
      details: { reason: "revoke_all", sessions: ids },
    }));
    return Response.json({ revoked }, { headers: NO_STORE_HEADERS });
  } catch (error) {
    return toErrorResponse(error, "revoke-all");
  }
}
