"use client";

import type { FieldProps, ScheduleValues } from "@/lib/browser/use-appointment-form";
import { bookableDates, localDateTime, slotTimes } from "@/lib/browser/schedule-input";
import { formatTime } from "@/lib/browser/format-date";

/**
 * The date and time fields of the booking and reschedule forms: a date input limited to the
 * bookable days and a select of the start times still ahead on that day, both in local time.
 * `now` is null before the form has been opened (the server render): no limits, every time.
 */
export function ScheduleFields({
  labels,
  values,
  now,
  onDateChange,
  onTimeChange,
  dateProps,
  timeProps,
}: {
  labels: { date: string; time: string };
  values: ScheduleValues;
  now: Date | null;
  onDateChange: (date: string) => void;
  onTimeChange: (time: string) => void;
  dateProps: FieldProps;
  timeProps: FieldProps;
}) {
  const dates = now ? bookableDates(now) : null;
  const times = values.date ? slotTimes(values.date, now ?? new Date(0)) : [];
  return (
    <>
      <label className="field">
        <span>{labels.date}</span>
        <input
          {...dateProps}
          type="date"
          value={values.date}
          min={dates?.min}
          max={dates?.max}
          onChange={(event) => onDateChange(event.currentTarget.value)}
          required
        />
      </label>
      <label className="field">
        <span>{labels.time}</span>
        <select
          {...timeProps}
          value={values.time}
          onChange={(event) => onTimeChange(event.currentTarget.value)}
          required
        >
          <option value="">{values.date && times.length === 0 ? "No times left on this day" : "Choose…"}</option>
          {times.map((slot) => (
            <option key={slot} value={slot}>
              {formatTime(localDateTime(values.date, slot))}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
