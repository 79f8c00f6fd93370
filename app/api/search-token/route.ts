import { getServerSession } from "next-auth";
import { z } from "zod";
import { authOptions } from "@/lib/auth/options";
import { issueSessionToken, signedInSession } from "@/lib/auth/sessions";
import { assertAuthConfigured, getAuthEnv } from "@/lib/env";
import { errorResponse, NO_STORE_HEADERS, toErrorResponse } from "@/lib/http/errors";
import { assertSameOrigin, readJsonBody } from "@/lib/http/request";
import { TOKEN_REASONS, type TokenGrant } from "@/lib/common/token-contract";
import { limitTokenRequests } from "@/lib/auth/rate-limit";

export const dynamic = "force-dynamic";

// The body may only say why a token is wanted. It can never name a tenant: that comes from the
// signed session. Unknown fields (patientId, searchRules, …) are refused, not ignored.
const tokenRequest = z.strictObject({ reason: z.enum(TOKEN_REASONS).optional() });

export async function POST(request: Request) {
  try {
    assertAuthConfigured();
    assertSameOrigin(request, getAuthEnv().origin);
    const { reason } = await readJsonBody(request, tokenRequest);

    // Reading the session asks Postgres whether it is still live (revoked, expired, deactivated: 401).
    const session = await getServerSession(authOptions);
    if (session?.unavailable) return errorResponse("database_unavailable", "Sign-in cannot be checked right now.");
    const signedIn = signedInSession(session);
    if (!signedIn) return errorResponse("unauthorized", "Sign in to search your appointments.");

    await limitTokenRequests(signedIn.username);

    const issued = await issueSessionToken(signedIn, { reason });
    return Response.json(issued satisfies TokenGrant, { headers: NO_STORE_HEADERS });
  } catch (error) {
    return toErrorResponse(error, "search-token");
  }
}
