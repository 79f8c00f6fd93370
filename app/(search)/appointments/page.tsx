import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { loginPath } from "@/lib/common/callback-url";
import { AppointmentSearch } from "@/components/appointment-search";
import { AppointmentsOutage } from "@/components/appointments-outage";
import { PageHeading } from "@/components/page-heading";
import { SiteHeader } from "@/components/site-header";
import { readRequestSession } from "@/lib/auth/request-session";
import { meiliEnvForPage } from "@/lib/env";
import { RESULTS_ID, ROLE_VIEWS, SEARCH_INPUT_ID } from "@/lib/common/role-views";
import { listDoctors } from "@/lib/db/queries/appointments";
import type { DoctorOption } from "@/lib/common/write-contract";

// Per request, always: the page reads the session (and so the secret), which `next build` need not have.
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const read = await readRequestSession();
  return { title: read.state === "signed_in" ? ROLE_VIEWS[read.signedIn.tenant.role].heading : "Appointments" };
}

export default async function AppointmentsPage() {
  const read = await readRequestSession();
  // Postgres cannot say whether the session is live: the user is not signed out, so no redirect.
  if (read.state === "unavailable") return <AppointmentsOutage />;
  if (read.state === "signed_out") redirect(loginPath("/appointments"));
  const { session } = read;

  // Only the public host and the index name reach the browser; tokens come from /api/search-token.
  const meili = meiliEnvForPage();
  // The role only picks headings and which columns to show; what the user can see is set by the token.
  const view = ROLE_VIEWS[session.tenant.role];
  const doctors = session.tenant.role === "patient" ? await bookableDoctors() : null;

  return (
    <>
      <nav className="skip-links" aria-label="Skip links">
        <a href={`#${SEARCH_INPUT_ID}`}>Skip to search</a>
        <a href={`#${RESULTS_ID}`}>Skip to results</a>
      </nav>
      <SiteHeader session={session} />
      <main className="page">
        {meili ? (
          <AppointmentSearch
            host={meili.publicHost}
            indexUid={meili.indexUid}
            role={session.tenant.role}
            doctors={doctors}
          />
        ) : (
          <>
            <PageHeading title={view.heading} intro={view.intro} />
            <p className="alert alert-error" role="alert">
              Search is not configured on this server yet. The server log names the missing settings.
            </p>
          </>
        )}
      </main>
    </>
  );
}

/**
 * The booking form's doctors. Search does not need the database, so an outage here only turns
 * booking off (the form says so); the page and its search still work.
 */
async function bookableDoctors(): Promise<DoctorOption[] | null> {
  try {
    return await listDoctors();
  } catch (error) {
    console.error(`[appointments] could not list doctors: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}
