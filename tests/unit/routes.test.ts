import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { API_ROUTES, checkMethod } from "@/lib/http/routes";

const APP = path.resolve(import.meta.dirname, "../../app");

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return entry === "route.ts" ? [path.relative(APP, full)] : [];
  });
}

/** The HTTP methods a route file exports: `export async function POST` or `export { GET, POST }`. */
function exportedMethods(file: string): string[] {
  const source = readFileSync(path.join(APP, file), "utf8");
  const methods = new Set<string>();
  for (const match of source.matchAll(/export\s+(?:async\s+)?function\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b/g))
    methods.add(match[1]!);
  for (const match of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const name of match[1]!.split(",").map((part) => part.trim())) {
      if (/^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$/.test(name)) methods.add(name);
    }
  }
  return [...methods].sort();
}

describe("the method table", () => {
  it("lists every route file once, with exactly the methods it exports (HEAD with GET)", () => {
    const files = routeFiles(path.join(APP, "api")).map((file) => file.split(path.sep).join("/"));
    expect(API_ROUTES.map((route) => route.file).sort()).toEqual(files.sort());
    for (const route of API_ROUTES) {
      const expected = exportedMethods(route.file);
      const listed = route.methods.filter((method) => method !== "HEAD" || !expected.includes("GET"));
      expect([...listed].sort(), route.file).toEqual(expected);
    }
  });

  it("matches each route file's own path, and no other route's", () => {
    const samples: Record<string, string> = {
      "api/appointments/route.ts": "/api/appointments",
      "api/appointments/[id]/route.ts": "/api/appointments/42",
      "api/auth/[...nextauth]/route.ts": "/api/auth/callback/credentials",
      "api/health/route.ts": "/api/health",
      "api/search-token/route.ts": "/api/search-token",
      "api/sessions/revoke-all/route.ts": "/api/sessions/revoke-all",
    };
    for (const [file, pathname] of Object.entries(samples)) {
      expect(API_ROUTES.filter((route) => route.pattern.test(pathname)).map((route) => route.file)).toEqual([file]);
    }
  });
});

describe("checkMethod", () => {
  it("serves each route's own methods", () => {
    expect(checkMethod("POST", "/api/search-token")).toEqual({ ok: true });
    expect(checkMethod("PATCH", "/api/appointments/17")).toEqual({ ok: true });
    expect(checkMethod("get", "/api/health")).toEqual({ ok: true });
    expect(checkMethod("HEAD", "/api/health")).toEqual({ ok: true });
    expect(checkMethod("GET", "/api/auth/session")).toEqual({ ok: true });
  });

  it("answers 405 with the route's Allow list to any other method", () => {
    expect(checkMethod("GET", "/api/search-token")).toEqual({ ok: false, status: 405, allow: "POST" });
    expect(checkMethod("DELETE", "/api/appointments/17")).toEqual({ ok: false, status: 405, allow: "PATCH" });
    expect(checkMethod("POST", "/api/health")).toEqual({ ok: false, status: 405, allow: "GET, HEAD" });
    expect(checkMethod("OPTIONS", "/api/appointments")).toEqual({ ok: false, status: 405, allow: "POST" });
  });

  it("pages and static files are read-only: GET and HEAD", () => {
    for (const pathname of [
      "/",
      "/login",
      "/appointments",
      "/appointments/12",
      "/_next/static/chunks/a.js",
      "/icon.svg",
    ]) {
      expect(checkMethod("GET", pathname), pathname).toEqual({ ok: true });
      expect(checkMethod("HEAD", pathname), pathname).toEqual({ ok: true });
      for (const method of ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"]) {
        expect(checkMethod(method, pathname), `${method} ${pathname}`).toEqual({
          ok: false,
          status: 405,
          allow: "GET, HEAD",
        });
      }
    }
  });

  it("an API path the app does not have is 404, whatever the method", () => {
    for (const pathname of [
      "/api",
      "/api/",
      "/api/nope",
      "/api/appointments/1/2",
      "/api/healthz",
      "/api/search-token/x",
    ]) {
      expect(checkMethod("GET", pathname), pathname).toEqual({ ok: false, status: 404 });
      expect(checkMethod("POST", pathname), pathname).toEqual({ ok: false, status: 404 });
    }
  });
});
