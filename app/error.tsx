"use client";

import { useEffect, useRef } from "react";

/** Any page that fails while rendering lands here, in the app's own look, with a way out. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <main className="error-page">
      <section className="card" aria-labelledby="error-title">
        <h1 id="error-title" ref={heading} tabIndex={-1}>
          Something went wrong
        </h1>
        <p className="muted">This page could not be shown. Your appointments are safe; try again, or start over.</p>
        <div className="error-actions">
          <button type="button" className="button primary" onClick={reset}>
            Try again
          </button>
          {/* A plain link, not next/link: this boundary loads on every page, so it stays tiny, and a full load is the right way out of an error. */}
          <a className="button" href="/appointments">
            Back to your appointments
          </a>
        </div>
      </section>
    </main>
  );
}
