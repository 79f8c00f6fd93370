import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AppointmentDetail } from "@/components/appointment-detail";
import { AppointmentsOutage } from "@/components/appointments-outage";
import { SiteHeader } from "@/components/site-header";
import { loginPath } from "@/lib/common/callback-url";
import { meiliEnvForPage } from "@/lib/env";
import { readRequestSession } from "@/lib/auth/request-session";

// Per request, always: the page reads the session (and so the secret), which `next build` need not have.
export const dynamic = "force-dynamic";

// The same title whatever the id: the server never looks the appointment up, so it cannot tell.
export const metadata: Metadata = { title: "Appointment" };

/**
 * One appointment. The server only checks the session; the appointment itself is read in the
 * browser with the tenant token (components/appointment-detail.tsx), so this page can show nothing
 * the token could not find.
 */
export default async function AppointmentPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const read = await readRequestSession();
  // Postgres cannot say whether the session is live: the user is not signed out, so no redirect.
  if (read.state === "unavailable") return <AppointmentsOutage />;
  if (read.state === "signed_out") redirect(loginPath(`/appointments/${encodeURIComponent(id)}`));
  const { session } = read;

  const meili = meiliEnvForPage();
  const { from } = await searchParams;

  return (
    <>
      <SiteHeader session={session} />
      <main className="page detail-page">
        {meili ? (
          <AppointmentDetail
            host={meili.publicHost}
            indexUid={meili.indexUid}
            role={session.tenant.role}
            rawId={id}
            from={typeof from === "string" ? from : undefined}
          />
        ) : (
          <p className="alert alert-error" role="alert">
            Search is not configured on this server yet. The server log names the missing settings.
          </p>
        )}
      </main>
    </>
  );
}
