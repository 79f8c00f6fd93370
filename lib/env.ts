import "server-only";
import { z } from "zod";
import { ENV_DEFAULTS, LOCAL_TOOL_VARIABLES } from "./env-defaults";

/**
 * The environment variables the app server reads, parsed and validated here. Nothing here is sent
 * to the browser: the search page passes the public host and index name down as props.
 *
 * Parsing is lazy (first call), so `next build` needs no secrets. A security setting that fails
 * validation throws an EnvError wherever it is read, and the callers fail closed on it: no sign-in,
 * no session, no token (503 `misconfigured`). Logging it and carrying on is never an option.
 */

type EnvSource = Record<string, string | undefined>;

const HOW_TO_SET: Record<string, string> = {
  MEILI_HOST:
    "the Meilisearch URL the server talks to, e.g. http://127.0.0.1:7700. `npm run demo` starts a local server and sets it for you.",
  MEILI_MASTER_KEY:
    "at least 16 bytes. Better: leave it out of the app server's environment and set MEILI_ADMIN_KEY to the server's own key.",
  MEILI_ADMIN_KEY:
    "the app server's own Meilisearch key (lib/meilisearch/server-key.ts; `npm run demo` creates it and sets it for you). A master key in MEILI_MASTER_KEY also works, but gives the server more than it uses.",
  NEXTAUTH_SECRET:
    "a random value of at least 32 characters, no spaces, not a word or a repeated pattern: make one with `openssl rand -base64 32` (or `node -e \"console.log(crypto.randomBytes(32).toString('base64url'))\"`). `npm run demo` generates one into .env.local.",
  MEILI_INDEX: "letters, digits, `-` and `_` only.",
  TENANT_TOKEN_TTL_SECONDS: "a whole number of seconds from 5 to 86400.",
  NEXTAUTH_URL: "the app's public URL, e.g. https://appointments.example.com (http or https, no path).",
  RATE_LIMIT_LOGIN_PER_MINUTE: "a positive whole number.",
  RATE_LIMIT_LOGIN_CLIENT_PER_MINUTE: "a positive whole number, counted only with TRUST_PROXY set.",
  RATE_LIMIT_TOKEN_PER_MINUTE: "a positive whole number.",
  RATE_LIMIT_WRITES_PER_MINUTE: "a positive whole number.",
  BOOKING_MAX_UPCOMING_PER_DOCTOR: "a whole number from 1 to 1000.",
  BOOKING_MAX_UPCOMING: "a whole number from 1 to 1000.",
  DATABASE_URL:
    'a Postgres connection URL as the app\'s own role, which owns nothing, e.g. postgres://appointments_app:password@127.0.0.1:5432/appointments (README: "The two database roles"). `npm run demo` starts a local Postgres and sets it for you.',
  DATABASE_OWNER_URL:
    "the Postgres connection URL of the role that owns the database, e.g. postgres://appointments_owner:password@127.0.0.1:5432/appointments, for `npm run db:migrate`, `seed` and `users -- activate|deactivate` only; never for the app's server (README: \"The two database roles\"). With `npm run demo`'s own Postgres it is found in its data folder.",
  TRUST_PROXY:
    "`false` (no proxy, forwarded headers ignored), `true` (one proxy) or the number of proxies in front of the app (1 to 10).",
};

const meiliSchema = z.object({
  MEILI_HOST: z.url({ protocol: /^https?$/ }),
  MEILI_PUBLIC_HOST: z.url({ protocol: /^https?$/ }).optional(),
  MEILI_MASTER_KEY: z.string().min(16).optional(),
  MEILI_ADMIN_KEY: z.string().min(1).optional(),
  MEILI_INDEX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,100}$/)
    .default(ENV_DEFAULTS.MEILI_INDEX),
  TENANT_TOKEN_TTL_SECONDS: z.coerce.number().int().min(5).max(86_400).prefault(ENV_DEFAULTS.TENANT_TOKEN_TTL_SECONDS),
});

/** Checked alongside the schema (not in a zod refine, which is skipped when any field fails). */
function missingAdminKey(env: Record<string, unknown>): string[] {
  return env.MEILI_MASTER_KEY || env.MEILI_ADMIN_KEY ? [] : ["MEILI_ADMIN_KEY"];
}

const perMinute = (fallback: string) => z.coerce.number().int().min(1).max(1_000_000).prefault(fallback);

const rateLimitSchema = z.object({
  RATE_LIMIT_LOGIN_PER_MINUTE: perMinute(ENV_DEFAULTS.RATE_LIMIT_LOGIN_PER_MINUTE),
  RATE_LIMIT_LOGIN_CLIENT_PER_MINUTE: perMinute(ENV_DEFAULTS.RATE_LIMIT_LOGIN_CLIENT_PER_MINUTE),
  RATE_LIMIT_TOKEN_PER_MINUTE: perMinute(ENV_DEFAULTS.RATE_LIMIT_TOKEN_PER_MINUTE),
  // Exact spellings only: a typo such as `ture` must not silently mean "no proxy" or "trust".
  TRUST_PROXY: z
    .union([z.enum(["false", "true"]), z.string().regex(/^(?:[0-9]|10)$/)])
    .default(ENV_DEFAULTS.TRUST_PROXY)
    .transform((value) => (value === "true" ? 1 : value === "false" ? 0 : Number(value))),
});

