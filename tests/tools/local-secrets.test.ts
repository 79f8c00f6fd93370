import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recordLocalServices, removeFromLocalEnv } from "../../devtools/local-env";
import {
  ensureSecretFile,
  localMeiliMasterKey,
  masterKeyForTools,
  meiliMasterKeyFile,
  readSecretFile,
} from "../../devtools/local-secrets";
import { writeRunningDemo } from "../../devtools/running-demo";

const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);

let dir: string;
let envFile: string;
const saved = { APP_DATA_DIR: process.env.APP_DATA_DIR, MEILI_MASTER_KEY: process.env.MEILI_MASTER_KEY };
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "local-secrets-"));
  envFile = path.join(dir, ".env.local");
  process.env.APP_DATA_DIR = path.join(dir, ".data");
  delete process.env.MEILI_MASTER_KEY;
});
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe("ensureSecretFile", () => {
  it("generates a secret once, in a 0600 file of a 0700 folder, and returns it ever after", () => {
    const file = path.join(dir, "data", "secrets", "key");
    const first = ensureSecretFile(file);
    expect(first.created).toBe(true);
    expect(first.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(ensureSecretFile(file)).toEqual({ value: first.value, created: false });
    expect({ file: mode(file), folder: mode(path.dirname(file)) }).toEqual({ file: "600", folder: "700" });
    // Only that folder: the ones above stay passable (the local Postgres's user goes through them).
    expect(mode(path.join(dir, "data"))).not.toBe("700");
  });

  it("takes a given value, and readSecretFile tightens a file that was readable by others", () => {
    const file = path.join(dir, "key");
    expect(ensureSecretFile(file, "given-value")).toEqual({ value: "given-value", created: true });
    writeFileSync(file, "widened\n", { mode: 0o644 });
    expect(readSecretFile(file)).toBe("widened");
    expect(mode(file)).toBe("600");
    expect(readSecretFile(path.join(dir, "missing"))).toBeUndefined();
  });
});

describe("the local Meilisearch's master key", () => {
  it("is generated into the data folder, never into .env.local", () => {
    const lines: string[] = [];
    const key = localMeiliMasterKey((line) => lines.push(line), envFile);
    expect(meiliMasterKeyFile()).toBe(path.join(dir, ".data", "meilisearch", "master-key"));
    expect(readSecretFile(meiliMasterKeyFile())).toBe(key);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Generated the Meilisearch master key into .*master-key$/);
    expect(localMeiliMasterKey(() => {}, envFile)).toBe(key);
  });

  it("moves one an earlier version generated into .env.local, keeping every other line", () => {
    writeFileSync(
      envFile,
      "# Signs cookies\nNEXTAUTH_SECRET=s3cret\n# Master key of the local Meilisearch (generated).\nMEILI_MASTER_KEY=old-master-key-0123456789\nEXTRA=1\n",
      { mode: 0o644 },
    );
    process.env.MEILI_MASTER_KEY = "old-master-key-0123456789"; // as loadLocalEnv() leaves it
    const lines: string[] = [];
    expect(localMeiliMasterKey((line) => lines.push(line), envFile)).toBe("old-master-key-0123456789");
    expect(readSecretFile(meiliMasterKeyFile())).toBe("old-master-key-0123456789");
    expect(readFileSync(envFile, "utf8")).toBe("# Signs cookies\nNEXTAUTH_SECRET=s3cret\nEXTRA=1\n");
    expect(mode(envFile)).toBe("600");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Moved MEILI_MASTER_KEY from \.env\.local to .*master-key \(0600\)/);
  });

  it("lets a MEILI_MASTER_KEY set in the shell win over the file, and says so", () => {
    const key = localMeiliMasterKey(() => {}, envFile);
    process.env.MEILI_MASTER_KEY = "a-different-key-0123456789";
    const lines: string[] = [];
    expect(localMeiliMasterKey((line) => lines.push(line), envFile)).toBe("a-different-key-0123456789");
    expect(readSecretFile(meiliMasterKeyFile())).toBe(key);
    expect(lines[0]).toMatch(/MEILI_MASTER_KEY is set and differs from/);
  });
});

describe("masterKeyForTools", () => {
  it("is MEILI_MASTER_KEY when set, else the data folder's for the running demo's server, else nothing", () => {
    const key = localMeiliMasterKey(() => {}, envFile);
    const demoHost = "http://127.0.0.1:7799";
    writeRunningDemo({
      pid: process.pid,
      appUrl: "http://localhost:3000",
      meiliHost: demoHost,
      databaseUrl: "postgres://x",
    });
    expect(masterKeyForTools({ MEILI_MASTER_KEY: "set", MEILI_HOST: demoHost })).toBe("set");
    expect(masterKeyForTools({ MEILI_HOST: demoHost })).toBe(key);
    expect(masterKeyForTools({ MEILI_HOST: "https://search.example.com" })).toBeUndefined();
  });
});

describe("removeFromLocalEnv", () => {
  it("leaves a file without the variable untouched", () => {
    writeFileSync(envFile, "A=1\n");
    expect(removeFromLocalEnv("MEILI_MASTER_KEY", envFile)).toBe(false);
    expect(readFileSync(envFile, "utf8")).toBe("A=1\n");
  });
});

describe("recordLocalServices", () => {
  it("makes .env.local 0600 on every rewrite, also one that records nothing", () => {
    writeFileSync(envFile, "NEXTAUTH_SECRET=s3cret\n", { mode: 0o644 });
    recordLocalServices({}, envFile);
    expect(mode(envFile)).toBe("600");
  });
});
