import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@/lib/accounts";
import { authOptions } from "@/lib/auth";
import { ROLE_LABELS } from "@/lib/tenant";
import { SignInForm } from "@/components/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

/** Only same-site paths: an open redirect after login would be a phishing aid. */
function safeCallbackUrl(value: string | string[] | undefined): string {
  const url = Array.isArray(value) ? value[0] : value;
  return url && url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\") ? url : "/appointments";
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl);
  if (await getServerSession(authOptions)) redirect(callbackUrl);

  return (
    <main className="auth-page">
      <section className="card auth-card" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to your appointments</h1>
        <p className="muted">Each account sees only its own slice of the shared index.</p>
        <SignInForm callbackUrl={callbackUrl} />
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
                <td>{ROLE_LABELS[account.tenant.role]}</td>
                <td>{account.displayName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}
