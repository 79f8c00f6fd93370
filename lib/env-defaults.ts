/**
 * Every environment variable's default, the app server's and the local tools': the one table.
 * lib/env.ts builds its schema on it, the tools (`npm run demo`, `dev`, `meili`) read theirs from
 * it, and tests/unit/env-defaults.test.ts checks `.env.example` and the README's table against it.
 * Values are strings, as the environment holds them. Plain data without `server-only`, because
 * the tools load it outside React's server condition (`npm run meili`, Playwright's loader).
 */
export const ENV_DEFAULTS = {
  MEILI_INDEX: "appointments",
  TENANT_TOKEN_TTL_SECONDS: "1200",
  RATE_LIMIT_LOGIN_PER_MINUTE: "10",
  RATE_LIMIT_LOGIN_CLIENT_PER_MINUTE: "60",
  RATE_LIMIT_TOKEN_PER_MINUTE: "30",
  RATE_LIMIT_WRITES_PER_MINUTE: "30",
  BOOKING_MAX_UPCOMING_PER_DOCTOR: "3",
  BOOKING_MAX_UPCOMING: "10",
  TRUST_PROXY: "false",
  // The local tools only: the app server never reads these.
  PORT: "3000",
  HOST: "localhost",
  MEILI_PORT: "7700",
  PG_PORT: "5433",
  APP_DATA_DIR: ".data",
} as const;

/** The variables the local tools read and the app server never does (MEILI_BIN has no default). */
export const LOCAL_TOOL_VARIABLES = ["PORT", "HOST", "MEILI_PORT", "PG_PORT", "APP_DATA_DIR", "MEILI_BIN"] as const;
