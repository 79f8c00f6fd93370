import { STATIC_SECURITY_HEADERS } from "../../lib/http/security-headers";
import { expect, test } from "./fixtures";

// Static files skip proxy.ts; next.config.ts's headers() gives them the same protection.
const STATIC_CSP = "default-src 'none'; frame-ancestors 'none'";

function expectSecurityHeaders(headers: Record<string, string>) {
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS))
    expect(headers[name.toLowerCase()], name).toBe(value);
}

test.describe("static files", () => {
  test("the icon, robots.txt and the built scripts carry the security headers and a CSP that allows nothing", async ({
    request,
  }) => {
    const login = await (await request.get("/login")).text();
    const icon = /<link rel="icon" href="([^"]+)"[^>]*type="image\/svg\+xml"/.exec(login)?.[1];
    const script = /<script src="(\/_next\/static\/[^"]+\.js)"/.exec(login)?.[1];
    expect(icon, "the page links the icon").toMatch(/^\/icon\.svg/);
    expect(script, "the page loads a built script").toBeDefined();

    for (const [path, type] of [
      [icon!, "image/svg+xml"],
      ["/robots.txt", "text/plain"],
      [script!, "application/javascript"],
    ] as const) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(200);
      expect(response.headers()["content-type"], path).toContain(type);
      expectSecurityHeaders(response.headers());
      expect(response.headers()["content-security-policy"], path).toBe(STATIC_CSP);
    }
  });

  test("robots.txt keeps every crawler out", async ({ request }) => {
    const lines = (await (await request.get("/robots.txt")).text())
      .split("\n")
      .filter((line) => line && !line.startsWith("#"));
    expect(lines).toEqual(["User-agent: *", "Disallow: /"]);
  });

  test("pages get only the proxy's nonce policy, not the static one on top", async ({ request }) => {
    const response = await request.get("/login");
    const policies = response
      .headersArray()
      .filter((header) => header.name.toLowerCase() === "content-security-policy");
    expect(policies).toHaveLength(1);
    expect(policies[0]!.value).toContain("'nonce-");
    expectSecurityHeaders(response.headers());
  });

  test("pages announce a 1200×630 Open Graph image that is served with the headers", async ({ page, request }) => {
    await page.goto("/login");
    const meta = (property: string) => page.locator(`meta[property="${property}"]`).getAttribute("content");
    expect(await meta("og:image:width")).toBe("1200");
    expect(await meta("og:image:height")).toBe("630");
    const image = new URL((await meta("og:image"))!);
    const response = await request.get(`${image.pathname}${image.search}`);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("image/png");
    // PNG signature, then the IHDR chunk's width and height.
    const png = await response.body();
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
    expectSecurityHeaders(response.headers());
  });
});