/**
 * Bits of entropy a secret shows: its length times the Shannon entropy of its own character
 * frequencies, with the Miller-Madow correction ((distinct - 1) / (2 ln 2) bits in all) because
 * 32 characters are a small sample. Repetition, words and short alphabets score low ("password"
 * four times: 92), random bytes in base64 high (32 characters: 133 or more; 43, as the demo
 * generates: 195 or more, in 300,000 draws each). It cannot prove a secret random; it refuses
 * the values that are plainly not.
 */
export function estimatedEntropyBits(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  const length = [...value].length;
  let perChar = 0;
  for (const count of counts.values()) perChar -= (count / length) * Math.log2(count / length);
  return length * perChar + Math.max(counts.size - 1, 0) / (2 * Math.LN2);
}

const MIN_SECRET_ENTROPY_BITS = 128;

const authSchema = z.object({
  NEXTAUTH_SECRET: z
    .string()
    .min(32)
    .refine((value) => !/\s/u.test(value), "contains whitespace")
    .refine((value) => estimatedEntropyBits(value) >= MIN_SECRET_ENTROPY_BITS, "does not look random"),
  NEXTAUTH_URL: z.url({ protocol: /^https?$/ }).optional(),
});

const databaseSchema = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(?:ql)?$/ }),
});

const databaseOwnerSchema = z.object({
  DATABASE_OWNER_URL: z.url({ protocol: /^postgres(?:ql)?$/ }),
});

export type MeiliEnv = {
  host: string;
  /** The host the browser uses; differs from `host` behind Docker networks or proxies. */
  publicHost: string;
  adminKey: string;
  indexUid: string;
  tokenTtlSeconds: number;
};

export class EnvError extends Error {
  static merge(errors: EnvError[]): EnvError {
    return new EnvError(
      errors.flatMap((error) => error.variables),
      errors.flatMap((error) => error.details),
    );
  }

  constructor(
    readonly variables: string[],
    readonly details: string[],
  ) {
    super(
      [
        "Missing or invalid environment variables:",
        ...details,
        "Set them in .env.local (see .env.example) or in the environment.",
      ].join("\n"),
    );
    this.name = "EnvError";
  }
}

function parse<S extends z.ZodType>(
  schema: S,
  source: EnvSource,
  extraMissing: (env: Record<string, unknown>) => string[] = () => [],
): z.infer<S> {
  const blankless = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const result = schema.safeParse(blankless);
  const extra = extraMissing(blankless);
  if (result.success && extra.length === 0) return result.data;
  const invalid = result.success ? [] : result.error.issues.map((issue) => String(issue.path[0]));
  const variables = [...new Set([...invalid, ...extra])];
  const details = variables.map((name) => {
    const present = blankless[name] !== undefined;
    const fallback = name in ENV_DEFAULTS ? ` Default: ${ENV_DEFAULTS[name as keyof typeof ENV_DEFAULTS]}.` : "";
    return `  - ${name} is ${present ? "invalid" : "missing"}: ${HOW_TO_SET[name] ?? "see .env.example."}${fallback}`;
  });
  throw new EnvError(variables, details);
}

let meiliEnv: MeiliEnv | undefined;

export function getMeiliEnv(source: EnvSource = process.env): MeiliEnv {
  if (meiliEnv && source === process.env) return meiliEnv;
  const env = parse(meiliSchema, source, missingAdminKey);
  const parsed: MeiliEnv = {
    host: env.MEILI_HOST.replace(/\/+$/, ""),
    publicHost: (env.MEILI_PUBLIC_HOST ?? env.MEILI_HOST).replace(/\/+$/, ""),
    // The server's own key is preferred: the master key should live only where Meilisearch runs.
    adminKey: (env.MEILI_ADMIN_KEY ?? env.MEILI_MASTER_KEY)!,
    indexUid: env.MEILI_INDEX,
    tokenTtlSeconds: env.TENANT_TOKEN_TTL_SECONDS,
  };
  if (source === process.env) meiliEnv = parsed;
  return parsed;
}

/** The Postgres that holds the appointments and accounts (the source of truth). */
export function getDatabaseUrl(source: EnvSource = process.env): string {
  return parse(databaseSchema, source).DATABASE_URL;
}

/** The owner of the database, for migrations and the scripts that change data the app only reads. Never the server's. */
export function getDatabaseOwnerUrl(source: EnvSource = process.env): string {
  return parse(databaseOwnerSchema, source).DATABASE_OWNER_URL;
}

