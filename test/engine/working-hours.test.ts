import { describe, expect, it } from "vitest";
import {
  isOpen,
  localTime,
  nextOpening,
  type WorkingHours,
  workingHoursProblem,
} from "../../src/engine/working-hours.ts";

const weekdays: WorkingHours["days"] = ["mon", "tue", "wed", "thu", "fri"];

describe("working hours", () => {
  it("reads local time in the account's zone", () => {
    // 2026-01-05 is a Monday. 23:30 UTC is 00:30 Tuesday in Paris (UTC+1 in winter).
    const local = localTime(Date.UTC(2026, 0, 5, 23, 30), "Europe/Paris");
    expect(local).toMatchObject({ year: 2026, month: 1, day: 6, weekday: 2, minutes: 30 });
  });

  it("is open inside the window and closed outside it", () => {
    const hours: WorkingHours = { timezone: "America/New_York", days: weekdays, start: "09:00", end: "17:00" };
    expect(isOpen(Date.UTC(2026, 0, 5, 14, 0), hours)).toBe(true); // 09:00 EST
    expect(isOpen(Date.UTC(2026, 0, 5, 13, 59), hours)).toBe(false); // 08:59 EST
    expect(isOpen(Date.UTC(2026, 0, 5, 22, 0), hours)).toBe(false); // 17:00 EST
    expect(isOpen(Date.UTC(2026, 0, 10, 15, 0), hours)).toBe(false); // Saturday
  });

  it("opens now when already open, and is off when unset", () => {
    const now = Date.UTC(2026, 0, 5, 14, 30);
    expect(nextOpening(now, { timezone: "America/New_York", days: weekdays, start: "09:00", end: "17:00" })).toBe(now);
    expect(nextOpening(now, null)).toBe(now);
  });

  it("finds the next opening across the day boundary of another zone", () => {
    // Monday 10:00 UTC is Monday 19:00 in Tokyo: after hours; next is Tuesday 09:00 JST = Tuesday 00:00 UTC.
    const hours: WorkingHours = { timezone: "Asia/Tokyo", days: weekdays, start: "09:00", end: "18:00" };
    expect(nextOpening(Date.UTC(2026, 0, 5, 10, 0), hours)).toBe(Date.UTC(2026, 0, 6, 0, 0));
  });

  it("skips the weekend: Friday evening waits until Monday morning", () => {
    const hours: WorkingHours = { timezone: "Europe/Paris", days: weekdays, start: "09:00", end: "18:00" };
    // Friday 2026-01-09 18:30 Paris = 17:30 UTC. Monday 2026-01-12 09:00 Paris = 08:00 UTC.
    expect(nextOpening(Date.UTC(2026, 0, 9, 17, 30), hours)).toBe(Date.UTC(2026, 0, 12, 8, 0));
  });

  it("crosses a DST change: the offset on the far side is used", () => {
    // Paris springs forward on Sunday 2026-03-29. Friday 27th 20:00 Paris (UTC+1) = 19:00 UTC.
    // Monday 30th 09:00 Paris is UTC+2 = 07:00 UTC, not 08:00.
    const hours: WorkingHours = { timezone: "Europe/Paris", days: weekdays, start: "09:00", end: "18:00" };
    expect(nextOpening(Date.UTC(2026, 2, 27, 19, 0), hours)).toBe(Date.UTC(2026, 2, 30, 7, 0));
    // New York falls back on Sunday 2026-11-01: Monday 09:00 EST = 14:00 UTC (13:00 the Friday before).
    const ny: WorkingHours = { timezone: "America/New_York", days: weekdays, start: "09:00", end: "17:00" };
    expect(nextOpening(Date.UTC(2026, 9, 30, 22, 0), ny)).toBe(Date.UTC(2026, 10, 2, 14, 0));
  });

  it("lands on the first existing minute when the start falls in a spring-forward gap", () => {
    // 02:30 does not exist in Paris on 2026-03-29 (02:00 → 03:00).
    const hours: WorkingHours = { timezone: "Europe/Paris", days: ["sun"], start: "02:30", end: "05:00" };
    const at = nextOpening(Date.UTC(2026, 2, 28, 12, 0), hours);
    expect(isOpen(at, hours)).toBe(true);
    expect(at).toBe(Date.UTC(2026, 2, 29, 1, 30)); // 03:30 CEST
  });

  it("validates the settings", () => {
    expect(workingHoursProblem({ timezone: "Mars/Olympus", days: weekdays, start: "09:00", end: "17:00" })).toMatch(
      /time zone/,
    );
    expect(workingHoursProblem({ timezone: "UTC", days: weekdays, start: "17:00", end: "09:00" })).toMatch(/after/);
    expect(workingHoursProblem({ timezone: "UTC", days: [], start: "09:00", end: "17:00" })).toMatch(/day/);
    expect(workingHoursProblem({ timezone: "UTC", days: weekdays, start: "9am", end: "17:00" })).toMatch(/HH:MM/);
    expect(workingHoursProblem({ timezone: "UTC", days: weekdays, start: "09:00", end: "17:00" })).toBeNull();
  });
});
