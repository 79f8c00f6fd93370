import "server-only";
import { getServerSession, type Session } from "next-auth";
import { authOptions } from "./options";
import { signedInSession, type SignedInSession } from "./sessions";

/**
 * The request's session, as every route (lib/auth/route.ts) and page reads it: from the server's
 * own rows, never from what the cookie says. Three answers, not two: when Postgres cannot say
 * whether the session is live, the caller is neither signed in nor signed out. Routes answer 503
 * and pages show the outage; treating it as "signed out" would send a signed-in user to /login.
 */
type RequestSession =
  | { state: "signed_in"; session: Session; signedIn: SignedInSession }
  | { state: "signed_out" }
  | { state: "unavailable" };

export async function readRequestSession(): Promise<RequestSession> {
  const session = await getServerSession(authOptions);
  // Set by the jwt callback (lib/auth/options.ts) when the session's row could not be read.
  if (session?.unavailable) return { state: "unavailable" };
  const signedIn = signedInSession(session);
  return signedIn && session ? { state: "signed_in", session, signedIn } : { state: "signed_out" };
}

/** The one answer for "the session cannot be checked": 503 `database_unavailable`, never 401. */
export const SESSION_UNAVAILABLE_MESSAGE =
  "The database is not answering, so your sign-in cannot be checked. You are still signed in and nothing was changed; please try again shortly.";
