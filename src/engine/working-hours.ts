/**
 * Working hours in the account's own time zone: an account that acts at 3 a.m. local
 * time, or on Sundays, looks like a bot. Off by default; when set, an action only starts
 * inside `[start, end)` local time on the listed days. Local time comes from
 * `Intl.DateTimeFormat`, so daylight-saving changes follow the IANA database Node ships.
 */
export interface WorkingHours {
  /** IANA zone, e.g. "Europe/Paris". */
  timezone: string;
  /** Days the account works: "mon" … "sun". */
  days: Day[];
  /** "HH:MM", local, inclusive. */
  start: string;
  /** "HH:MM", local, exclusive; after `start` (no overnight windows). */
  end: string;
}

export const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type Day = (typeof DAYS)[number];

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  /** 0 = Sunday, as Date#getUTCDay. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** The wall-clock time at `ms` in `timezone`. */
export function localTime(ms: number, timezone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timezone).formatToParts(ms)) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const year = parts.year!;
  const month = parts.month!;
  const day = parts.day!;
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return { year, month, day, weekday, minutes: parts.hour! * 60 + parts.minute! };
}

/** The zone's offset from UTC at instant `ms`, in milliseconds (Paris in winter: +3,600,000). */
function offsetAt(ms: number, timezone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timezone).formatToParts(ms)) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - (ms - (ms % 1000));
}

/**
 * The instant at which the local clock of `timezone` shows the given date and minute.
 * Two passes settle the offset; a wall-clock time that does not exist (inside a spring-
 * forward gap) comes out shifted by the gap, i.e. the first existing minute after it.
 */
export function instantOf(year: number, month: number, day: number, minutes: number, timezone: string): number {
  const wall = Date.UTC(year, month - 1, day, 0, minutes);
  let guess = wall - offsetAt(wall, timezone);
  guess = wall - offsetAt(guess, timezone);
  return guess;
}

export function parseHm(hm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hm) ?? (hm === "24:00" ? [hm, "24", "00"] : null);
  if (!m) throw new Error(`bad time ${hm}, expected HH:MM`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function isOpen(ms: number, hours: WorkingHours): boolean {
  const local = localTime(ms, hours.timezone);
  const start = parseHm(hours.start);
  const end = parseHm(hours.end);
  return hours.days.includes(DAYS[local.weekday]!) && local.minutes >= start && local.minutes < end;
}

/**
 * The first instant >= `ms` inside working hours: `ms` itself when open, else the start
 * of the next working day's window (which may sit on the other side of a DST change).
 */
export function nextOpening(ms: number, hours: WorkingHours | null | undefined): number {
  if (!hours || isOpen(ms, hours)) return ms;
  const local = localTime(ms, hours.timezone);
  const start = parseHm(hours.start);
  for (let d = 0; d <= 7; d++) {
    const date = new Date(Date.UTC(local.year, local.month - 1, local.day + d));
    if (!hours.days.includes(DAYS[date.getUTCDay()]!)) continue;
    const candidate = instantOf(
      date.getUTCFullYear(),
      date.getUTCMonth() + 1,
      date.getUTCDate(),
      start,
      hours.timezone,
    );
    if (candidate < ms) continue;
    return candidate;
  }
  // No listed day at all: never open. The queue timeout will end the wait.
  return Number.POSITIVE_INFINITY;
}

/** Validates working hours given by `set_limits`; returns a message or null. */
export function workingHoursProblem(hours: WorkingHours): string | null {
  try {
    formatter(hours.timezone);
  } catch {
    return `unknown time zone ${hours.timezone}`;
  }
  let start: number;
  let end: number;
  try {
    start = parseHm(hours.start);
    end = parseHm(hours.end);
  } catch (error) {
    return (error as Error).message;
  }
  if (end <= start) return "working_hours.end must be after working_hours.start";
  if (!Array.isArray(hours.days) || hours.days.length === 0) return "working_hours.days must list at least one day";
  for (const d of hours.days) if (!DAYS.includes(d)) return `unknown day ${String(d)} (use ${DAYS.join(", ")})`;
  return null;
}
