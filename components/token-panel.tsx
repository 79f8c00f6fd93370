"use client";

import { useId, useMemo, useState, useSyncExternalStore } from "react";
import { decodeTenantToken } from "@/lib/browser/decode-token";
import { formatShortDateTime } from "@/lib/browser/format-date";
import type { TokenObserver } from "@/lib/browser/search-client";
import { ExpiryCountdown } from "./expiry-countdown";

const noToken = () => undefined;

/**
 * "Why do I only see my appointments?" (in each role's words): the tenant token this tab searches
 * with, decoded in the browser. Only the payload is shown; the signature, and of course the key,
 * never are.
 */
export function TokenPanel({ token, question }: { token: TokenObserver; question: string }) {
  const [open, setOpen] = useState(false);
  const raw = useSyncExternalStore(token.subscribe, token.getSnapshot, noToken);
  const claims = useMemo(() => (raw ? decodeTenantToken(raw) : null), [raw]);
  const id = useId();

  return (
    <section className="token-panel">
      <h2 className="token-panel-title">
        <button type="button" aria-expanded={open} aria-controls={id} onClick={() => setOpen((value) => !value)}>
          {question}
        </button>
      </h2>
      <div id={id} role="region" aria-label="Your search token" hidden={!open} className="token-panel-body">
        <p>
          Your browser searches Meilisearch directly with a short-lived <em>tenant token</em> that our server signed for
          your account alone. Meilisearch adds the token&rsquo;s filter with AND to every search, so nothing this page
          sends&mdash;query, filters or sort&mdash;can widen what you see.
        </p>
        {claims ? (
          <dl className="token-claims">
            <div>
              <dt>
                Search rules <code>searchRules</code>
              </dt>
              <dd>
                <pre>{JSON.stringify(claims.searchRules, null, 2)}</pre>
              </dd>
            </div>
            <div>
              <dt>
                Signed by the key with uid <code>apiKeyUid</code>
              </dt>
              <dd>
                <code>{claims.apiKeyUid}</code>
              </dd>
            </div>
            {claims.exp !== undefined && (
              <div>
                <dt>
                  Expires <code>exp</code>
                </dt>
                <dd>
                  <time dateTime={new Date(claims.exp * 1000).toISOString()}>
                    {formatShortDateTime(new Date(claims.exp * 1000))}
                  </time>{" "}
                  (in <ExpiryCountdown expiresAtMs={claims.exp * 1000} />; a fresh token replaces it before then)
                </dd>
              </div>
            )}
          </dl>
        ) : (
          <p className="muted">The token arrives with your first search.</p>
        )}
        <p className="muted token-note">
          This is the token&rsquo;s payload, decoded here in your browser. Its signature and the key that signed it are
          never shown, and the token itself lives only in this tab&rsquo;s memory: never in the URL or in storage.
        </p>
      </div>
    </section>
  );
}
