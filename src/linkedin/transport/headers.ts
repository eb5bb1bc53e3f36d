/**
 * The headers a desktop browser running LinkedIn's web client sends (voyager.md §1.6).
 * The user agent must stay the one that minted `li_at`, so it is per account.
 */
import { randomBytes } from "node:crypto";

/** A current desktop Chrome; old Chrome versions were reported to trigger CHALLENGE. */
export const DEFAULT_USER_AGENT =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

export const ACCEPT = {
  normalized: "application/vnd.linkedin.normalized+json+2.1",
  json: "application/json",
  graphql: "application/graphql",
  html: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
} as const;

export interface TrackOptions {
  clientVersion: string;
  timezone: string;
  timezoneOffset: number;
}

/** The `x-li-track` JSON string. */
export function liTrack(options: TrackOptions): string {
  return JSON.stringify({
    clientVersion: options.clientVersion,
    mpVersion: options.clientVersion,
    osName: "web",
    timezoneOffset: options.timezoneOffset,
    timezone: options.timezone,
    deviceFormFactor: "DESKTOP",
    mpName: "voyager-web",
    displayDensity: 1,
    displayWidth: 1920,
    displayHeight: 1080,
  });
}

/** `urn:li:page:<pageKey>;<base64 of 16 random bytes>`. */
export function pageInstance(pageKey: string): string {
  return `urn:li:page:${pageKey};${randomBytes(16).toString("base64")}`;
}

/** Headers of every Voyager API call, minus cookie/csrf (added by the transport). */
export function apiHeaders(options: {
  userAgent: string;
  accept: string;
  lang: string;
  track: TrackOptions;
  pageKey: string;
  origin: string;
}): Record<string, string> {
  return {
    "user-agent": options.userAgent,
    accept: options.accept,
    "accept-language": "en-US,en;q=0.9",
    "accept-encoding": "gzip, deflate, br",
    "x-restli-protocol-version": "2.0.0",
    "x-li-lang": options.lang,
    "x-li-track": liTrack(options.track),
    "x-li-page-instance": pageInstance(options.pageKey),
    referer: `${options.origin}/feed/`,
  };
}

/** Headers of page loads and login form posts (no Rest.li, no csrf). */
export function pageHeaders(options: { userAgent: string; accept?: string }): Record<string, string> {
  return {
    "user-agent": options.userAgent,
    accept: options.accept ?? ACCEPT.html,
    "accept-language": "en-US,en;q=0.9",
    "accept-encoding": "gzip, deflate, br",
  };
}
