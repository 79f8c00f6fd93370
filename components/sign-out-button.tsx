"use client";

import { useState } from "react";
import { signOut } from "@/lib/browser/auth-client";

/** The full page load after signing out drops the in-memory token and result cache too. */
export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="button"
      disabled={pending}
      onClick={async () => {
        setPending(true);
        try {
          await signOut();
        } finally {
          window.location.replace("/login");
        }
      }}
    >
      Sign out
    </button>
  );
}
