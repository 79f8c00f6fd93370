import { decode, encode, type JWT } from "next-auth/jwt";
import { afterAll, describe, expect, it } from "vitest";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-lifetime";
import { readSession, requestToken, signedIn } from "./support/auth";
import { testDatabase } from "./support/database";

/**
 * A session's authority (role, tenant, name) comes from its `sessions` and `accounts` rows on every
 * read; the cookie only names the session. Someone holding NEXTAUTH_SECRET can write any cookie,
 * but one that names their own live session and claims someone else is refused, and recorded.
 */
const db = testDatabase("owner");
afterAll(async () => {
  await db.query("update accounts set display_name = 'John' where username = 'john'");
});

const secret = () => process.env.NEXTAUTH_SECRET!;
const claimsOf = async (cookie: string) => (await decode({ token: cookie, secret: secret() }))!;
const reencoded = (token: JWT) => encode({ token, secret: secret(), maxAge: SESSION_MAX_AGE_SECONDS });

/** The `searchRules` filter a tenant token carries (its payload, not verified here). */
function tokenFilter(token: string): unknown {
  const payload = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as {
    searchRules: Record<string, { filter: string }>;
  };
  return Object.values(payload.searchRules)[0]!.filter;
}

describe("the session cookie names the session; the rows say who it is", () => {
  it("a new cookie carries only the session's id, its sign-in time and the username", async () => {
    const claims = await claimsOf(await signedIn("john"));
    expect(Object.keys(claims).sort()).toEqual(["exp", "iat", "jti", "sid", "signedInAt", "sub"]);
    expect(claims.sub).toBe("john");
  });

  it("reads the name and tenant from the account on every read", async () => {
    const cookie = await signedIn("john");
    expect(await readSession(cookie)).toMatchObject({
      user: { name: "John", username: "john" },
      tenant: { role: "patient", patientId: "p-john" },
    });
    await db.query("update accounts set display_name = 'John Q.' where username = 'john'");
    expect(await readSession(cookie)).toMatchObject({ user: { name: "John Q.", username: "john" } });
  });

  it("refuses a live session re-encoded as someone else, or with an edited role, and records each", async () => {
    const cookie = await signedIn("john");
    const { sid, signedInAt } = await claimsOf(cookie);
    const forgeries: [string, JWT][] = [
      [
        "the North front desk",
        {
          sub: "front-desk-north",
          username: "front-desk-north",
          tenant: { role: "clinic", clinicId: "c-north" },
          sid,
          signedInAt,
        },
      ],
      [
        "another patient",
        { sub: "zia", username: "zia", tenant: { role: "patient", patientId: "p-zia" }, sid, signedInAt },
      ],
      [
        "john, with a front desk's role",
        { sub: "john", username: "john", tenant: { role: "clinic", clinicId: "c-north" }, sid, signedInAt },
      ],
      ["john, as a doctor", { sub: "john", tenant: { role: "doctor", doctorId: "d-patel" }, sid, signedInAt }],
      ["john, under another username only", { sub: "zia", sid, signedInAt }],
    ];
    const before = Number((await db.query("select max(id) as id from audit_events")).rows[0].id);
    for (const [name, token] of forgeries) {
      const forged = await reencoded(token);
      expect(await readSession(forged), name).toBeNull();
      expect(await requestToken(forged), name).toEqual({ status: 401, code: "unauthorized" });
    }
    const { rows } = await db.query(
      `select event, username, session_id, details->>'reason' as reason, details->'claims' as claims
       from audit_events where id > $1 and event = 'sign_in_failed' order by id`,
      [before],
    );
    // Two reads per forgery (the session, then the token route's own read).
    expect(rows).toHaveLength(forgeries.length * 2);
    expect(new Set(rows.map((row) => `${row.username} ${row.session_id} ${row.reason}`))).toEqual(
      new Set([`john ${sid} cookie_disagrees`]),
    );
    expect(rows[0].claims).toEqual({
      sub: '"front-desk-north"',
      username: '"front-desk-north"',
      tenant: '{"role":"clinic","clinicId":"c-north"}',
    });

    // The session itself is untouched: its own cookie still gets john's token, and only his.
    const own = await requestToken(cookie);
    expect(own.status).toBe(200);
    expect(tokenFilter(own.grant!.token)).toBe('patient_id = "p-john"');
  });

  it("accepts a cookie whose claims agree with its row, and one with no claims besides the session", async () => {
    const { sid, signedInAt } = await claimsOf(await signedIn("dr-patel"));
    const agreeing = await reencoded({
      sub: "dr-patel",
      username: "dr-patel",
      tenant: { role: "doctor", doctorId: "d-patel" },
      sid,
      signedInAt,
    });
    const bare = await reencoded({ sid, signedInAt });
    for (const cookie of [agreeing, bare]) {
      const answer = await requestToken(cookie);
      expect(answer.status).toBe(200);
      expect(tokenFilter(answer.grant!.token)).toBe('doctor_id = "d-patel"');
    }
  });
});
