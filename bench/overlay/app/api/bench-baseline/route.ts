import { z } from "zod";
import { optionalJson, withSession } from "@/lib/auth/route";

export const dynamic = "force-dynamic";

/**
 * Bench only (copied into the harness's build, never into app/): the token route's way in (the
 * same wrapper, body check and session read from Postgres), then a constant. The token route's
 * throughput is reported as a ratio of this one's, so the ratio measures only its own work.
 */
const POST = withSession(
  {
    context: "bench-baseline",
    body: optionalJson(z.strictObject({})),
    signedOut: "Sign in to search your appointments.",
  },
  async () => Response.json({ ok: true }),
);

export { POST };
