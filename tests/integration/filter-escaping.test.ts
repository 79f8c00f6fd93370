import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quoteFilterValue } from "@/lib/meilisearch/filter";
import { masterClient } from "./support/meilisearch";

/**
 * The allow-list keeps hostile ids out of tenant filters. This proves the second line of defence
 * on its own, against Meilisearch's real filter parser: a quoted value matches itself, only.
 */
const admin = masterClient();
const scratch = `filter_escaping_${Date.now()}`;

const OWNERS = [
  "John",
  "Zia",
  'John" OR owner = "Zia',
  'John\\" OR owner = \\"Zia',
  "back\\slash\\",
  "new\nline",
  "Zoë 'quote' ✓",
  " OR ",
];

beforeAll(async () => {
  await admin.createIndex(scratch, { primaryKey: "id" }).waitTask();
  await admin.index(scratch).updateFilterableAttributes(["owner"]).waitTask();
  const task = await admin
    .index(scratch)
    .addDocuments(OWNERS.map((owner, id) => ({ id, owner })))
    .waitTask();
  expect(task.status).toBe("succeeded");
});

afterAll(async () => {
  await admin.deleteIndex(scratch).waitTask();
});

describe("quoteFilterValue against the real parser", () => {
  it.each(OWNERS)("matches exactly the owner %j", async (owner) => {
    const { hits } = await admin.index(scratch).search("", { filter: `owner = ${quoteFilterValue(owner)}` });
    expect(hits.map((hit) => hit.owner)).toEqual([owner]);
  });

  it("the naive interpolation really is injectable (why escaping matters)", async () => {
    const naive = `owner = "${'John" OR owner = "Zia'}"`;
    const { hits } = await admin.index(scratch).search("", { filter: naive });
    expect(hits.map((hit) => hit.owner).sort()).toEqual(["John", "Zia"]);
  });
});
