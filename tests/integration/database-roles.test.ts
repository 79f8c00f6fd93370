import { spawn } from "node:child_process";
import { once } from "node:events";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { appRoleProblems } from "@/lib/db/app-role";
import { APP_SEQUENCE_PRIVILEGES, APP_TABLE_PRIVILEGES } from "@/lib/db/privileges";
import { freePort } from "../../devtools/ports";
import { testDatabase } from "./support/database";

/**
 * The app's database role (DATABASE_URL, as every lib module under test uses it) against the ways
 * a superuser or a table's owner gets round the append-only audit trail or reaches the server's OS,
 * and the server's refusal to start as such a role.
 */

const { url: appUrl, ownerUrl, superuserUrl } = inject("database");
const TSX = path.resolve("node_modules/.bin/tsx");

const app = testDatabase("app");

/** Runs `sql` in a transaction that is always rolled back, and returns how Postgres refused it. */
async function refusal(sql: string): Promise<string> {
  await app.query("begin");
  try {
    await app.query(sql);
    return "allowed";
  } catch (error) {
    return (error as Error).message;
  } finally {
    await app.query("rollback");
  }
}

describe("the app's role", () => {
  it("is the one the lib code connects as, and holds no attribute beyond LOGIN", async () => {
    expect(process.env.DATABASE_URL).toBe(appUrl);
    const { rows } = await app.query(
      `select current_user as role, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls
       from pg_roles where rolname = current_user`,
    );
    expect(rows).toEqual([
      {
        role: "appointments_app",
        rolsuper: false,
        rolcreatedb: false,
        rolcreaterole: false,
        rolreplication: false,
        rolbypassrls: false,
      },
    ]);
  });

  it("cannot switch the audit trail's triggers off, nor change or empty it", async () => {
    expect(await refusal("set local session_replication_role = replica")).toBe(
      'permission denied to set parameter "session_replication_role"',
    );
    expect(await refusal("alter table audit_events disable trigger user")).toBe("must be owner of table audit_events");
    expect(await refusal("drop trigger audit_events_no_update_or_delete on audit_events")).toBe(
      "must be owner of relation audit_events",
    );
    for (const sql of [
      "update audit_events set username = 'mallory'",
      "delete from audit_events",
      "truncate audit_events",
    ]) {
      expect(await refusal(sql), sql).toBe("permission denied for table audit_events");
    }
  });

  it("cannot run programs or touch the server's files", async () => {
    expect(await refusal("copy (select 1) to program 'id'")).toBe(
      "permission denied to COPY to or from an external program",
    );
    expect(await refusal("copy (select 1) to '/tmp/appointments-copy'")).toBe("permission denied to COPY to a file");
    expect(await refusal("select pg_read_file('postgresql.conf')")).toBe("permission denied for function pg_read_file");
  });

  it("cannot create objects: tables, temporary tables, schemas, functions", async () => {
    expect(await refusal("create table public.mine (n int)")).toBe("permission denied for schema public");
    expect(await refusal("create function public.mine() returns int language sql as 'select 1'")).toBe(
      "permission denied for schema public",
    );
    expect(await refusal("create temporary table mine (n int)")).toBe(
      'permission denied to create temporary tables in database "appointments"',
    );
    expect(await refusal("create schema mine")).toBe("permission denied for database appointments");
  });

  it("reads and appends to the audit trail", async () => {
    await app.query("begin");
    try {
      const before = (await app.query("select count(*)::int as n from audit_events")).rows[0].n;
      await app.query("insert into audit_events (event, username) values ('sign_in_failed', 'database-roles-test')");
      expect((await app.query("select count(*)::int as n from audit_events")).rows[0].n).toBe(before + 1);
    } finally {
      await app.query("rollback");
    }
  });

  it("holds exactly the grants of lib/db/privileges.ts, and every table of the schema is listed there", async () => {
    const { rows: tables } = await app.query<{ name: string }>(
      "select table_name as name from information_schema.tables where table_schema = 'public' order by 1",
    );
    expect(tables.map((t) => t.name)).toEqual(Object.keys(APP_TABLE_PRIVILEGES).sort());

    const { rows: granted } = await app.query<{ table_name: string; privilege_type: string }>(
      `select table_name, privilege_type from information_schema.role_table_grants
       where grantee = current_user and table_schema = 'public' order by 1, 2`,
    );
    const expected = Object.entries(APP_TABLE_PRIVILEGES).flatMap(([table, privileges]) =>
      privileges.map((privilege) => ({ table_name: table, privilege_type: privilege })),
    );
    const byName = (a: { table_name: string; privilege_type: string }, b: typeof a) =>
      `${a.table_name} ${a.privilege_type}`.localeCompare(`${b.table_name} ${b.privilege_type}`);
    expect(granted.sort(byName)).toEqual(expected.sort(byName));

    // Effective privileges, through PUBLIC and role memberships too.
    const { rows: effective } = await app.query<{ table_name: string; privilege: string }>(
      `select c.relname as table_name, p.privilege
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       cross join unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) as p(privilege)
       where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f') and has_table_privilege(c.oid, p.privilege)
       order by 1, 2`,
    );
    expect(
      effective.map((row) => ({ table_name: row.table_name, privilege_type: row.privilege })).sort(byName),
    ).toEqual(expected.sort(byName));

    const { rows: sequences } = await app.query<{ name: string; privilege: string }>(
      `select c.relname as name, p.privilege
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       cross join unnest(array['USAGE', 'SELECT', 'UPDATE']) as p(privilege)
       where n.nspname = 'public' and c.relkind = 'S' and has_sequence_privilege(c.oid, p.privilege)
       order by 1, 2`,
    );
    expect(sequences).toEqual(
      Object.entries(APP_SEQUENCE_PRIVILEGES).flatMap(([name, privileges]) =>
        privileges.map((privilege) => ({ name, privilege })),
      ),
    );
  });
});

