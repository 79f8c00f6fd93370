import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { bookAppointment, changeAppointment } from "@/lib/appointments/writes";
import { assertAppRole } from "@/lib/db/app-role";
import { closeDb } from "@/lib/db/client";
import { AppError } from "@/lib/http/errors";
import { searchSync } from "@/lib/sync/search-sync";
import { freePort } from "../../devtools/ports";
import { asUser, postgresUrl, serviceUser, type ServiceUser } from "../../devtools/postgres-server";
import { exitCode, spawnSupervised, stopProcessGroup } from "../../devtools/processes";
import { seedAppointments } from "../../devtools/seed";
import { TENANTS } from "../support/expected";
import { futureSlot } from "./support/writes";
import { masterClient } from "./support/meilisearch";

/**
 * The README's two-role SQL, run as written on a PostgreSQL the app did not start: Debian's
 * `postgresql` package (`apt-get install -y postgresql`), a cluster of its own in a temporary
 * folder and port, as its superuser. Then `npm run db:migrate` with the two URLs, as the README
 * says, and the app's write path as the app's role. Proof that the instructions for Neon, RDS or a
 * company server hold.
 *
 * The block is the ```sql fence right after the line `<!-- two-role-sql -->` in README.md. Its
 * only placeholders are `<owner-password>` and `<app-password>`: the test puts random passwords
 * there, and changes nothing else.
 */

const README = path.resolve("README.md");
const MARKER = "<!-- two-role-sql -->";
const { masterKey } = inject("meili");
const INDEX = "appointments-debian-postgres";

/** The block as written in the README. */
function twoRoleSql(readme: string = readFileSync(README, "utf8")): string {
  const at = readme.indexOf(MARKER);
  if (at < 0) throw new Error(`README.md has no line ${MARKER}`);
  const block = /^\s*```sql\n([\s\S]*?)\n```/.exec(readme.slice(at + MARKER.length));
  if (!block) throw new Error(`README.md: no \`\`\`sql block right after ${MARKER}`);
  return block[1]!;
}

/** Debian's server binaries: /usr/lib/postgresql/<newest version>/bin. */
function debianBinaries(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(path.join(root, version, "bin", "postgres")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      "Debian's PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin/postgres). Install it: " +
        "apt-get install -y postgresql (.ci/run does).",
    );
  }
  return path.join(root, versions[0]!, "bin");
}

interface DebianCluster {
  bin: string;
  user: ServiceUser | undefined;
  socketDir: string;
  port: number;
  server: ChildProcess;
  dir: string;
}

let cluster: DebianCluster;
const passwords = { owner: randomBytes(18).toString("base64url"), app: randomBytes(18).toString("base64url") };
let ownerUrl: string;
let appUrl: string;

/** Runs a Debian binary as the cluster's OS user (`postgres` when root), and returns its output, or throws with it. */
function runAs(binary: string, args: string[], input?: string): string {
  const [command, commandArgs] = asUser(cluster?.user, binary, args);
  const run = spawnSync(command, commandArgs, { input, encoding: "utf8", timeout: 60_000 });
  if (run.status !== 0) throw new Error(`${path.basename(binary)} exited ${run.status}: ${run.stderr}${run.stdout}`);
  return run.stdout;
}

