import type { Page } from "@playwright/test";
import { localDateTime, slotTimes, dateInputValue } from "../../lib/browser/schedule-input";
import { expect, searchFor, test } from "./fixtures";
import { cards } from "./search-helpers";
import { withAppServer } from "./support/app-server";

// These specs book and change appointments in the stack's one shared database. They run after
// the read-only specs (see playwright.config.ts), which count John's, Dr. Patel's and the North
// clinic's appointments exactly. Each test uses its own random word in its reasons, and random
// slots far beyond the seeded dates (which end 90 days ahead), retrying on 409 slot_taken.

const PATEL = "Dr. Anika Patel — General medicine, North Clinic";
/**
 * On this shared machine a change may take longer than 2 s to be searchable: 202, and the page
 * says so and searches again over the next seconds. "At once" then means within those seconds.
 */
const INDEXED_SOON = { timeout: 20_000 };
const MAYBE_NOT_INDEXED = "( Saved\\. It may take a few seconds to appear in search\\.)?";
const said = (message: string) => new RegExp(`^${message}${MAYBE_NOT_INDEXED}$`);

/** Ten random letters: one search term no other appointment contains. */
function uniqueWord(): string {
  return Array.from({ length: 10 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("");
}

/**
 * A random half-hour slot 290 to 360 days ahead, in the browser's (this machine's) local time:
 * past the seeded dates and past writes-api.spec.ts's slots (200 to 284 days ahead), which do not
 * retry on 409.
 */
function randomSlot(): { date: string; time: string; at: Date } {
  const day = new Date();
  day.setDate(day.getDate() + 290 + Math.floor(Math.random() * 70));
  const date = dateInputValue(day);
  const times = slotTimes(date);
  const time = times[Math.floor(Math.random() * times.length)]!;
  return { date, time, at: localDateTime(date, time) };
}

/** Books through the page's form, as a patient would; a taken slot is retried with another. */
async function bookThroughForm(page: Page, reason: string) {
  await page.getByRole("button", { name: "Book an appointment" }).click();
  const form = page.getByRole("region", { name: "Book an appointment" });
  await expect(form.getByLabel("Doctor")).toBeFocused();
  await form.getByLabel("Doctor").selectOption({ label: PATEL });
  await form.getByLabel("Reason for the visit").fill(reason);
  const booked = page.getByRole("status").filter({ hasText: /^Booked: / });
  for (let attempt = 0; attempt < 5; attempt++) {
    const slot = randomSlot();
    await form.getByLabel("Date").fill(slot.date);
    await form.getByLabel("Time").selectOption(slot.time);
    await form.getByRole("button", { name: "Book", exact: true }).click();
    const refusal = form.getByRole("alert");
    await expect(booked.or(refusal)).toBeVisible();
    if (await booked.isVisible()) return { slot, booked };
    await expect(refusal).toContainText("already booked");
  }
  throw new Error("five random slots in a row were taken");
}

/** Books through the API with the page's session (tests that are about something else). */
async function bookThroughApi(page: Page, reason: string, slot = randomSlot()) {
  for (let attempt = 0; attempt < 5; attempt++, slot = randomSlot()) {
    const response = await page.request.post("/api/appointments", {
      data: { doctorId: "d-patel", scheduledAt: slot.at.toISOString(), reason },
    });
    if (response.status() === 409) continue;
    expect([201, 202], await response.text()).toContain(response.status());
    const { appointment } = (await response.json()) as { appointment: { id: number } };
    return { id: appointment.id, slot };
  }
  throw new Error("five random slots in a row were taken");
}

const card = (page: Page, text: string) => cards(page).filter({ hasText: text });
const badge = (page: Page, text: string) => card(page, text).locator(".status-badge");

test.describe("booking", () => {
  test("john books and sees it at once; zia never sees it, in the list or at its address", async ({ pageAs }) => {
    const john = await pageAs("john");
    const zia = await pageAs("zia");
    const word = uniqueWord();
    const reason = `Wheezing at night ${word}`;

    await bookThroughForm(john, reason);
    await expect(john.getByRole("status").filter({ hasText: /^Booked: / })).toHaveText(
      /^Booked: .+ with Dr\. Anika Patel — pending confirmation\. (View it|Saved\. It may take a few seconds to appear in search\.)$/,
    );
    // The form closed and emptied, and focus is back on its button.
    await expect(john.getByRole("region", { name: "Book an appointment" })).toHaveCount(0);
    await expect(john.getByRole("button", { name: "Book an appointment" })).toBeFocused();
    // At once (or, after a 202, within seconds): no reload, no new search typed.
    await expect(card(john, reason)).toHaveCount(1, INDEXED_SOON);
    await expect(badge(john, reason)).toHaveText("Pending");
    const id = Number((await card(john, reason).getAttribute("aria-label"))?.replace("Appointment ", ""));
    expect(id).toBeGreaterThan(0);

    await searchFor(zia, word);
    await expect(cards(zia)).toHaveCount(0);
    await expect(zia.getByRole("status").filter({ hasText: `No appointments match “${word}”` })).toBeVisible();
    await zia.goto(`/appointments/${id}`);
    await expect(zia.getByRole("heading", { level: 1 })).toHaveText("Appointment not found");
    await expect(zia.getByText(word)).toHaveCount(0);
  });

  test("the form checks before sending, moves focus to the field to fix, and keeps what was typed", async ({
    pageAs,
  }) => {
    const john = await pageAs("john");
    await john.getByRole("button", { name: "Book an appointment" }).click();
    const form = john.getByRole("region", { name: "Book an appointment" });
    const submit = form.getByRole("button", { name: "Book", exact: true });

    await submit.click();
    await expect(form.getByRole("alert")).toHaveText("Choose a doctor.");
    await expect(form.getByLabel("Doctor")).toBeFocused();
    await expect(form.getByLabel("Doctor")).toHaveAttribute("aria-invalid", "true");

    await form.getByLabel("Doctor").selectOption({ label: PATEL });
    await submit.click();
    await expect(form.getByRole("alert")).toHaveText("Choose a time.");
    await expect(form.getByLabel("Time")).toBeFocused();

    const slot = randomSlot();
    await form.getByLabel("Date").fill(slot.date);
    await form.getByLabel("Time").selectOption(slot.time);
    await submit.click();
    await expect(form.getByRole("alert")).toHaveText("Say briefly what the appointment is for.");
    await expect(form.getByLabel("Reason for the visit")).toBeFocused();

    await form.getByLabel("Reason for the visit").fill("Itchy eyes");
    await expect(form.getByText("10 of 500 characters")).toBeVisible();
    // Closing and opening again loses nothing.
    await form.getByRole("button", { name: "Close" }).click();
    await expect(form).toHaveCount(0);
    await john.getByRole("button", { name: "Book an appointment" }).click();
    await expect(form.getByLabel("Doctor")).toHaveValue("d-patel");
    await expect(form.getByLabel("Date")).toHaveValue(slot.date);
    await expect(form.getByLabel("Time")).toHaveValue(slot.time);
    await expect(form.getByLabel("Reason for the visit")).toHaveValue("Itchy eyes");
  });

  test("a slot taken meanwhile: focus goes to the field the server names, and nothing typed is lost", async ({
    pageAs,
  }) => {
    const john = await pageAs("john");
    const word = uniqueWord();
    const { slot } = await bookThroughApi(john, `Taken first ${word}`);
    await john.getByRole("button", { name: "Book an appointment" }).click();
    const form = john.getByRole("region", { name: "Book an appointment" });
    await form.getByLabel("Doctor").selectOption({ label: PATEL });
    await form.getByLabel("Date").fill(slot.date);
    await form.getByLabel("Time").selectOption(slot.time);
    await form.getByLabel("Reason for the visit").fill(`Taken second ${word}`);
    const booking = john.waitForResponse((response) => response.url().endsWith("/api/appointments"));
    await form.getByRole("button", { name: "Book", exact: true }).click();

    // The form cannot know the slot is taken: the server's 409 names the field, and focus follows it.
    expect(await (await booking).json()).toMatchObject({ code: "slot_taken", field: "scheduledAt" });
    await expect(form.getByRole("alert")).toHaveText(
      /^Dr\. Anika Patel is already booked at .+ that day\. Pick another time\.$/,
    );
    await expect(form.getByLabel("Time")).toBeFocused();
    await expect(form.getByLabel("Time")).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByLabel("Date")).toHaveValue(slot.date);
    await expect(form.getByLabel("Time")).toHaveValue(slot.time);
    await expect(form.getByLabel("Reason for the visit")).toHaveValue(`Taken second ${word}`);
  });

  test("a reason with markup is text everywhere: card, detail page, the doctor's list", async ({ pageAs }) => {
    const john = await pageAs("john");
    const dialogs: string[] = [];
    john.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const word = uniqueWord();
    const markup = `<img src=x onerror=alert(1)>`;
    const reason = `${markup} <b>bold</b> ${word}`;

    await bookThroughForm(john, reason);
    await expect(card(john, word).locator(".hit-details")).toHaveText(reason, INDEXED_SOON);
    await expect(john.getByRole("main").locator("img, b")).toHaveCount(0);

    await card(john, word).getByRole("link", { name: "Details" }).click();
    await expect(john).toHaveURL(/\/appointments\/\d+$/);
    await expect(john.getByRole("region", { name: "Reason for the visit" })).toHaveText(reason);
    await expect(john.getByRole("main").locator("img, b")).toHaveCount(0);

    const doctor = await pageAs("dr-patel");
    doctor.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await searchFor(doctor, word);
    await expect(card(doctor, word).locator(".hit-details")).toHaveText(reason);
    await expect(doctor.getByRole("main").locator("img, b")).toHaveCount(0);
    expect(dialogs).toEqual([]);
  });
});

test.describe("changes, and who sees them", () => {
  test("dr-patel confirms john's appointment and john's open page shows Confirmed without a reload", async ({
    pageAs,
  }) => {
    const john = await pageAs("john");
    const word = uniqueWord();
    await bookThroughApi(john, `Follow-up on inhaler use ${word}`);
    await searchFor(john, word);
    await expect(badge(john, word)).toHaveText("Pending");
    await john.evaluate(() => ((window as unknown as { __marker: string }).__marker = "same-page"));

    const doctor = await pageAs("dr-patel");
    await expect(doctor.getByRole("button", { name: "Book an appointment" })).toHaveCount(0);
    await searchFor(doctor, word);
    const patientCard = card(doctor, word);
    await expect(patientCard.getByRole("button")).toHaveText(["Confirm", "Cancel"]);
    await patientCard.getByRole("button", { name: "Confirm" }).click();
    await expect(patientCard.getByRole("status")).toHaveText(said("Confirmed\\."));
    await expect(patientCard.getByRole("status")).toBeFocused();
    await expect(badge(doctor, word)).toHaveText("Confirmed");
    // Confirmed, but still ahead: no "Mark completed" until it has started (ACTION_RULES).
    await expect(patientCard.getByRole("button")).toHaveText(["Cancel"]);

    // John typed nothing since: the page searched again by itself.
    await expect(badge(john, word)).toHaveText("Confirmed", { timeout: 10_000 });
    expect(await john.evaluate(() => (window as unknown as { __marker?: string }).__marker)).toBe("same-page");
  });

  test("john reschedules on the card, then cancels after saying yes", async ({ pageAs }) => {
    const john = await pageAs("john");
    const word = uniqueWord();
    const { slot } = await bookThroughApi(john, `Knee pain when cycling ${word}`);
    await searchFor(john, word);
    const mine = card(john, word);
    await expect(mine.getByRole("button")).toHaveText(["Reschedule", "Cancel"]);

    await mine.getByRole("button", { name: "Reschedule" }).click();
    const form = mine.getByRole("form", { name: "Choose a new time" });
    await expect(form.getByLabel("New date")).toBeFocused();
    await expect(form.getByLabel("New date")).toHaveValue(slot.date);
    await expect(form.getByLabel("New time")).toHaveValue(slot.time);
    let moved = randomSlot();
    for (let attempt = 0; ; attempt++) {
      await form.getByLabel("New date").fill(moved.date);
      await form.getByLabel("New time").selectOption(moved.time);
      await form.getByRole("button", { name: "Save new time" }).click();
      const done = mine.getByRole("status");
      await expect(done.or(form.getByRole("alert"))).toBeVisible();
      if (await done.isVisible()) break;
      expect(attempt).toBeLessThan(4);
      moved = randomSlot();
    }
    await expect(mine.getByRole("status")).toHaveText(said("Rescheduled to .+ — pending confirmation\\."));
    await expect(mine.locator("time")).toHaveAttribute("datetime", moved.at.toISOString());

    await mine.getByRole("button", { name: "Cancel" }).click();
    const ask = mine.getByRole("group", { name: "Cancel this appointment?" });
    await expect(ask).toBeVisible();
    await ask.getByRole("button", { name: "Keep it" }).click();
    await expect(ask).toHaveCount(0);
    await expect(mine.getByRole("button", { name: "Cancel" })).toBeFocused();
    await expect(badge(john, word)).toHaveText("Pending");

    await mine.getByRole("button", { name: "Cancel" }).click();
    await ask.getByRole("button", { name: "Yes, cancel it" }).click();
    await expect(mine.getByRole("status")).toHaveText(said("Cancelled\\."));
    await expect(badge(john, word)).toHaveText("Cancelled");
    // A cancelled appointment is final: nothing left to do on it.
    await expect(mine.getByRole("button")).toHaveCount(0);
  });

  test("a front desk moving an appointment into a taken slot keeps the form and asks for another time", async ({
    pageAs,
  }) => {
    const john = await pageAs("john");
    const word = uniqueWord();
    const first = await bookThroughApi(john, `Blood pressure check ${word} first`);
    await bookThroughApi(john, `Blood pressure check ${word} second`);

    const desk = await pageAs("front-desk-north");
    await searchFor(desk, word);
    const second = card(desk, `${word} second`);
    await expect(second.getByRole("button")).toHaveText(["Confirm", "Reschedule", "Cancel"]);
    await second.getByRole("button", { name: "Reschedule" }).click();
    const form = second.getByRole("form", { name: "Choose a new time" });
    await form.getByLabel("New date").fill(first.slot.date);
    await form.getByLabel("New time").selectOption(first.slot.time);
    await form.getByRole("button", { name: "Save new time" }).click();

    await expect(form.getByRole("alert")).toContainText("Dr. Anika Patel is already booked at");
    await expect(form.getByRole("alert")).toContainText("Pick another time.");
    await expect(form.getByLabel("New time")).toBeFocused();
    await expect(form.getByLabel("New date")).toHaveValue(first.slot.date);
    await expect(form.getByLabel("New time")).toHaveValue(first.slot.time);
    await expect(badge(desk, `${word} second`)).toHaveText("Pending");
  });
});

test.describe("the write limit, explained in the page", () => {
  test("past the limit, the card and the form say how long to wait, and keep what was typed", async ({
    pageAs,
    stack,
  }) => {
    const word = uniqueWord();
    await bookThroughApi(await pageAs("zia"), `Allergy test ${word}`);
    // A server of this test's own, on the same database and index, with a write limit no other
    // server has: its budget is whole, and spent here.
    await withAppServer(stack, { RATE_LIMIT_WRITES_PER_MINUTE: "6" }, async (server) => {
      const zia = await pageAs("zia", { baseURL: server.url });
      const spend = await Promise.all(
        Array.from({ length: 6 }, () =>
          zia.request.patch("/api/appointments/987654321", {
            data: { status: "cancelled" },
            headers: { Origin: server.url },
          }),
        ),
      );
      expect(spend.map((response) => response.status())).toEqual(Array(6).fill(404));

      await searchFor(zia, word);
      const mine = card(zia, word);
      await mine.getByRole("button", { name: "Cancel" }).click();
      await mine.getByRole("button", { name: "Yes, cancel it" }).click();
      await expect(mine.getByRole("alert")).toHaveText(/^You are making changes too quickly\. Try again in \d+ s\.$/);
      await expect(badge(zia, word)).toHaveText("Pending");

      await zia.getByRole("button", { name: "Book an appointment" }).click();
      const form = zia.getByRole("region", { name: "Book an appointment" });
      await form.getByLabel("Doctor").selectOption({ label: PATEL });
      const slot = randomSlot();
      await form.getByLabel("Date").fill(slot.date);
      await form.getByLabel("Time").selectOption(slot.time);
      await form.getByLabel("Reason for the visit").fill(`Still typed ${word}`);
      await form.getByRole("button", { name: "Book", exact: true }).click();
      await expect(form.getByRole("alert")).toHaveText(/^You are making changes too quickly\. Try again in \d+ s\.$/);
      await expect(form.getByLabel("Reason for the visit")).toHaveValue(`Still typed ${word}`);
      await expect(form.getByLabel("Time")).toHaveValue(slot.time);
    });
  });
});
