import type { Metadata } from "next";
import { connection } from "next/server";

export const metadata: Metadata = { title: "Page not found" };

/**
 * Rendered per request, never prebuilt: the proxy sets a fresh CSP nonce on every request, and
 * Next.js can only put it on this page's scripts when it renders the page for that request. A
 * prebuilt 404 carries no nonce, so the browser would block all of its scripts.
 */
export default async function NotFound() {
  await connection();
  return (
    <main className="error-page">
      <section className="card" aria-labelledby="not-found-title">
        <p className="error-code" aria-hidden="true">
          404
        </p>
        <h1 id="not-found-title">Page not found</h1>
        <p className="muted">
          This address does not lead anywhere in the appointments app. It may have been mistyped or moved.
        </p>
        {/* A plain link: next/link here would add its client code to every page, since the root
            not-found boundary is part of every route. The lint rule has said so since the
            dynamic /appointments/[id] route exists. */}
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
        <a className="button primary" href="/appointments">
          Back to your appointments
        </a>
      </section>
    </main>
  );
}
