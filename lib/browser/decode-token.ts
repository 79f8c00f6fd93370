import "client-only";
/**
 * Reads the claims of a tenant token for display in the browser. It does not verify the
 * signature: Meilisearch does that on every search, and nothing here is trusted for access.
 * The signature and the header are dropped, so the UI has nothing secret-looking to show.
 */

export interface TenantTokenClaims {
  /** What Meilisearch enforces, e.g. `{ appointments: { filter: 'patient_id = "p-john"' } }`. */
  searchRules: unknown;
  /** The uid of the parent key that signed the token (an identifier, not the key). */
  apiKeyUid: string;
  /** Expiry in unix seconds, if the token has one. */
  exp: number | undefined;
}

function decodeBase64Url(segment: string): string {
  const base64 = segment.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(padded), (char) => char.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The payload of a JWT-shaped tenant token, or `null` when it is not one. */
export function decodeTenantToken(token: string): TenantTokenClaims | null {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const payload: unknown = JSON.parse(decodeBase64Url(parts[1]));
    if (typeof payload !== "object" || payload === null) return null;
    const { searchRules, apiKeyUid, exp } = payload as Record<string, unknown>;
    if (typeof apiKeyUid !== "string" || searchRules === undefined) return null;
    return { searchRules, apiKeyUid, exp: typeof exp === "number" ? exp : undefined };
  } catch {
    return null;
  }
}
