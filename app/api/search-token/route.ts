import { z } from "zod";
import { issueSessionToken } from "@/lib/auth/sessions";
import { optionalJson, withSession } from "@/lib/auth/route";
import { TOKEN_REASONS, type TokenGrant } from "@/lib/common/token-contract";
import { limitTokenRequests } from "@/lib/auth/rate-limit";

export const dynamic = "force-dynamic";

// The body may only say why a token is wanted. It can never name a tenant: that comes from the
// signed session. Unknown fields (patientId, searchRules, …) are refused, not ignored.
const tokenRequest = z.strictObject({ reason: z.enum(TOKEN_REASONS).optional() });

/** A tenant token for the session's own slice (see lib/meilisearch/tenant-token.ts). */
const POST = withSession(
  { context: "search-token", body: optionalJson(tokenRequest), signedOut: "Sign in to search your appointments." },
  async ({ body: { reason }, session }) => {
    await limitTokenRequests(session.username);
    const issued = await issueSessionToken(session, { reason });
    return Response.json(issued satisfies TokenGrant);
  },
);

export { POST };
