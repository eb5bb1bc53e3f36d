/**
 * The world's own clock. Every rule of the sandbox (weekly windows, calendar months,
 * "today" for birthdays, video processing time) reads it, so tests set and advance it
 * instead of waiting. Times are epoch milliseconds.
 */

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A Monday morning, far enough from month ends that tests read naturally. */
export const DEFAULT_START = Date.UTC(2026, 0, 5, 9, 0, 0);

export class WorldClock {
  private current: number;

  constructor(start = DEFAULT_START) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTime(ms: number): number {
    this.current = ms;
    return this.current;
  }

  advance(ms: number): number {
    this.current += ms;
    return this.current;
  }
}

/** "2026-01": the calendar month (UTC) that monthly allowances are counted in. */
export function monthKey(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** Month (1-12) and day of month (UTC), for birthdays and anniversaries. */
export function monthDay(ms: number): { month: number; day: number } {
  const d = new Date(ms);
  return { month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
