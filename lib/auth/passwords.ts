import "server-only";
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

const COST = { N: 16384, r: 8, p: 1 } as const;
const MAXMEM = 64 * 1024 * 1024;

/** `scrypt$N$r$p$salt$hash`, base64url: the format of `accounts.password_hash`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, 32, { ...COST, maxmem: MAXMEM });
  return ["scrypt", COST.N, COST.r, COST.p, salt.toString("base64url"), hash.toString("base64url")].join("$");
}

// Compared against when the username is unknown, so a miss costs the same scrypt as a hit and
// response timing does not reveal which usernames exist. Its password is random and unknown.
const DUMMY_HASH = "scrypt$16384$8$1$rNBan1vNla0if6o6GP9Flg$JenvLYJ2Znz-T3xzfLS83eFB-7JqXsd-o3sHdnMP3xA";

/** True when `password` matches `encoded`; with no hash, spends the same scrypt and returns false. */
export async function verifyPassword(password: string, encoded: string | undefined): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = (encoded ?? DUMMY_HASH).split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = await scryptAsync(password, Buffer.from(salt, "base64url"), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAXMEM,
  });
  return timingSafeEqual(actual, expected) && encoded !== undefined;
}
