import { inject } from "vitest";

// The server modules read their settings from the environment, as in production.
const meili = inject("meili");
process.env.MEILI_HOST = meili.host;
process.env.MEILI_MASTER_KEY = meili.masterKey;
process.env.MEILI_INDEX = meili.indexUid;
delete process.env.MEILI_ADMIN_KEY;
delete process.env.MEILI_PUBLIC_HOST;
// The app's own role, as the Next.js server connects: the tests exercise its real privileges.
process.env.DATABASE_URL = inject("database").url;
delete process.env.DATABASE_OWNER_URL;
// Sessions are read through NextAuth's own core (tests/integration/support/auth.ts).
process.env.NEXTAUTH_SECRET = "integration-tests-only-secret-0123456789abcdef";
process.env.NEXTAUTH_URL = "http://localhost:3000";
