import { NO_STORE_HEADERS } from "@/lib/http/errors";
import { checkReadiness } from "@/lib/meilisearch/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const readiness = await checkReadiness();
  if (!readiness.ok) {
    return Response.json(
      { status: "unavailable", code: readiness.reason, message: readiness.message },
      { status: 503, headers: NO_STORE_HEADERS },
    );
  }
  return Response.json({ status: "ok", index: readiness.index, sync: readiness.sync }, { headers: NO_STORE_HEADERS });
}
