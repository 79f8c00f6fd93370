import type { Session } from "next-auth";
import { ROLE_VIEWS } from "@/lib/common/role-views";
import { SignOutButton } from "./sign-out-button";

/** `session` is null while Postgres does not answer: only the brand then (see AppointmentsOutage). */
export function SiteHeader({ session }: { session: Session | null }) {
  return (
    <header className="site-header">
      <div className="brand">
        <span aria-hidden="true" className="brand-mark">
          ✚
        </span>
        <span className="brand-name">Appointments</span>
      </div>
      {session && (
        <div className="who">
          {/* On a phone only the name shows; "Signed in as" is still read out (see .who-name in CSS). */}
          <span className="who-name">
            Signed in as <strong>{session.user.name}</strong>{" "}
            <span className="role-chip">{ROLE_VIEWS[session.tenant.role].label}</span>
          </span>
          <SignOutButton />
          <SignOutButton everywhere />
        </div>
      )}
    </header>
  );
}
