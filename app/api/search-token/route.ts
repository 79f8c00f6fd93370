import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/auth";
import { errorResponse, NO_STORE_HEADERS, toErrorResponse } from "@/lib/errors";
import { issueTenantToken } from "@/lib/meilisearch/tenant-token";

export const dynamic = "force-dynamic";

/**
 * Session -> tenant token. The tenant comes from the signed session only; the request body can at
 * most ask us to re-check the parent key after Meilisearch rejected a token.
 */
export async function POST(request: Request) {
  const session = await getServerSession(authOptions);
  if (!session?.tenant) return errorResponse("unauthorized", "Sign in to search your appointments.");

  const revalidateKey = new URL(request.url).searchParams.get("reason") === "rejected";
  try {
    const issued = await issueTenantToken(session.tenant, { revalidateKey });
    return Response.json(issued, { headers: NO_STORE_HEADERS });
  } catch (error) {
    return toErrorResponse(error, "search-token");
  }
}
