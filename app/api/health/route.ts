import { NO_STORE_HEADERS } from "@/lib/http/errors";
import { checkReadiness } from "@/lib/meilisearch/health";

export const dynamic = "force-dynamic";

/** Readiness for load balancers and people: up or down, and which dependency is down. No counts. */
export async function GET() {
  const readiness = await checkReadiness();
  if (!readiness.ok) {
    const { reason, message, dependencies } = readiness;
    return Response.json(
      { status: "unavailable", code: reason, message, ...(dependencies && { dependencies }) },
      { status: 503, headers: NO_STORE_HEADERS },
    );
  }
  return Response.json({ status: "ok", dependencies: readiness.dependencies }, { headers: NO_STORE_HEADERS });
}