describe("the start-up check (assertAppRole)", () => {
  /** What assertAppRole says of a new login role given `grants` by the superuser. */
  async function verdict(name: string, grants: string[]): Promise<string[]> {
    const admin = new pg.Client({ connectionString: superuserUrl });
    await admin.connect();
    const password = `${name}-password`;
    try {
      await admin.query(`drop role if exists ${name}`);
      await admin.query(`create role ${name} login password '${password}'`);
      await admin.query(`grant connect on database appointments to ${name}`);
      for (const grant of grants) await admin.query(grant);
      const url = new URL(appUrl);
      url.username = name;
      url.password = password;
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        const { problems } = await appRoleProblems(client);
        return problems.map((problem) => `${problem.what} | ${problem.fix}`);
      } finally {
        await client.end();
      }
    } finally {
      await admin.query(`drop owned by ${name}`).catch(() => {});
      await admin.query(`drop role if exists ${name}`);
      await admin.end();
    }
  }

  it("accepts the app's role as migrated", async () => {
    expect(await appRoleProblems(app)).toEqual({ role: "appointments_app", problems: [] });
  });

  it("refuses what a role holds through a grant or a membership, naming the fix", async () => {
    expect(await verdict("roles_test_member", ["grant appointments_owner to roles_test_member"])).toEqual([
      expect.stringMatching(
        /^owns public\.audit_events, so it can switch the audit trail's append-only trigger off, and 9 other tables \(.*\), as a member of "appointments_owner" \| REVOKE "appointments_owner" FROM "roles_test_member";$/,
      ),
      'owns the database "appointments", as a member of "appointments_owner" | REVOKE "appointments_owner" FROM "roles_test_member";',
      'may create objects in schema "drizzle" | REVOKE CREATE ON SCHEMA "drizzle" FROM PUBLIC, "roles_test_member";',
    ]);
    expect(
      await verdict("roles_test_files", ["grant pg_execute_server_program, pg_write_all_data to roles_test_files"]),
    ).toEqual([
      'is a member of pg_execute_server_program | REVOKE pg_execute_server_program FROM "roles_test_files";',
      'is a member of pg_write_all_data | REVOKE pg_write_all_data FROM "roles_test_files";',
      'may UPDATE, DELETE or TRUNCATE audit_events | REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM PUBLIC, "roles_test_files"; then `npm run db:migrate`',
    ]);
    expect(
      await verdict("roles_test_create", [
        "grant create on schema public to roles_test_create",
        "grant create on database appointments to roles_test_create",
        "alter role roles_test_create createrole bypassrls",
      ]),
    ).toEqual([
      'bypasses row-level security (BYPASSRLS) | ALTER ROLE "roles_test_create" NOBYPASSRLS;',
      'may create roles (CREATEROLE) | ALTER ROLE "roles_test_create" NOCREATEROLE;',
      'may create schemas in "appointments" | REVOKE CREATE ON DATABASE "appointments" FROM PUBLIC, "roles_test_create";',
      'may create objects in schema "public" | REVOKE CREATE ON SCHEMA "public" FROM PUBLIC, "roles_test_create";',
    ]);
  });
});