/**
 * For pages: the Meilisearch settings, or undefined (logged) when they are invalid, so the page can
 * say search is not configured instead of failing. Anything but an EnvError is thrown.
 */
export function meiliEnvForPage(): MeiliEnv | undefined {
  try {
    return getMeiliEnv();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(error.message);
    return undefined;
  }
}

export interface AuthEnv {
  /** The one secret NextAuth signs and encrypts sessions with (see `authOptions.secret`). */
  secret: string;
  /** The app's own origin, when NEXTAUTH_URL is set; otherwise taken from each request. */
  origin: string | undefined;
}

/**
 * Not cached: a cached value would hide a secret that became invalid, and parsing two strings is
 * cheap next to decrypting the session cookie it guards.
 */
export function getAuthEnv(source: EnvSource = process.env): AuthEnv {
  const env = parse(authSchema, source);
  return { secret: env.NEXTAUTH_SECRET, origin: env.NEXTAUTH_URL ? new URL(env.NEXTAUTH_URL).origin : undefined };
}

/**
 * The app's public URL for absolute links in page metadata (the Open Graph image): NEXTAUTH_URL,
 * else http://localhost:$PORT. Lenient on purpose: metadata is read at build time too, where no
 * setting is required, and a bad NEXTAUTH_URL is reported by getAuthEnv, not here.
 */
export function metadataBaseUrl(source: EnvSource = process.env): URL {
  return URL.parse(source.NEXTAUTH_URL ?? "") ?? new URL(`http://localhost:${source.PORT || ENV_DEFAULTS.PORT}`);
}

export interface RateLimits {
  /** Failed sign-ins per minute for one username. */
  loginFailuresPerUser: number;
  /** Sign-in attempts per minute from one client address; counted only when TRUST_PROXY is set. */
  loginAttemptsPerClient: number;
  /** Token requests per minute for one signed-in user. */
  tokensPerUser: number;
  /** How many reverse proxies in front of the app append to X-Forwarded-For; 0 = trust none. */
  trustedProxies: number;
}

export function getRateLimits(source: EnvSource = process.env): RateLimits {
  const env = parse(rateLimitSchema, source);
  return {
    loginFailuresPerUser: env.RATE_LIMIT_LOGIN_PER_MINUTE,
    loginAttemptsPerClient: env.RATE_LIMIT_LOGIN_CLIENT_PER_MINUTE,
    tokensPerUser: env.RATE_LIMIT_TOKEN_PER_MINUTE,
    trustedProxies: env.TRUST_PROXY,
  };
}

/** Every setting that sign-in and token issuance depend on; throws an EnvError naming each bad one. */
export function assertAuthConfigured(source: EnvSource = process.env): void {
  const failures: EnvError[] = [];
  for (const check of [getAuthEnv, getRateLimits]) {
    try {
      check(source);
    } catch (error) {
      if (!(error instanceof EnvError)) throw error;
      failures.push(error);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw EnvError.merge(failures);
}

const writeLimitSchema = z.object({
  RATE_LIMIT_WRITES_PER_MINUTE: perMinute(ENV_DEFAULTS.RATE_LIMIT_WRITES_PER_MINUTE),
  BOOKING_MAX_UPCOMING_PER_DOCTOR: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .prefault(ENV_DEFAULTS.BOOKING_MAX_UPCOMING_PER_DOCTOR),
  BOOKING_MAX_UPCOMING: z.coerce.number().int().min(1).max(1000).prefault(ENV_DEFAULTS.BOOKING_MAX_UPCOMING),
});

export interface WriteLimits {
  /** Appointment writes (bookings and changes) per minute for one signed-in user. */
  writesPerUser: number;
  /** Upcoming appointments one patient may hold with one doctor. */
  upcomingPerDoctor: number;
  /** Upcoming appointments one patient may hold in all. */
  upcomingInAll: number;
}

/** Not cached, like getAuthEnv: an invalid value stops writes (503 `misconfigured`) wherever it is read. */
export function getWriteLimits(source: EnvSource = process.env): WriteLimits {
  const env = parse(writeLimitSchema, source);
  return {
    writesPerUser: env.RATE_LIMIT_WRITES_PER_MINUTE,
    upcomingPerDoctor: env.BOOKING_MAX_UPCOMING_PER_DOCTOR,
    upcomingInAll: env.BOOKING_MAX_UPCOMING,
  };
}

/** Every variable the app server reads, with its parser; with the local tools' variables, all the project reads. */
export const APP_ENV_FIELDS = {
  ...meiliSchema.shape,
  ...authSchema.shape,
  ...rateLimitSchema.shape,
  ...writeLimitSchema.shape,
  ...databaseSchema.shape,
  ...databaseOwnerSchema.shape,
};

export const ENV_VARIABLES: readonly string[] = [...Object.keys(APP_ENV_FIELDS), ...LOCAL_TOOL_VARIABLES];
