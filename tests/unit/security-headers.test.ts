import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, searchOrigin, transportSecurityHeaders } from "@/lib/http/security-headers";

/** The policy as a map from directive to its sources, so each test reads one directive. */
function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy.split("; ").map((directive) => {
      const [name, ...sources] = directive.split(" ");
      return [name!, sources];
    }),
  );
}

describe("searchOrigin", () => {
  it("keeps only the origin of an http(s) URL", () => {
    expect(searchOrigin("https://search.example.com/some/path?q=1#x")).toBe("https://search.example.com");
    expect(searchOrigin("http://127.0.0.1:7700")).toBe("http://127.0.0.1:7700");
    expect(searchOrigin("https://search.example.com:443/")).toBe("https://search.example.com");
  });

  it("gives nothing for a missing, relative or non-http value", () => {
    for (const value of [
      undefined,
      "",
      "search.example.com",
      "/search",
      "javascript:alert(1)",
      "data:text/html,x",
      "ws://127.0.0.1:7700",
      "ftp://x",
    ]) {
      expect(searchOrigin(value)).toBeUndefined();
    }
  });
});

describe("contentSecurityPolicy", () => {
  it("lets scripts run only from this origin or with the request's nonce", () => {
    const policy = directives(contentSecurityPolicy({ nonce: "abc123", dev: false }));
    expect(policy["script-src"]).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
  });

  it("adds 'unsafe-eval' in development only", () => {
    expect(directives(contentSecurityPolicy({ nonce: "n", dev: true }))["script-src"]).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy({ nonce: "n", dev: false })).not.toContain("unsafe-eval");
  });

  it("lets the browser connect to this origin and the search origin, nothing else", () => {
    expect(directives(contentSecurityPolicy({ nonce: "n", dev: false }))["connect-src"]).toEqual(["'self'"]);
    expect(
      directives(contentSecurityPolicy({ nonce: "n", connectOrigin: "https://search.example.com", dev: false }))[
        "connect-src"
      ],
    ).toEqual(["'self'", "https://search.example.com"]);
  });

  it("forbids plugins, framing, foreign forms and a foreign <base>", () => {
    const policy = directives(contentSecurityPolicy({ nonce: "n", dev: false }));
    expect(policy["object-src"]).toEqual(["'none'"]);
    expect(policy["frame-ancestors"]).toEqual(["'none'"]);
    expect(policy["form-action"]).toEqual(["'self'"]);
    expect(policy["base-uri"]).toEqual(["'self'"]);
    expect(policy["default-src"]).toEqual(["'self'"]);
  });

  it("sets every directive the app relies on, and only those", () => {
    expect(Object.keys(directives(contentSecurityPolicy({ nonce: "n", dev: false }))).sort()).toEqual([
      "base-uri",
      "connect-src",
      "default-src",
      "font-src",
      "form-action",
      "frame-ancestors",
      "img-src",
      "object-src",
      "script-src",
      "style-src",
    ]);
  });

  it("uses each request's own nonce", () => {
    expect(contentSecurityPolicy({ nonce: "first", dev: false })).toContain("'nonce-first'");
    expect(contentSecurityPolicy({ nonce: "second", dev: false })).not.toContain("first");
  });
});

describe("transportSecurityHeaders", () => {
  it("sends Strict-Transport-Security only for an https app URL", () => {
    expect(transportSecurityHeaders("https://appointments.example.com")).toEqual({
      "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    });
    expect(transportSecurityHeaders("http://localhost:3000")).toEqual({});
    expect(transportSecurityHeaders(undefined)).toEqual({});
  });
});
