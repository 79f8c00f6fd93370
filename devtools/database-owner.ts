/**
 * Where scripts that need the database's owner (db:migrate, seed, users -- activate|deactivate)
 * find it. The Next.js server never does: it runs as the app's role (DATABASE_URL) only.
 */
import { getDatabaseOwnerUrl } from "../lib/env";
import { readLocalCredentials } from "./postgres-server";

/**
 * DATABASE_OWNER_URL when set. Otherwise, when DATABASE_URL is the app's role of the local demo's
 * Postgres (the user and password kept in dataDir()/postgres/credentials/roles.json), the owner of
 * that same server, from the same file. Otherwise an EnvError naming DATABASE_OWNER_URL and how to
 * set it.
 */
export function databaseOwnerUrl(env: Record<string, string | undefined> = process.env): string {
  if (!env.DATABASE_OWNER_URL) {
    const local = localOwnerUrl(env.DATABASE_URL);
    if (local) return local;
  }
  return getDatabaseOwnerUrl(env);
}

/** The local demo's owner URL, on the host and port of `appUrl`, if `appUrl` is that demo's app role. */
function localOwnerUrl(appUrl: string | undefined): string | undefined {
  const credentials = readLocalCredentials();
  if (!appUrl || !credentials) return undefined;
  let url: URL;
  try {
    url = new URL(appUrl);
  } catch {
    return undefined;
  }
  const { app, owner } = credentials;
  if (decodeURIComponent(url.username) !== app.name || decodeURIComponent(url.password) !== app.password)
    return undefined;
  url.username = encodeURIComponent(owner.name);
  url.password = encodeURIComponent(owner.password);
  return url.toString();
}
