import "server-only";
import type pg from "pg";
import { quoteIdentifier } from "./identifiers";

/**
 * The Next.js server refuses to run as a database role that could rewrite the audit trail or run
 * programs on the database server: a superuser (`COPY … TO PROGRAM`, `SET session_replication_role
 * = replica`), a role that owns tables (`ALTER TABLE audit_events DISABLE TRIGGER`), or one that
 * can make roles, databases or objects, or bypass row security or replicate. Membership counts: a
 * role that can SET ROLE to such a role is refused as that role would be.
 */

export interface RoleProblem {
  /** What the role can do that the app never needs. */
  what: string;
  /** The SQL (or step) that takes it away. */
  fix: string;
}

const ATTRIBUTES = [
  ["rolsuper", "SUPERUSER", "is a superuser"],
  ["rolbypassrls", "BYPASSRLS", "bypasses row-level security (BYPASSRLS)"],
  ["rolreplication", "REPLICATION", "may start replication (REPLICATION)"],
  ["rolcreaterole", "CREATEROLE", "may create roles (CREATEROLE)"],
  ["rolcreatedb", "CREATEDB", "may create databases (CREATEDB)"],
] as const;

/** Predefined roles that read or write the server's files or run programs as its OS user, or write every table. */
const DANGEROUS_MEMBERSHIPS = [
  "pg_execute_server_program",
  "pg_read_server_files",
  "pg_write_server_files",
  "pg_write_all_data",
];

const PROBE = `
  with mine as (select * from pg_roles r where pg_has_role(current_user, r.oid, 'MEMBER'))
  select current_user as role, current_database() as database,
    coalesce((select json_agg(json_build_object(
        'name', rolname, 'rolsuper', rolsuper, 'rolbypassrls', rolbypassrls, 'rolreplication', rolreplication,
        'rolcreaterole', rolcreaterole, 'rolcreatedb', rolcreatedb) order by rolname)
      from mine where rolsuper or rolbypassrls or rolreplication or rolcreaterole or rolcreatedb), '[]') as attributes,
    coalesce((select json_agg(rolname order by rolname) from mine where rolname = any($1::text[])), '[]') as memberships,
    coalesce((select json_agg(format('%I.%I', n.nspname, c.relname) order by n.nspname, c.relname)
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'v', 'm', 'f') and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
        and pg_has_role(current_user, c.relowner, 'MEMBER')), '[]') as owned,
    coalesce((select json_agg(distinct pg_get_userbyid(c.relowner))
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'v', 'm', 'f') and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
        and pg_has_role(current_user, c.relowner, 'MEMBER')), '[]') as owners,
    (select pg_has_role(current_user, datdba, 'MEMBER') from pg_database where datname = current_database()) as owns_database,
    (select pg_get_userbyid(datdba) from pg_database where datname = current_database()) as database_owner,
    has_database_privilege(current_database(), 'CREATE') as creates_schemas,
    coalesce((select json_agg(nspname order by nspname) from pg_namespace
      where nspname !~ '^pg_' and nspname <> 'information_schema' and has_schema_privilege(oid, 'CREATE')), '[]') as creates_in,
    coalesce(has_table_privilege(to_regclass('public.audit_events'), 'UPDATE, DELETE, TRUNCATE'), false) as changes_audit`;

interface ProbeRow {
  role: string;
  database: string;
  attributes: (Record<(typeof ATTRIBUTES)[number][0], boolean> & { name: string })[];
  memberships: string[];
  owned: string[];
  /** The roles owning `owned`: the role itself, or roles it is a member of. */
  owners: string[];
  owns_database: boolean;
  database_owner: string;
  creates_schemas: boolean;
  creates_in: string[];
  changes_audit: boolean;
}

type Queryable = Pick<pg.Client | pg.PoolClient, "query">;

