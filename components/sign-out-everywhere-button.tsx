"use client";

import { useState } from "react";
import { signOutEverywhere } from "@/lib/browser/auth-client";

/**
 * Ends all of the user's sessions and their tokens, then this page goes to /login like "Sign out".
 * On a phone only "Everywhere" shows; the accessible name stays "Sign out everywhere".
 */
export function SignOutEverywhereButton() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="button sign-out-everywhere"
        disabled={pending}
        onClick={async () => {
          setPending(true);
          setError(null);
          const result = await signOutEverywhere();
          if (result.ok) return window.location.replace("/login");
          setPending(false);
          setError(result.message);
        }}
      >
        <span className="label-full">Sign out everywhere</span>
        <span className="label-short" aria-hidden="true">
          Everywhere
        </span>
      </button>
      {error && (
        <p className="alert alert-error header-alert" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
