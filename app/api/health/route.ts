import { withRoute } from "@/lib/auth/route";
import { checkReadiness } from "@/lib/meilisearch/health";

export const dynamic = "force-dynamic";

/**
 * Readiness for load balancers and people: up or down, and which dependency is down. No counts.
 * Invalid settings are one of the things it reports, in its own shape, so it does not refuse first.
 */
const GET = withRoute({ context: "health", checkSettings: false }, async () => {
  const readiness = await checkReadiness();
  if (!readiness.ok) {
    const { reason, message, dependencies } = readiness;
    return Response.json(
      { status: "unavailable", code: reason, message, ...(dependencies && { dependencies }) },
      { status: 503 },
    );
  }
  return Response.json({ status: "ok", dependencies: readiness.dependencies });
});

export { GET };
