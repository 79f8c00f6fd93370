import { DatabaseOutageAlert } from "./database-outage-alert";
import { SiteHeader } from "./site-header";

/** A signed-in page while Postgres does not answer: who is signed in cannot be read, so no names. */
export function AppointmentsOutage() {
  return (
    <>
      <SiteHeader session={null} />
      <main className="page">
        <h1>Appointments</h1>
        <DatabaseOutageAlert>
          <strong>Your appointments are unavailable right now.</strong> The appointments database is not answering. You
          are still signed in; we keep retrying and will show your appointments as soon as it is back.
        </DatabaseOutageAlert>
      </main>
    </>
  );
}
