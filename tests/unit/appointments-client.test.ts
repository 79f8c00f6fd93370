import { describe, expect, it } from "vitest";
import { bookAppointment, changeAppointment } from "@/lib/browser/appointments-client";
import type { FetchLike } from "@/lib/browser/tenant-http-client";

const appointment = { id: 3013, status: "pending", scheduled_at: 1_900_000_000, doctor: "Dr. Anika Patel" };
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

function answering(response: Response | Error) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl: FetchLike = async (input, init) => {
    calls.push({ url: String(input), init: init ?? {} });
    if (response instanceof Error) throw response;
    return response;
  };
  return { calls, fetchImpl };
}

const booking = { doctorId: "d-patel", scheduledAt: "2027-03-09T10:30:00.000Z", reason: "Cough" };

describe("bookAppointment and changeAppointment", () => {
  it("send JSON, same-origin, to the pinned routes", async () => {
    const book = answering(json(201, { appointment, indexed: true }));
    await bookAppointment(booking, book.fetchImpl);
    expect(book.calls[0]!.url).toBe("/api/appointments");
    expect(book.calls[0]!.init).toMatchObject({
      method: "POST",
      credentials: "same-origin",
      body: JSON.stringify(booking),
    });
    expect(new Headers(book.calls[0]!.init.headers).get("Content-Type")).toBe("application/json");

    const change = answering(json(200, { appointment, indexed: true }));
    await changeAppointment(3013, { status: "cancelled" }, change.fetchImpl);
    expect(change.calls[0]!.url).toBe("/api/appointments/3013");
    expect(change.calls[0]!.init).toMatchObject({ method: "PATCH", body: '{"status":"cancelled"}' });
  });

  it("reads 201/200 as indexed and 202 as saved but not searchable yet", async () => {
    expect(await bookAppointment(booking, answering(json(201, { appointment, indexed: true })).fetchImpl)).toEqual({
      ok: true,
      appointment,
      indexed: true,
    });
    expect(
      await changeAppointment(
        1,
        { status: "confirmed" },
        answering(json(202, { appointment, indexed: false })).fetchImpl,
      ),
    ).toEqual({ ok: true, appointment, indexed: false });
  });

  it("passes the server's { code, message } through", async () => {
    const taken = json(409, { code: "slot_taken", message: "Dr. Anika Patel is already booked then." });
    expect(await bookAppointment(booking, answering(taken).fetchImpl)).toEqual({
      ok: false,
      status: 409,
      code: "slot_taken",
      message: "Dr. Anika Patel is already booked then.",
    });
  });

  it("passes the field the server names, and only a field name", async () => {
    const named = json(400, { code: "bad_request", message: "Invalid request body.", field: "reason" });
    expect(await bookAppointment(booking, answering(named).fetchImpl)).toEqual({
      ok: false,
      status: 400,
      code: "bad_request",
      message: "Invalid request body.",
      field: "reason",
    });
    for (const field of [{ name: "reason" }, 7, ""]) {
      const odd = json(400, { code: "bad_request", message: "Invalid request body.", field });
      expect(await bookAppointment(booking, answering(odd).fetchImpl), JSON.stringify(field)).not.toHaveProperty(
        "field",
      );
    }
  });

  it("gives an error without a JSON body a code and a message of its own", async () => {
    const html = new Response("<html>Bad gateway</html>", { status: 502 });
    expect(await bookAppointment(booking, answering(html).fetchImpl)).toMatchObject({
      ok: false,
      status: 502,
      code: "server_error",
      message: expect.stringContaining("unavailable"),
    });
    const unsupported = new Response("", { status: 415 });
    expect(await bookAppointment(booking, answering(unsupported).fetchImpl)).toMatchObject({
      code: "unsupported_media_type",
    });
  });

  it("says how long to wait after a 429: the server's words, or its Retry-After when a proxy answered", async () => {
    const message = "You are making changes too quickly. Try again in 41 s.";
    expect(
      await changeAppointment(
        3013,
        { status: "cancelled" },
        answering(json(429, { code: "rate_limited", message })).fetchImpl,
      ),
    ).toEqual({ ok: false, status: 429, code: "rate_limited", message });
    const bare = new Response("", { status: 429, headers: { "Retry-After": "7" } });
    expect(await bookAppointment(booking, answering(bare).fetchImpl)).toEqual({
      ok: false,
      status: 429,
      code: "rate_limited",
      message: "You are making changes too quickly. Try again in 7 s.",
    });
  });

  it("turns a network failure into a value, not a throw", async () => {
    expect(await bookAppointment(booking, answering(new TypeError("Failed to fetch")).fetchImpl)).toMatchObject({
      ok: false,
      status: 0,
      code: "network",
    });
  });

  it("does not call a success what it cannot read", async () => {
    expect(await bookAppointment(booking, answering(json(201, { ok: true })).fetchImpl)).toMatchObject({
      ok: false,
      code: "unexpected_response",
    });
  });
});
