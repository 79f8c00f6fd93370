import { describe, expect, it } from "vitest";
import { DEFAULT_CALLBACK_PATH, loginPath, safeCallbackPath } from "@/lib/common/callback-url";

const ORIGIN = "http://localhost:3000";

describe("safeCallbackPath", () => {
  it.each([
    ["/appointments", "/appointments"],
    ["/appointments?q=cold&page=2", "/appointments?q=cold&page=2"],
    ["/appointments#results", "/appointments#results"],
    ["http://localhost:3000/appointments?q=x", "/appointments?q=x"],
    ["/appointments?q=%3Cscript%3E", "/appointments?q=%3Cscript%3E"],
    ["/appointments/../appointments", "/appointments"],
    ["/appointments?q=caf\u00e9", "/appointments?q=caf%C3%A9"],
  ])("keeps the same-origin path %j", (input, expected) => {
    expect(safeCallbackPath(input, ORIGIN)).toBe(expected);
  });

  it.each([
    // Protocol-relative, in every spelling the URL parser normalises.
    "//evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "\t//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    " //evil.example",
    "///evil.example",
    "https://evil.example/appointments",
    "http://localhost:3000@evil.example/",
    "http://localhost:3001/appointments",
    "https://localhost:3000/appointments",
    // Schemes that run code or leave the web.
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox",
    "file:///etc/passwd",
    // Unicode that a host parser maps to ASCII.
    "//evil。example",
    "//ｅｖｉｌ.example",
    // Not a usable value at all.
    "",
    "/".repeat(3000),
  ])("refuses %j", (input) => {
    expect(safeCallbackPath(input, ORIGIN)).toBe(DEFAULT_CALLBACK_PATH);
  });

  it.each([
    // Still-encoded separators and look-alike slashes are plain path characters: harmless paths.
    ["/%09/evil.example", "/%09/evil.example"],
    // A same-scheme "relative" URL: the parser reads it as a path on our host.
    ["http:evil.example", "/evil.example"],
    ["/%2F/evil.example", "/%2F/evil.example"],
    ["/%5C%5Cevil.example", "/%5C%5Cevil.example"],
    ["\uFF0F\uFF0Fevil.example", "/%EF%BC%8F%EF%BC%8Fevil.example"],
  ])("keeps %j on our origin as a path", (input, expected) => {
    const result = safeCallbackPath(input, ORIGIN);
    expect(result).toBe(expected);
    // A browser that resolves it again stays here too.
    expect(new URL(new URL(result, ORIGIN).href).origin).toBe(ORIGIN);
  });

  it("turns paths that the parser resolves to a double slash into a plain path", () => {
    expect(safeCallbackPath("/.//evil.example", ORIGIN)).toBe("/evil.example");
    expect(safeCallbackPath("/appointments/..//evil.example", ORIGIN)).toBe("/evil.example");
    expect(safeCallbackPath("/%2e//evil.example", ORIGIN)).toBe("/evil.example");
  });

  it("falls back for duplicates, non-strings, the login page itself and the auth API", () => {
    expect(safeCallbackPath(["/appointments", "//evil.example"], ORIGIN)).toBe(DEFAULT_CALLBACK_PATH);
    expect(safeCallbackPath(["/appointments?q=x"], ORIGIN)).toBe("/appointments?q=x");
    for (const value of [undefined, null, 42, {}, "/login", "/login?callbackUrl=/x", "/api/auth/signout"]) {
      expect(safeCallbackPath(value, ORIGIN)).toBe(DEFAULT_CALLBACK_PATH);
    }
  });

  it("works against an https origin with a port", () => {
    expect(safeCallbackPath("https://app.example:8443/appointments", "https://app.example:8443")).toBe("/appointments");
    expect(safeCallbackPath("https://app.example/appointments", "https://app.example:8443")).toBe(
      DEFAULT_CALLBACK_PATH,
    );
  });
});

describe("loginPath", () => {
  it("encodes the way back", () => {
    expect(loginPath()).toBe("/login");
    expect(loginPath("/appointments?q=a&b=c")).toBe("/login?callbackUrl=%2Fappointments%3Fq%3Da%26b%3Dc");
  });
});
