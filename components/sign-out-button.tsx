"use client";

import { useState } from "react";
import { signOut, signOutEverywhere } from "@/lib/browser/auth-client";

/**
 * "Sign out" ends this session; `everywhere` ends all of the user's sessions and their tokens.
 * Either way the full page load to /login drops the in-memory token and result cache. If the
 * server could not end them (a 503 keeps the cookie), the page stays and says so: the user is
 * still signed in. On a phone "Sign out everywhere" shows as "Everywhere", with the same
 * accessible name.
 */
export function SignOutButton({ everywhere = false }: { everywhere?: boolean }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className={everywhere ? "button sign-out-everywhere" : "button"}
        disabled={pending}
        onClick={async () => {
          setPending(true);
          setError(null);
          const result = await (everywhere ? signOutEverywhere() : signOut());
          if (result.ok) return window.location.replace("/login");
          setPending(false);
          setError(result.message);
        }}
      >
        {everywhere ? (
          <>
            <span className="label-full">Sign out everywhere</span>
            <span className="label-short" aria-hidden="true">
              Everywhere
            </span>
          </>
        ) : (
          "Sign out"
        )}
      </button>
      {error && (
        <p className="alert alert-error header-alert" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
