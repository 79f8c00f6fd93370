import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { databaseOwnerUrl } from "../../devtools/database-owner";

let dir: string;
let savedDataDir: string | undefined;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "database-owner-test-"));
  savedDataDir = process.env.APP_DATA_DIR;
  process.env.APP_DATA_DIR = dir;
});
afterEach(() => {
  if (savedDataDir === undefined) delete process.env.APP_DATA_DIR;
  else process.env.APP_DATA_DIR = savedDataDir;
  rmSync(dir, { recursive: true, force: true });
});

function keepLocalCredentials() {
  const folder = path.join(dir, "postgres", "credentials");
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    path.join(folder, "roles.json"),
    JSON.stringify({
      superuser: { name: "postgres", password: "super-secret" },
      owner: { name: "appointments_owner", password: "owner/secret" },
      app: { name: "appointments_app", password: "app-secret" },
    }),
  );
}

describe("databaseOwnerUrl", () => {
  it("is DATABASE_OWNER_URL when set", () => {
    keepLocalCredentials();
    const env = {
      DATABASE_OWNER_URL: "postgres://owner:pw@db.example.com:5432/appointments",
      DATABASE_URL: "postgres://appointments_app:app-secret@127.0.0.1:5433/appointments",
    };
    expect(databaseOwnerUrl(env)).toBe("postgres://owner:pw@db.example.com:5432/appointments");
  });

  it("is the local demo's owner, on the same server, when DATABASE_URL is the local demo's app role", () => {
    keepLocalCredentials();
    expect(
      databaseOwnerUrl({ DATABASE_URL: "postgres://appointments_app:app-secret@127.0.0.1:5499/appointments" }),
    ).toBe("postgres://appointments_owner:owner%2Fsecret@127.0.0.1:5499/appointments");
  });

  it("otherwise names DATABASE_OWNER_URL and how to set it", () => {
    keepLocalCredentials();
    const elsewhere = { DATABASE_URL: "postgres://appointments_app:another@db.example.com:5432/appointments" };
    expect(() => databaseOwnerUrl(elsewhere)).toThrow(
      "DATABASE_OWNER_URL is missing: the Postgres connection URL of the role that owns the database",
    );
    rmSync(path.join(dir, "postgres"), { recursive: true });
    expect(() => databaseOwnerUrl({ DATABASE_URL: "postgres://appointments_app:app-secret@127.0.0.1:5433/x" })).toThrow(
      "DATABASE_OWNER_URL is missing",
    );
  });
});
