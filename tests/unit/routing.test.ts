import { describe, expect, it } from "vitest";
import {
  createStateMapping,
  routeToSearch,
  routeToState,
  searchToRoute,
  sortIndexName,
  sortKeyOf,
  stateToRoute,
} from "@/lib/browser/url-state";

const INDEX = "appointments";
const NOW = 1_800_000_000;

describe("URL <-> search state", () => {
  it("round-trips a full search through a clean query string", () => {
    const state = {
      [INDEX]: {
        query: "sore throat",
        refinementList: { status: ["pending", "confirmed"], department: ["General medicine"] },
        sortBy: sortIndexName(INDEX, "newest"),
        page: 2,
      },
    };
    const search = routeToSearch(stateToRoute(state, INDEX));
    expect(search).toBe("q=sore+throat&status=pending&status=confirmed&department=General+medicine&sort=newest&page=2");
    expect(routeToState(searchToRoute(`?${search}`), INDEX, NOW)).toEqual(state);
  });

  it("leaves defaults out of the URL", () => {
    expect(routeToSearch(stateToRoute({ [INDEX]: { query: "", page: 1, sortBy: INDEX } }, INDEX))).toBe("");
    expect(routeToSearch(stateToRoute({}, INDEX))).toBe("");
  });

  it("maps 'upcoming' to ascending order plus a lower date bound taken when the URL is read", () => {
    const state = routeToState({ sort: "upcoming" }, INDEX, NOW);
    expect(state[INDEX]).toEqual({ sortBy: `${INDEX}:scheduled_at:asc`, range: { scheduled_at: `${NOW}:` } });
    expect(sortKeyOf(state[INDEX]!, INDEX)).toBe("upcoming");
    // The timestamp itself never reaches the URL, so a shared link means "from whenever it is opened".
    expect(routeToSearch(stateToRoute(state, INDEX))).toBe("sort=upcoming");
  });

  it("tells oldest from upcoming by the date bound", () => {
    expect(sortKeyOf({ sortBy: `${INDEX}:scheduled_at:asc` }, INDEX)).toBe("oldest");
    expect(sortKeyOf({ sortBy: `${INDEX}:scheduled_at:desc` }, INDEX)).toBe("newest");
    expect(sortKeyOf({}, INDEX)).toBe("relevance");
  });

  it("drops what it does not understand instead of failing", () => {
    expect(
      searchToRoute(
        "?status=pending&status=hacked&sort=sideways&page=-3&token=abc&apiKey=x&doctor=&q=" + "a".repeat(500),
      ),
    ).toEqual({ q: "a".repeat(200), status: ["pending"] });
    expect(searchToRoute("?page=1.5")).toEqual({});
    expect(searchToRoute("?page=3")).toEqual({ page: 3 });
    expect(searchToRoute("?status=pending&status=pending")).toEqual({ status: ["pending"] });
  });

  it("reads the clock for each routed state", () => {
    let now = NOW;
    const mapping = createStateMapping(INDEX, () => now);
    expect(mapping.routeToState({ sort: "upcoming" })[INDEX]?.range).toEqual({ scheduled_at: `${NOW}:` });
    now += 60;
    expect(mapping.routeToState({ sort: "upcoming" })[INDEX]?.range).toEqual({ scheduled_at: `${NOW + 60}:` });
  });
});
