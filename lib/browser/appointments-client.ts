import "client-only";
/**
 * The browser's calls to the write API (see lib/common/write-contract.ts). Every outcome is a
 * value, never a throw: a success with `indexed` (false on 202: saved, not searchable yet), or a
 * failure with the server's `{ code, message, field? }`, or one of ours when no JSON error came back.
 * Pure logic with an injected fetch, unit-tested without a browser (tests/unit/appointments-client.test.ts).
 */
import type { Appointment } from "../common/appointments";
import type { AppointmentChange, BookingRequest, WriteResponse } from "../common/write-contract";
import { errorFields, readJson, type FetchLike } from "./tenant-http-client";

export type WriteFailure = {
  ok: false;
  /** 0 when nothing answered. */
  status: number;
  /** The server's code, or `network` / `unexpected_response` when it sent none. */
  code: string;
  message: string;
  /** The field of the request body the server says the refusal is about (`reason`), when it names one. */
  field?: string;
};
export type WriteOutcome = ({ ok: true } & WriteResponse) | WriteFailure;

/** What the page adds to a success answered with 202: saved, but the list may not show it yet. */
export const NOT_INDEXED_MESSAGE = "Saved. It may take a few seconds to appear in search.";

const NETWORK_MESSAGE = "We could not reach the server. Check your connection and try again; nothing was changed.";

/** Used only when an error answer carries no message of its own (a proxy's HTML page, say). */
function fallbackMessage(status: number, retryAfter: string | null): string {
  if (status === 401) return "Your session has ended. Please sign in again.";
  if (status === 403) return "You are not allowed to do this.";
  if (status === 404) return "This appointment no longer exists, or is not yours to change.";
  if (status === 409) return "This appointment changed in the meantime. Reload it and try again.";
  if (status === 429)
    return /^[1-9][0-9]{0,4}$/.test(retryAfter ?? "")
      ? `You are making changes too quickly. Try again in ${retryAfter} s.`
      : "You are making changes too quickly. Wait a moment and try again.";
  if (status >= 500) return "Saving is unavailable right now. Please try again in a moment.";
  return `The server could not accept this change (${status}).`;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  415: "unsupported_media_type",
  429: "rate_limited",
};

function isAppointment(value: unknown): value is Appointment {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<Appointment>;
  return typeof candidate.id === "number" && typeof candidate.status === "string";
}

async function send(fetchImpl: FetchLike, url: string, method: "POST" | "PATCH", body: unknown): Promise<WriteOutcome> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method,
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, code: "network", message: NETWORK_MESSAGE };
  }
  const json = await readJson(response);
  if (response.ok) {
    const appointment = (json as Partial<WriteResponse> | undefined)?.appointment;
    if (!isAppointment(appointment)) {
      return {
        ok: false,
        status: response.status,
        code: "unexpected_response",
        message: "The change may have been saved, but the answer was unreadable. Reload the page to check.",
      };
    }
    return { ok: true, appointment, indexed: response.status !== 202 };
  }
  const { code, message, field } = errorFields(json) as { code?: unknown; message?: unknown; field?: unknown };
  return {
    ok: false,
    status: response.status,
    code: typeof code === "string" && code ? code : (CODE_BY_STATUS[response.status] ?? "server_error"),
    message:
      typeof message === "string" && message
        ? message
        : fallbackMessage(response.status, response.headers.get("retry-after")),
    ...(typeof field === "string" && field ? { field } : {}),
  };
}

const defaultFetch: FetchLike = (input, init) => fetch(input, init);

/** POST /api/appointments: the signed-in patient books for themselves. */
export function bookAppointment(request: BookingRequest, fetchImpl: FetchLike = defaultFetch): Promise<WriteOutcome> {
  return send(fetchImpl, "/api/appointments", "POST", request);
}

/** PATCH /api/appointments/<id>: a status change or a new time. */
export function changeAppointment(
  id: number,
  change: AppointmentChange,
  fetchImpl: FetchLike = defaultFetch,
): Promise<WriteOutcome> {
  return send(fetchImpl, `/api/appointments/${encodeURIComponent(String(id))}`, "PATCH", change);
}
