"use client";

import { useState } from "react";
import { signOut } from "@/lib/browser/auth-client";

/**
 * The full page load after signing out drops the in-memory token and result cache too. If the
 * server could not end the session (503), the page stays and says so: the user is still signed in.
 */
export function SignOutButton() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={pending}
        onClick={async () => {
          setPending(true);
          setError(null);
          const result = await signOut();
          if (result.ok) return window.location.replace("/login");
          setPending(false);
          setError(result.message);
        }}
      >
        Sign out
      </button>
      {error && (
        <p className="alert alert-error header-alert" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
