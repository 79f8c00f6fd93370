import { getServerSession } from "next-auth";
import { z } from "zod";
import { authOptions } from "@/lib/auth/options";
import { assertAuthConfigured, getAuthEnv } from "@/lib/env";
import { errorResponse, NO_STORE_HEADERS, toErrorResponse } from "@/lib/http/errors";
import { assertSameOrigin, readJsonBody } from "@/lib/http/request";
import { issueTenantToken } from "@/lib/meilisearch/tenant-token";
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

    const session = await getServerSession(authOptions);
    if (!session?.tenant) return errorResponse("unauthorized", "Sign in to search your appointments.");

    await limitTokenRequests(session.user.username);

    // After Meilisearch rejected a token, re-check the parent key: it may have been rotated.
    const issued = await issueTenantToken(session.tenant, { revalidateKey: reason === "rejected" });
    return Response.json(issued satisfies TokenGrant, { headers: NO_STORE_HEADERS });
  } catch (error) {
    return toErrorResponse(error, "search-token");
  }
}
