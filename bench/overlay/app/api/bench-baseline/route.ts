import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { errorResponse, NO_STORE_HEADERS } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

/**
 * Bench only (copied into the harness's build, never into app/): the token route's session check,
 * then a constant. The token route's throughput is reported as a ratio of this one's.
 */
export async function POST() {
  const session = await getServerSession(authOptions);
  if (!session?.tenant) return errorResponse("unauthorized", "Sign in to search your appointments.");
  return Response.json({ ok: true }, { headers: NO_STORE_HEADERS });
}
