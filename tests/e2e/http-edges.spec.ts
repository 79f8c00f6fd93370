import http from "node:http";
import { expect, test } from "./fixtures";
import { withAppServer } from "./support/app-server";

/** A raw request: Playwright's and fetch's clients refuse TRACE, which is what an attacker sends. */
function rawRequest(
  url: string,
  method: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body }));
    });
    request.on("error", reject);
    request.end();
  });
}

const PATHS = ["/", "/login", "/appointments", "/api/health", "/api/search-token", "/_next/static/x.js", "/icon.svg"];

test.describe("methods and routes the app does not serve", () => {
  test("TRACE and TRACK on any path: 405 JSON, never a 500", async ({ baseURL }) => {
    for (const method of ["TRACE", "TRACK"]) {
      for (const path of PATHS) {
        const response = await rawRequest(`${baseURL}${path}`, method);
        // llhttp does not know TRACK: Node answers 400 itself before any app code runs.
        if (method === "TRACK") {
          expect(response.status, `${method} ${path}`).toBe(400);
          continue;
        }
        expect(response.status, `${method} ${path}`).toBe(405);
        expect(response.headers["content-type"]).toContain("application/json");
        expect(JSON.parse(response.body)).toEqual({ code: "method_not_allowed", message: expect.any(String) });
      }
    }
  });

  test("pages and static files answer GET and HEAD only: 405 JSON with Allow", async ({ request }) => {
    for (const path of ["/login", "/appointments", "/icon.svg", "/robots.txt"]) {
      for (const method of ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"]) {
        const response = await request.fetch(path, { method, maxRedirects: 0 });
        expect(response.status(), `${method} ${path}`).toBe(405);
        expect(response.headers()["allow"]).toBe("GET, HEAD");
        expect(await response.json()).toEqual({
          code: "method_not_allowed",
          message: `${method} is not allowed here.`,
        });
      }
    }
  });

  test("an API route answers other methods with 405 and its own Allow list", async ({ request }) => {
    const cases: [string, string, string][] = [
      ["DELETE", "/api/appointments/1", "PATCH"],
      ["GET", "/api/appointments", "POST"],
      ["PUT", "/api/sessions/revoke-all", "POST"],
      ["POST", "/api/health", "GET, HEAD"],
    ];
    for (const [method, path, allow] of cases) {
      const response = await request.fetch(path, { method });
      expect(response.status(), `${method} ${path}`).toBe(405);
      expect(response.headers()["allow"]).toBe(allow);
      expect((await response.json()).code).toBe("method_not_allowed");
    }
  });

  test("an API path the app does not have is 404 JSON, not the HTML page", async ({ request }) => {
    for (const path of ["/api/nope", "/api/appointments/1/history", "/api/auth/nope", "/api/auth/verify-request"]) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(404);
      expect(await response.json()).toEqual({ code: "not_found", message: expect.any(String) });
    }
  });

  test("GET of the credentials callback is 405 (Allow: POST), not NextAuth's 500", async ({ request }) => {
    for (const path of ["/api/auth/callback/credentials", "/api/auth/callback/credentials/extra"]) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(405);
      expect(response.headers()["allow"]).toBe("POST");
      expect((await response.json()).code).toBe("method_not_allowed");
    }
    // The GET actions the browser uses still work.
    expect((await request.get("/api/auth/csrf")).status()).toBe(200);
    expect((await request.get("/api/auth/session")).status()).toBe(200);
  });
});

test.describe("Strict-Transport-Security", () => {
  test("is not sent when the app runs on http", async ({ request }) => {
    for (const path of ["/login", "/api/health", "/icon.svg"]) {
      expect((await request.get(path)).headers()["strict-transport-security"], path).toBeUndefined();
    }
  });

  test("is sent on pages, API routes and static files when NEXTAUTH_URL is https; refused methods log no stack trace", async ({
    stack,
  }) => {
    await withAppServer(stack, { NEXTAUTH_URL: "https://appointments.example" }, async (server) => {
      for (const path of ["/login", "/api/health", "/icon.svg", "/api/nope"]) {
        const response = await fetch(`${server.url}${path}`);
        expect(response.headers.get("strict-transport-security"), path).toBe("max-age=63072000; includeSubDomains");
      }
      for (const path of ["/", "/login", "/api/health"]) {
        expect((await rawRequest(`${server.url}${path}`, "TRACE")).status).toBe(405);
      }
      expect((await fetch(`${server.url}/api/auth/callback/credentials`)).status).toBe(405);
      expect((await fetch(`${server.url}/login`, { method: "DELETE" })).status).toBe(405);
      expect(server.output()).not.toMatch(/TypeError|Error: Callback|\n\s+at /);
    });
  });
});
