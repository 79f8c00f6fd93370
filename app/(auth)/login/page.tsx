import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@/lib/common/demo-accounts";
import { safeCallbackPath } from "@/lib/common/callback-url";
import { assertAuthConfigured, EnvError, getAuthEnv } from "@/lib/env";
import { ROLE_VIEWS } from "@/lib/common/role-views";
import { readRequestSession } from "@/lib/auth/request-session";
import { DatabaseOutageAlert } from "@/components/database-outage-alert";
import { SignInForm } from "@/components/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

/** The app's origin, for resolving the callback; only used to compare origins, never to redirect. */
const FALLBACK_ORIGIN = "http://localhost";

/**
 * The session, or why there can be none: invalid auth settings turn sign-in off (fail closed), and
 * while Postgres does not answer nobody can be told signed in or out (the page says so).
 */
async function readSession(): Promise<{ signedIn: boolean; misconfigured: boolean; unavailable: boolean }> {
  try {
    assertAuthConfigured();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    return { signedIn: false, misconfigured: true, unavailable: false };
  }
  const { state } = await readRequestSession();
  return { signedIn: state === "signed_in", misconfigured: false, unavailable: state === "unavailable" };
}

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const { signedIn, misconfigured, unavailable } = await readSession();
  const origin = misconfigured ? FALLBACK_ORIGIN : (getAuthEnv().origin ?? FALLBACK_ORIGIN);
  // Only a same-origin path: an open redirect after sign-in would be a phishing aid.
  const callbackUrl = safeCallbackPath((await searchParams).callbackUrl, origin);
  if (signedIn) redirect(callbackUrl);

  return (
    <main className="auth-page">
      <section className="card auth-card" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to your appointments</h1>
        <p className="muted">Each account sees only its own slice of the shared index.</p>
        {unavailable && (
          <DatabaseOutageAlert>
            <strong>Sign-in is unavailable right now.</strong> The appointments database is not answering. If you were
            signed in, you still are; we keep retrying and will take you to your appointments as soon as it is back.
          </DatabaseOutageAlert>
        )}
        {misconfigured ? (
          <p className="alert alert-error" role="alert">
            Sign-in is turned off: this server&apos;s security settings are missing or invalid. Its log names the
            setting to fix.
          </p>
        ) : (
          <SignInForm callbackUrl={callbackUrl} />
        )}
      </section>
      <section className="card demo-accounts" aria-labelledby="demo-accounts-title">
        <h2 id="demo-accounts-title">Demo accounts</h2>
        <p className="muted">
          Password for every account: <code>{DEMO_PASSWORD}</code>
        </p>
        <table>
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Role</th>
              <th scope="col">Name</th>
            </tr>
          </thead>
          <tbody>
            {DEMO_ACCOUNTS.map((account) => (
              <tr key={account.username}>
                <td>
                  <code>{account.username}</code>
                </td>
                <td>{ROLE_VIEWS[account.tenant.role].label}</td>
                <td>{account.displayName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}