async function startDebianCluster(): Promise<DebianCluster> {
  const bin = debianBinaries();
  const user = await serviceUser();
  const dir = mkdtempSync(path.join(tmpdir(), "debian-postgres-"));
  chmodSync(dir, 0o755);
  const pgdata = path.join(dir, "data");
  // Local connections go through a socket in a folder only the cluster's OS user can enter.
  const socketDir = path.join(dir, "socket");
  for (const folder of [pgdata, socketDir]) {
    mkdirSync(folder, { mode: 0o700 });
    if (user) chownSync(folder, user.uid, user.gid);
  }
  cluster = { bin, user, socketDir, port: await freePort(), dir, server: undefined as unknown as ChildProcess };
  runAs(path.join(bin, "initdb"), [
    `--pgdata=${pgdata}`,
    "--username=postgres",
    "--auth-local=trust",
    "--auth-host=scram-sha-256",
    "--encoding=UTF8",
    "--locale=C.UTF-8",
    "--no-instructions",
  ]);
  const [command, args] = asUser(user, path.join(bin, "postgres"), [
    "-D",
    pgdata,
    "-p",
    String(cluster.port),
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    `unix_socket_directories=${socketDir}`,
  ]);
  cluster.server = spawnSupervised(command, args, { cwd: dir, stdio: ["ignore", "ignore", "ignore"] });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [ready, readyArgs] = asUser(user, path.join(bin, "pg_isready"), [
      "-h",
      socketDir,
      "-p",
      String(cluster.port),
    ]);
    if (spawnSync(ready, readyArgs).status === 0) return cluster;
    if (Date.now() > deadline || cluster.server.exitCode !== null) throw new Error("Debian's postgres did not start");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stopDebianCluster(): Promise<void> {
  if (!cluster) return;
  const { server, dir } = cluster;
  if (server && server.exitCode === null && server.signalCode === null) {
    process.kill(server.pid!, "SIGINT");
    await exitCode(server);
  }
  if (server) await stopProcessGroup(server);
  rmSync(dir, { recursive: true, force: true });
}

/** `npm run db:migrate`, with exactly the two variables the README sets. */
function dbMigrate(env: Record<string, string>) {
  return spawnSync("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/db-migrate.ts"], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

/** Whether document `id` reaches this file's index within 15 s. */
async function indexedSoon(id: number): Promise<boolean> {
  const index = masterClient().index(INDEX);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (
      await index.getDocument(id).then(
        () => true,
        () => false,
      )
    )
      return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

async function query(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await startDebianCluster();
  ownerUrl = postgresUrl({ user: "appointments_owner", password: passwords.owner, port: cluster.port });
  appUrl = postgresUrl({ user: "appointments_app", password: passwords.app, port: cluster.port });
}, 120_000);

afterAll(async () => {
  searchSync().stop();
  await closeDb();
  await masterClient().deleteIndex(INDEX).waitTask();
  await stopDebianCluster();
});

describe("the README's two-role SQL on Debian's PostgreSQL", () => {
  it("runs as written, as the superuser, with only the two passwords filled in", () => {
    const sql = twoRoleSql();
    expect([...new Set(sql.match(/<[a-z-]+>/g))].sort()).toEqual(["<app-password>", "<owner-password>"]);
    const filled = sql.replaceAll("<owner-password>", passwords.owner).replaceAll("<app-password>", passwords.app);
    runAs(
      path.join(cluster.bin, "psql"),
      [
        "-X",
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        "-h",
        cluster.socketDir,
        "-p",
        String(cluster.port),
        "-U",
        "postgres",
        "-d",
        "postgres",
        "-f",
        "-",
      ],
      filled,
    );
    const version = runAs(path.join(cluster.bin, "postgres"), ["--version"]);
    expect(version).toMatch(/^postgres \(PostgreSQL\) \d+/);
  });

  it("lets `npm run db:migrate` migrate as the owner and grant the app's role its privileges", async () => {
    const run = dbMigrate({ DATABASE_OWNER_URL: ownerUrl, DATABASE_URL: appUrl });
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain('The app\'s role "appointments_app" holds exactly the grants of lib/db/privileges.ts');
    expect(run.status).toBe(0);
    expect(dbMigrate({ DATABASE_OWNER_URL: ownerUrl, DATABASE_URL: appUrl }).stdout).toContain(
      "Database is up to date",
    );
    expect(
      await query(appUrl, "select pg_get_userbyid(relowner) as owner from pg_class where relname = 'audit_events'"),
    ).toEqual([{ owner: "appointments_owner" }]);
  });

  it("gives a role the app's server accepts, and the owner one it refuses", async () => {
    const check = async (url: string) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return await assertAppRole(client).then(
          () => "accepted",
          (error: Error) => error.message,
        );
      } finally {
        await client.end();
      }
    };
    expect(await check(appUrl)).toBe("accepted");
    expect(await check(ownerUrl)).toContain('Refusing to start: the database role "appointments_owner"');
  });

  it("serves the app's writes as the app's role: book, change, another tenant's 404, the audit rows", async () => {
    await seedAppointments({
      client: masterClient(),
      databaseUrl: ownerUrl,
      indexUid: INDEX,
      count: 200,
    });
    // The lib code connects through DATABASE_URL, as the server does: here, Debian's app role.
    await closeDb();
    process.env.DATABASE_URL = appUrl;
    process.env.MEILI_INDEX = INDEX;
    // An index of its own, so these ids never meet the shared test database's; the app's own
    // Meilisearch key covers only the shared index, so the worker here sends with the master key.
    process.env.MEILI_ADMIN_KEY = masterKey;

    const john = TENANTS.john!;
    const booked = await bookAppointment(john, {
      doctorId: "d-patel",
      scheduledAt: futureSlot(1),
      reason: "Booked on Debian's Postgres",
    });
    expect(booked.appointment).toMatchObject({ patient_id: "p-john", doctor_id: "d-patel", status: "pending" });
    const id = booked.appointment.id;
    // The outbox worker, as the app's role, carries it to the index (within 2 s, or a little later on a busy machine).
    expect(booked.indexed || (await indexedSoon(id))).toBe(true);

    const other = await changeAppointment(TENANTS.zia!, id, { status: "cancelled" }).catch((error: unknown) => error);
    expect(other).toBeInstanceOf(AppError);
    expect(other).toMatchObject({ status: 404, code: "not_found" });

    const changed = await changeAppointment(john, id, { status: "cancelled" });
    expect(changed.appointment).toMatchObject({ id, status: "cancelled" });

    expect(
      await query(appUrl, "select event::text from audit_events where appointment_id = $1 order by id", [id]),
    ).toEqual([{ event: "appointment_booked" }, { event: "appointment_changed" }]);
    await expect(query(appUrl, "update audit_events set username = 'mallory'")).rejects.toThrow(
      "permission denied for table audit_events",
    );
    await expect(
      query(appUrl, "begin; set local session_replication_role = replica; delete from audit_events; commit"),
    ).rejects.toThrow('permission denied to set parameter "session_replication_role"');
  });
});
