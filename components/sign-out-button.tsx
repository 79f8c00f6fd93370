"use client";

import { signOut } from "next-auth/react";

/** Signing out navigates away with a full page load, so the token and the result cache are gone too. */
export function SignOutButton() {
  return (
    <button type="button" className="button" onClick={() => signOut({ callbackUrl: "/login" })}>
      Sign out
    </button>
  );
}