/** The start-up hook in a child process, as `next start` runs it, with this DATABASE_URL. */
async function startApp(databaseUrl: string, whenRegistered?: () => Promise<void>) {
  // No Meilisearch settings: the hook then starts no worker, and checks the database role only.
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    NEXT_RUNTIME: "nodejs",
    DATABASE_URL: databaseUrl,
  } as const;
  const child = spawn(TSX, ["--conditions=react-server", "tests/integration/fixtures/start-app.ts"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    if (whenRegistered && stdout.includes("registered")) {
      const run = whenRegistered;
      whenRegistered = undefined;
      void run();
    }
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 50_000);
  const [code] = (await once(child, "exit")) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

describe("the server's start", () => {
  it("refuses a superuser: exits 1 naming the attribute, the SQL that fixes it and the README section", async () => {
    const run = await startApp(superuserUrl);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain("served");
    expect(run.stderr).toContain('Refusing to start: the database role "postgres" (DATABASE_URL)');
    expect(run.stderr).toContain('  - it is a superuser. Fix: ALTER ROLE "postgres" NOSUPERUSER;');
    expect(run.stderr).toContain('see the README, section "The two database roles"');
  });

  it("refuses the owner of the tables: exits 1 naming audit_events", async () => {
    const run = await startApp(ownerUrl);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain("served");
    expect(run.stderr).toContain('Refusing to start: the database role "appointments_owner" (DATABASE_URL)');
    expect(run.stderr).toContain(
      "  - it owns public.audit_events, so it can switch the audit trail's append-only trigger off, and 9 other tables (drizzle.__drizzle_migrations, public.accounts, public.appointments, public.clinics, …). " +
        "Fix: connect as the app's own role, not the tables' owner; or hand them to the owner role: REASSIGN OWNED BY \"appointments_owner\" TO <owner role>;",
    );
    expect(run.stderr).toContain(
      '  - it owns the database "appointments". Fix: ALTER DATABASE "appointments" OWNER TO <owner role>;',
    );
  });

  it("runs as the app's role", async () => {
    const run = await startApp(appUrl);
    expect(run.stderr).not.toContain("Refusing");
    expect(run.stdout).toContain("served");
    expect(run.code).toBe(0);
  });

  it("refuses the owner on the first connection when Postgres was down at start, before any query is served", async () => {
    // A port that refuses connections until the hook has returned, then forwards to Postgres.
    const target = new URL(ownerUrl);
    const port = await freePort();
    const proxy = net.createServer((socket) => {
      const upstream = net.connect(Number(target.port), target.hostname);
      socket.pipe(upstream).pipe(socket);
      socket.on("error", () => upstream.destroy());
      upstream.on("error", () => socket.destroy());
    });
    const viaProxy = new URL(ownerUrl);
    viaProxy.port = String(port);
    try {
      const run = await startApp(viaProxy.toString(), async () => {
        proxy.listen(port, "127.0.0.1");
        await once(proxy, "listening");
      });
      expect(run.stdout).toContain("registered");
      expect(run.stderr).toContain("[db] Postgres did not answer at start");
      expect(run.stderr).toContain('Refusing to start: the database role "appointments_owner" (DATABASE_URL)');
      expect(run.stdout).not.toContain("served");
      expect(run.code).toBe(1);
    } finally {
      proxy.close();
    }
  });
});
