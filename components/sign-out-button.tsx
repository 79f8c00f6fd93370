"use client";

import { useState } from "react";

/**
 * Posts to NextAuth's sign-out endpoint directly rather than through next-auth/react, which would
 * add its client (and session polling) to the search page's bundle for this one call. The full
 * page load that follows drops the in-memory token and result cache too.
 */
async function signOut() {
  const { csrfToken } = (await (await fetch("/api/auth/csrf", { cache: "no-store" })).json()) as { csrfToken: string };
  await fetch("/api/auth/signout", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, json: "true" }),
  });
}

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
