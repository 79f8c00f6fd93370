import "server-only";
import { scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import { DEMO_ACCOUNTS, type DemoAccount } from "../common/demo-accounts";

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

export interface Account extends DemoAccount {
  /** `scrypt$N$r$p$salt$hash`, base64url. Every demo password is DEMO_PASSWORD. */
  passwordHash: string;
}

const PASSWORD_HASHES: Record<string, string> = {
  john: "scrypt$16384$8$1$yoleyjtCQ04KxyjBDk8_Zw$fQ_bwh7T5O5iBdDBWgv3obho4gOAbbBN8XGAUW1Et48",
  zia: "scrypt$16384$8$1$aDUlXN2dDDS3VMeImlqZiA$Mgz_UHjCGufng79MUm7-Kr-LxihmRZNDdwV8m6wpsa8",
  kevin: "scrypt$16384$8$1$GflhiH-VQqf5ze3m1hFRLA$rkUqSNJNmJBz_2MuKJRRNXlVhNvYTWk24XpquIO16U4",
  "dr-patel": "scrypt$16384$8$1$SYgTwfDTlXiSghmPAfDbeQ$32ycDzr0ULQYPvof9jdk4f7FMWWcilBjMg7ZG2WuPTg",
  "front-desk-north": "scrypt$16384$8$1$7tyc0gVfJKQxk3Orq4g3yg$v76jCjx0q9iucCmcyQ_3LZUbZY7hLgtvix6AQzfGBFU",
};

export const ACCOUNTS: readonly Account[] = DEMO_ACCOUNTS.map((account) => ({
  ...account,
  passwordHash: PASSWORD_HASHES[account.username]!,
}));

// Compared against when the username is unknown, so a miss costs the same scrypt as a hit and
// response timing does not reveal which usernames exist. Its password is random and unknown.
const DUMMY_HASH = "scrypt$16384$8$1$rNBan1vNla0if6o6GP9Flg$JenvLYJ2Znz-T3xzfLS83eFB-7JqXsd-o3sHdnMP3xA";

export const MAX_CREDENTIAL_LENGTH = 128;

/**
 * The one spelling of a username, used by the credential check and the sign-in rate limiter alike,
 * so that " JOHN", "john" and the full-width "ｊｏｈｎ" are one account and one failure counter.
 * Returns null for anything that cannot be a username (not a string, empty, too long).
 */
export function normalizeUsername(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const normalized = value.normalize("NFKC").trim().toLowerCase();
  return normalized && normalized.length <= MAX_CREDENTIAL_LENGTH ? normalized : null;
}

async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = encoded.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = await scryptAsync(password, Buffer.from(salt, "base64url"), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return timingSafeEqual(actual, expected);
}

/** Returns the account when the password matches; always spends one scrypt, hit or miss. */
export async function verifyCredentials(username: unknown, password: unknown): Promise<Account | null> {
  const name = normalizeUsername(username);
  if (name === null || typeof password !== "string" || password.length > MAX_CREDENTIAL_LENGTH) return null;
  const account = ACCOUNTS.find((candidate) => candidate.username === name);
  const matches = await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH);
  return account && matches ? account : null;
}
