import "server-only";
import { z } from "zod";

/**
 * Every environment variable the server reads, parsed once. Nothing here is sent to the browser:
 * the search page passes the public host and index name down as props.
 *
 * Parsing is lazy (first call), so `next build` needs no secrets.
 */

/** Fixed uid of the dedicated parent key for tenant tokens. A fixed uid gives a stable key value. */
export const DEFAULT_SEARCH_KEY_UID = "5b1d5e0c-4a52-4c8e-9d1e-2f6a7c3b9e41";

type EnvSource = Record<string, string | undefined>;

const HOW_TO_SET: Record<string, string> = {
  MEILI_HOST:
    "the Meilisearch URL the server talks to, e.g. http://127.0.0.1:7700. `npm run demo` starts a local server and sets it for you.",
  MEILI_MASTER_KEY:
    "the master key of your Meilisearch server (at least 16 bytes). `npm run demo` generates one into .env.local. Alternatively set MEILI_ADMIN_KEY.",
  NEXTAUTH_SECRET:
    "a random string of at least 32 characters, e.g. `openssl rand -base64 32`. `npm run demo` generates one into .env.local.",
  MEILI_INDEX: "letters, digits, `-` and `_` only (default: appointments).",
  MEILI_SEARCH_KEY_UID: "a UUID v4 naming the parent key for tenant tokens.",
  TENANT_TOKEN_TTL_SECONDS: "a whole number of seconds from 5 to 86400 (default: 1200).",
  RATE_LIMIT_LOGIN_PER_MINUTE: "a positive whole number (default: 10).",
  RATE_LIMIT_TOKEN_PER_MINUTE: "a positive whole number (default: 30).",
};

const meiliSchema = z.object({
    MEILI_HOST: z.url({ protocol: /^https?$/ }),
    MEILI_PUBLIC_HOST: z.url({ protocol: /^https?$/ }).optional(),
    MEILI_MASTER_KEY: z.string().min(16).optional(),
    MEILI_ADMIN_KEY: z.string().min(1).optional(),
    MEILI_INDEX: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,100}$/)
      .default("appointments"),
    MEILI_SEARCH_KEY_UID: z.uuid().default(DEFAULT_SEARCH_KEY_UID),
    TENANT_TOKEN_TTL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(1200),
});

/** Checked alongside the schema (not in a zod refine, which is skipped when any field fails). */
function missingAdminKey(env: Record<string, unknown>): string[] {
  return env.MEILI_MASTER_KEY || env.MEILI_ADMIN_KEY ? [] : ["MEILI_MASTER_KEY"];
}

const rateLimitSchema = z.object({
  RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_TOKEN_PER_MINUTE: z.coerce.number().int().min(1).default(30),
});

const authSchema = z.object({
  NEXTAUTH_SECRET: z.string().min(32),
  NEXTAUTH_URL: z.url().optional(),
});

export type MeiliEnv = {
  host: string;
  /** The host the browser uses; differs from `host` behind Docker networks or proxies. */
  publicHost: string;
  adminKey: string;
  indexUid: string;
  searchKeyUid: string;
  tokenTtlSeconds: number;
};

export class EnvError extends Error {
  constructor(readonly variables: string[], details: string[]) {
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
    return `  - ${name} is ${present ? "invalid" : "missing"}: ${HOW_TO_SET[name] ?? "see .env.example."}`;
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
    // The admin key is preferred: the master key should live only where Meilisearch runs.
    adminKey: (env.MEILI_ADMIN_KEY ?? env.MEILI_MASTER_KEY)!,
    indexUid: env.MEILI_INDEX,
    searchKeyUid: env.MEILI_SEARCH_KEY_UID,
    tokenTtlSeconds: env.TENANT_TOKEN_TTL_SECONDS,
  };
  if (source === process.env) meiliEnv = parsed;
  return parsed;
}

export function getAuthSecret(source: EnvSource = process.env): string {
  return parse(authSchema, source).NEXTAUTH_SECRET;
}

/** Requests per minute, per client IP and per user. */
export function getRateLimits(source: EnvSource = process.env): { login: number; token: number } {
  const env = parse(rateLimitSchema, source);
  return { login: env.RATE_LIMIT_LOGIN_PER_MINUTE, token: env.RATE_LIMIT_TOKEN_PER_MINUTE };
}
