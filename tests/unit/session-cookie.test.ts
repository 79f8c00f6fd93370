import { describe, expect, it } from "vitest";
import { SESSION_COOKIE_SET } from "@/lib/common/session-cookie";

// The name itself is checked by every integration test that signs in through NextAuth (support/auth.ts reads it).
describe("the session cookie", () => {
  it("matches a Set-Cookie line that sets it, under either name or as a chunk, and nothing else", () => {
    const lines = [
      "next-auth.session-token=abc; Path=/",
      "__Secure-next-auth.session-token=abc; Path=/",
      "next-auth.session-token.0=abc; Path=/",
      "next-auth.session-token=; Path=/; Max-Age=0",
      "next-auth-session-token=abc",
      "evil-next-auth.session-token=abc",
      "next-auth.csrf-token=abc",
    ];
    expect(lines.filter((line) => SESSION_COOKIE_SET.test(line))).toEqual(lines.slice(0, 3));
  });
});