/** What the connected role can do beyond the app's needs (empty: it may serve). */
export async function appRoleProblems(client: Queryable): Promise<{ role: string; problems: RoleProblem[] }> {
  const { rows } = await client.query<ProbeRow>(PROBE, [DANGEROUS_MEMBERSHIPS]);
  const probe = rows[0]!;
  const role = quoteIdentifier(probe.role);
  const database = quoteIdentifier(probe.database);
  const problems: RoleProblem[] = [];
  for (const holder of probe.attributes) {
    const held = ATTRIBUTES.filter(([column]) => holder[column]);
    if (holder.name === probe.role) {
      for (const [, keyword, what] of held) problems.push({ what, fix: `ALTER ROLE ${role} NO${keyword};` });
    } else {
      problems.push({
        what: `is a member of ${quoteIdentifier(holder.name)}, which ${held.map(([, , what]) => what).join(", ")}`,
        fix: `REVOKE ${quoteIdentifier(holder.name)} FROM ${role};`,
      });
    }
  }
  for (const name of probe.memberships) {
    problems.push({ what: `is a member of ${name}`, fix: `REVOKE ${name} FROM ${role};` });
  }
  if (probe.owned.length > 0) {
    const audit = "public.audit_events";
    const others = probe.owned.filter((table) => table !== audit);
    const listed = others.slice(0, 4).join(", ") + (others.length > 4 ? ", …" : "");
    const what = probe.owned.includes(audit)
      ? `owns ${audit}, so it can switch the audit trail's append-only trigger off, and ${others.length} other tables (${listed})`
      : `owns ${others.length} tables (${listed})`;
    const through = probe.owners.filter((owner) => owner !== probe.role);
    problems.push({
      what: through.length > 0 ? `${what}, as a member of ${through.map(quoteIdentifier).join(", ")}` : what,
      fix:
        through.length > 0
          ? through.map((owner) => `REVOKE ${quoteIdentifier(owner)} FROM ${role};`).join(" ")
          : `connect as the app's own role, not the tables' owner; or hand them to the owner role: REASSIGN OWNED BY ${role} TO <owner role>;`,
    });
  }
  if (probe.owns_database && probe.database_owner !== probe.role) {
    problems.push({
      what: `owns the database ${database}, as a member of ${quoteIdentifier(probe.database_owner)}`,
      fix: `REVOKE ${quoteIdentifier(probe.database_owner)} FROM ${role};`,
    });
  } else if (probe.owns_database) {
    problems.push({ what: `owns the database ${database}`, fix: `ALTER DATABASE ${database} OWNER TO <owner role>;` });
  } else if (probe.creates_schemas) {
    problems.push({
      what: `may create schemas in ${database}`,
      fix: `REVOKE CREATE ON DATABASE ${database} FROM PUBLIC, ${role};`,
    });
  }
  for (const schema of probe.creates_in) {
    if (probe.owns_database && schema === "public") continue; // the database's owner owns `public`: covered above
    problems.push({
      what: `may create objects in schema ${quoteIdentifier(schema)}`,
      fix: `REVOKE CREATE ON SCHEMA ${quoteIdentifier(schema)} FROM PUBLIC, ${role};`,
    });
  }
  if (probe.changes_audit && probe.owned.length === 0 && probe.attributes.length === 0) {
    problems.push({
      what: "may UPDATE, DELETE or TRUNCATE audit_events",
      fix: `REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM PUBLIC, ${role}; then \`npm run db:migrate\``,
    });
  }
  return { role: probe.role, problems };
}

export class PrivilegedRoleError extends Error {
  override name = "PrivilegedRoleError";

  constructor(
    readonly role: string,
    readonly problems: RoleProblem[],
  ) {
    super(
      [
        `Refusing to start: the database role "${role}" (DATABASE_URL) holds privileges the app never uses. ` +
          "With them, a bug or an attacker in the app could rewrite the audit trail or run programs on the database server.",
        ...problems.map((problem) => `  - it ${problem.what}. Fix: ${problem.fix}`),
        "Connect the app as its own role, which owns nothing and holds only the app's grants, and run the migrations " +
          'as the owner: see the README, section "The two database roles" (DATABASE_URL for the app, ' +
          "DATABASE_OWNER_URL for `npm run db:migrate`).",
      ].join("\n"),
    );
  }
}

/** Throws a PrivilegedRoleError unless the connected role may serve the app. */
export async function assertAppRole(client: Queryable): Promise<void> {
  const { role, problems } = await appRoleProblems(client);
  if (problems.length > 0) throw new PrivilegedRoleError(role, problems);
}
