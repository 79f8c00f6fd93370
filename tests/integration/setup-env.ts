import { inject } from "vitest";

// The server modules read their settings from the environment, as in production.
const meili = inject("meili");
process.env.MEILI_HOST = meili.host;
process.env.MEILI_MASTER_KEY = meili.masterKey;
process.env.MEILI_INDEX = meili.indexUid;
process.env.MEILI_SEARCH_KEY_UID = meili.searchKeyUid;
delete process.env.MEILI_ADMIN_KEY;
delete process.env.MEILI_PUBLIC_HOST;
process.env.DATABASE_URL = inject("database").url;
