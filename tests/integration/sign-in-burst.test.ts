import { afterAll, describe, expect, it } from "vitest";
import { normalizeUsername } from "@/lib/auth/accounts";
import { beginSignInAttempt } from "@/lib/auth/rate-limit";
import { closeDb } from "@/lib/db/client";
import { DEMO_ACCOUNTS } from "@/lib/common/demo-accounts";
import { endAllSessions, signIn } from "./support/auth";

/** What the sign-in route does around NextAuth: the limits first, then the credential check. */
async function signInThroughTheLimits(username: string, password?: string) {
  let attempt;
  try {
    attempt = await beginSignInAttempt(new Request("http://localhost:3000/"), normalizeUsername(username)!);
  } catch (error) {
    return { status: (error as { status?: number }).status ?? 500, error: (error as { code?: string }).code };
  }
  try {
    const answer = await signIn(username, password);
    if (answer.cookie) await attempt.succeeded();
    return answer;
  } finally {
    attempt.finished();
  }
}

/**
 * A burst of sign-ins once put all its limit counts, account reads and audit writes in the
 * connection pools' queues at once; those still waiting for a connection after 3 s failed (503).
 * The sign-in path here is the route's: the limits (lib/auth/rate-limit.ts), then NextAuth.
 */
afterAll(() => endAllSessions());

describe("a burst of sign-ins", () => {
  it("120 at once on a cold connection pool: every one gets its real answer, none a connection timeout", async () => {
    await closeDb(); // the pool opens its connections during the burst, as after an idle spell
    const attempts = [
      ...Array.from({ length: 30 }, (_, i) =>
        signInThroughTheLimits(DEMO_ACCOUNTS[i % DEMO_ACCOUNTS.length]!.username),
      ),
      ...Array.from({ length: 90 }, (_, i) => signInThroughTheLimits(`burst-${i}`, "guess")),
    ];
    const answers = (await Promise.all(attempts)).map((answer) => `${answer.status} ${answer.error ?? "signed in"}`);
    const counts = Object.fromEntries(
      [...new Set(answers)].map((key) => [key, answers.filter((a) => a === key).length]),
    );
    expect(counts).toEqual({ "200 signed in": 30, "401 CredentialsSignin": 90 });
  });
});
