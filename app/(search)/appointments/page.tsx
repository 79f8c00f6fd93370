import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { AppointmentSearch } from "@/components/appointment-search";
import { SiteHeader } from "@/components/site-header";
import { authOptions } from "@/lib/auth";
import { EnvError, getMeiliEnv } from "@/lib/env";

export const metadata: Metadata = { title: "My appointments" };

export default async function AppointmentsPage() {
  const session = await getServerSession(authOptions);
  if (!session?.tenant) redirect("/login?callbackUrl=/appointments");

  // Only the public host and the index name reach the browser; tokens come from /api/search-token.
  let meili;
  try {
    meili = getMeiliEnv();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(error.message);
  }

  return (
    <>
      <SiteHeader session={session} />
      <main className="page">
        <h1>{session.tenant.role === "patient" ? "My appointments" : "Appointments"}</h1>
        {meili ? (
          <AppointmentSearch host={meili.publicHost} indexUid={meili.indexUid} />
        ) : (
          <p className="alert alert-error" role="alert">
            Search is not configured on this server yet. The server log names the missing settings.
          </p>
        )}
      </main>
    </>
  );
}
