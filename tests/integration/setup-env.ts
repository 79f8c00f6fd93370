import { randomBytes } from "node:crypto";
import { inject } from "vitest";

// The server modules read their settings from the environment, as in production.
const meili = inject("meili");
process.env.MEILI_HOST = meili.host;
// The server's own key, as `npm run demo` hands it; the master key is only for the tests' fixtures.
process.env.MEILI_ADMIN_KEY = meili.serverKey;
delete process.env.MEILI_MASTER_KEY;
process.env.MEILI_INDEX = meili.indexUid;
delete process.env.MEILI_PUBLIC_HOST;
// The app's own role, as the Next.js server connects: the tests exercise its real privileges.
process.env.DATABASE_URL = inject("database").url;
delete process.env.DATABASE_OWNER_URL;
// Sessions are read through NextAuth's own core (tests/integration/support/auth.ts).
process.env.NEXTAUTH_SECRET = randomBytes(32).toString("base64url");
process.env.NEXTAUTH_URL = "http://localhost:3000";
