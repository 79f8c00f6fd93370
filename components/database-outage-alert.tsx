"use client";

import { useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";

/** How often the page renders itself again while Postgres does not answer. */
const RETRY_MS = 5_000;

/**
 * While Postgres does not answer, no session can be checked: a page shows this instead of sending
 * a signed-in user to the sign-in page (the cookie is left as it is), and asks the server again
 * every few seconds while the tab is visible, so it comes back by itself with the database.
 */
export function DatabaseOutageAlert({ children }: { children: ReactNode }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, RETRY_MS);
    return () => clearInterval(timer);
  }, [router]);
  return (
    <div className="alert alert-error" role="alert">
      {children}
    </div>
  );
}
