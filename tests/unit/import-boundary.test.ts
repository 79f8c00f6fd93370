import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The lint rule that enforces the trust boundary (eslint.config.mjs), run on sample files: what a
 * module may import depends only on the folder it sits in.
 */
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

async function refusals(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport {};\n`, { filePath });
  return result!.messages.filter((message) => message.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("the import boundary", () => {
  it.each([
    ["lib/browser/sample.ts", 'import "@/lib/db/client";'],
    ["lib/browser/sample.ts", 'import "../meilisearch/admin";'],
    ["lib/browser/sample.ts", 'import "../env";'],
    ["lib/browser/sample.ts", 'import "server-only";'],
    ["components/sample.tsx", 'import "../lib/auth/options";'],
    ["components/sample.tsx", 'import "@/lib/http/errors";'],
    ["lib/common/sample.ts", 'import "../sync/lock";'],
    ["lib/common/sample.ts", 'import "../browser/token-store";'],
    ["lib/common/sample.ts", 'import "node:crypto";'],
    ["lib/sync/sample.ts", 'import "../browser/token-store";'],
    ["lib/auth/sample.ts", 'import "@/lib/browser/url-state";'],
    ["app/api/sample/route.ts", 'import "@/lib/browser/auth-client";'],
    ["lib/db/sample.ts", 'import "client-only";'],
  ])("%s may not %s", async (file, source) => {
    expect(await refusals(file, source)).toHaveLength(1);
  });

  it.each([
    ["lib/browser/sample.ts", 'import "../common/tenant";'],
    ["components/sample.tsx", 'import "@/lib/browser/url-state";'],
    ["lib/common/sample.ts", 'import "./tenant";'],
    ["lib/auth/sample.ts", 'import "../common/tenant";'],
    ["app/sample/page.tsx", 'import "@/components/site-header";'],
  ])("%s may %s", async (file, source) => {
    expect(await refusals(file, source)).toEqual([]);
  });
});
