import type { Session } from "next-auth";
import { ROLE_LABELS } from "@/lib/shared/tenant";
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
          <strong>{session.user.name}</strong> <span className="role-chip">{ROLE_LABELS[session.tenant.role]}</span>
        </span>
        <SignOutButton />
      </div>
    </header>
  );
}
