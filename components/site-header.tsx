import type { Session } from "next-auth";
import { ROLE_VIEWS } from "@/lib/shared/role-views";
import { SignOutButton } from "./sign-out-button";

export function SiteHeader({ session }: { session: Session }) {
  return (
    <header className="site-header">
      <div className="brand">
        <span aria-hidden="true" className="brand-mark">
          ✚
        </span>
        <span className="brand-name">Appointments</span>
      </div>
      <div className="who">
        <span className="who-name">
          <span className="visually-hidden">Signed in as </span>
          <strong>{session.user.name}</strong>{" "}
          <span className="role-chip">{ROLE_VIEWS[session.tenant.role].label}</span>
        </span>
        <SignOutButton />
      </div>
    </header>
  );
}
