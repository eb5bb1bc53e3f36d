/**
 * The transport of one account: its cookie jar, its dispatcher (proxy, keep-alive), its
 * headers and timeouts. It sends one request and hands back status, headers and the
 * decoded body; it never follows redirects (a 3xx from LinkedIn is a signal, usually a
 * dead session) and never interprets bodies — that is the families' job.
 * Failures below HTTP become catalogued errors here, in one place: anything that goes
 * wrong on the way to or through a proxy is PROXY_ERROR; a request that outlives its
 * deadline is an error, never a hang.
 */
import { promisify } from "node:util";
import { brotliDecompress, gunzip, inflate } from "node:zlib";
import { type Dispatcher, request } from "undici";
import { WelinkError } from "../../errors/index.ts";
import type { Clock } from "../../lib/clock.ts";
import { type CookieJar, csrfFromJsessionid, type SetCookieEffect } from "./cookies.ts";
import { ACCEPT, apiHeaders, DEFAULT_USER_AGENT, pageHeaders, type TrackOptions } from "./headers.ts";
import { createDispatcher, errorMessage, type ProxyConfig, ProxyFailure, proxyLabel } from "./proxy.ts";

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);
const brotliAsync = promisify(brotliDecompress);

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export interface TransportConfig {
  /** `https://www.linkedin.com` or the sandbox's `http://127.0.0.1:<port>`. */
  baseUrl: string;
  jar: CookieJar;
  clock: Clock;
  userAgent?: string;
  proxy?: ProxyConfig | null;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Extra CA (PEM) trusted for HTTPS proxies. */
  proxyCa?: string;
  lang?: string;
  track?: Partial<TrackOptions>;
  /** Called after a response changed the jar, so the owner can persist it. */
  onCookies?: (effect: SetCookieEffect) => void;
}

export interface WireRequest {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  /** A path on the base URL (`/voyager/api/me`) or an absolute URL (upload URLs). */
  path: string;
  /** A ready query string without "?" (Rest.li encoding is done by the caller). */
  query?: string;
  /** `accept` header; Voyager API calls default to the normalized JSON. */
  accept?: string;
  body?: string | Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
  /** false for page loads and login forms: no csrf/Rest.li headers. Default true. */
  api?: boolean;
  pageKey?: string;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  contentType: string;
  /** The `location` header of a 3xx. */
  location?: string;
  cookies: SetCookieEffect;
  /** What was asked, for error messages: `GET /voyager/api/me`. */
  what: string;
}

export class Transport {
  readonly baseUrl: string;
  readonly jar: CookieJar;
  readonly proxy: ProxyConfig | null;
  userAgent: string;
  /** LinkedIn's clock minus ours, from the last `Date` header (to compare its timestamps with ours). */
  serverSkewMs = 0;

  /**
   * Our instant `ms` on LinkedIn's clock, less a margin for the `Date` header's one-second
   * grain: the bound of "written at or after `ms`" checks on LinkedIn's timestamps (0 stays 0).
   */
  onServerClock(ms: number): number {
    return ms > 0 ? ms + this.serverSkewMs - 5_000 : 0;
  }
  private readonly config: TransportConfig;
  private readonly dispatcher: Dispatcher;
  private readonly requestTimeoutMs: number;

  constructor(config: TransportConfig) {
    this.config = config;
    this.baseUrl = config.baseUrl.replace(/\/+$/, "");
    this.jar = config.jar;
    this.proxy = config.proxy ?? null;
    this.userAgent = config.userAgent ?? DEFAULT_USER_AGENT;
    this.requestTimeoutMs = config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.dispatcher = createDispatcher(this.proxy, {
      connectTimeoutMs: config.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      requestTimeoutMs: this.requestTimeoutMs,
      ...(config.proxyCa ? { proxyCa: config.proxyCa } : {}),
    });
  }

  /** The csrf-token this session sends (JSESSIONID without quotes). */
  csrfToken(): string | undefined {
    return csrfFromJsessionid(this.jar.get("JSESSIONID", this.config.clock.now()));
  }

  async send(req: WireRequest): Promise<WireResponse> {
    const method = req.method ?? "GET";
    const absolute = /^https?:\/\//.test(req.path);
    const url = (absolute ? req.path : this.baseUrl + req.path) + (req.query ? `?${req.query}` : "");
    const what = `${method} ${absolute ? new URL(req.path).pathname : req.path}`;
    const now = this.config.clock.now();
    const foreign = absolute && new URL(req.path).origin !== new URL(this.baseUrl).origin;
    const headers = this.headersFor(req, now, foreign);
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // Our own deadline on top of undici's: a proxy that accepts the TCP connection and
    // then never answers the CONNECT is not covered by undici's timeouts.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new Error("request deadline exceeded");
        error.name = "TimeoutError";
        controller.abort(error);
        reject(error);
      }, this.requestTimeoutMs);
    });
    let res: Dispatcher.ResponseData;
    let raw: Buffer;
    try {
      const exchange = (async () => {
        const r = await request(url, {
          method,
          headers,
          body: req.body ?? null,
          dispatcher: this.dispatcher,
          signal: controller.signal,
        });
        return { r, bytes: Buffer.from(await r.body.arrayBuffer()) };
      })();
      exchange.catch(() => {});
      const done = await Promise.race([exchange, deadline]);
      res = done.r;
      raw = done.bytes;
    } catch (error) {
      throw this.networkError(error, what);
    } finally {
      clearTimeout(timer);
    }
    const setCookie = res.headers["set-cookie"];
    const lines = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
    const dateHeader = res.headers.date;
    const serverDate = typeof dateHeader === "string" ? Date.parse(dateHeader) : Number.NaN;
    if (!Number.isNaN(serverDate)) this.serverSkewMs = serverDate - this.config.clock.now();
    const cookies = this.jar.apply(lines, this.config.clock.now(), Number.isNaN(serverDate) ? undefined : serverDate);
    if (cookies.set.length || cookies.deleted.length) this.config.onCookies?.(cookies);
    const encoding = String(res.headers["content-encoding"] ?? "").toLowerCase();
    const body = (await decode(raw, encoding)).toString("utf8");
    const location = res.headers.location;
    const out: WireResponse = {
      status: res.statusCode,
      headers: res.headers,
      body,
      contentType: String(res.headers["content-type"] ?? ""),
      cookies,
      what,
    };
    if (typeof location === "string") out.location = location;
    return out;
  }

  /** Closes the account's connections; in-flight requests are cut. */
  async close(): Promise<void> {
    await this.dispatcher.destroy().catch(() => {});
  }

  /** `foreign`: another origin (an upload host): never gets the session's cookies or csrf. */
  private headersFor(req: WireRequest, now: number, foreign = false): Record<string, string> {
    const origin = new URL(this.baseUrl).origin;
    const base =
      req.api === false
        ? pageHeaders({ userAgent: this.userAgent, ...(req.accept ? { accept: req.accept } : {}) })
        : apiHeaders({
            userAgent: this.userAgent,
            accept: req.accept ?? ACCEPT.normalized,
            lang: this.config.lang ?? "en_US",
            track: {
              clientVersion: this.config.track?.clientVersion ?? "1.13.45589",
              timezone: this.config.track?.timezone ?? "Europe/London",
              timezoneOffset: this.config.track?.timezoneOffset ?? 0,
            },
            pageKey: req.pageKey ?? "d_flagship3_feed",
            origin,
          });
    const headers: Record<string, string> = { ...base };
    const cookie = foreign ? "" : this.jar.header(now);
    if (cookie) headers.cookie = cookie;
    if (req.api !== false && !foreign) {
      const csrf = this.csrfToken();
      if (csrf) headers["csrf-token"] = csrf;
    }
    if (req.body !== undefined) headers["content-type"] = req.contentType ?? "application/json; charset=UTF-8";
    return { ...headers, ...req.headers };
  }

  private networkError(error: unknown, what: string): WelinkError {
    const detail = describeNetworkError(error);
    if (this.proxy || error instanceof ProxyFailure) {
      const label = this.proxy ? proxyLabel(this.proxy) : "proxy";
      return new WelinkError("PROXY_ERROR", `${what} through ${label}: ${detail}`, { cause: error });
    }
    return new WelinkError("INTERNAL_ERROR", `${what}: LinkedIn could not be reached (${detail})`, { cause: error });
  }
}

/** A short, secret-free description of a network failure (never the proxy credentials). */
export function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    if (error.name === "TimeoutError" || error.name === "AbortError") return "timed out";
    if (code === "UND_ERR_CONNECT_TIMEOUT") return "connect timed out";
    if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") return "timed out";
    const cause = (error as { cause?: unknown }).cause;
    const inner = cause instanceof Error ? ` (${errorMessage(cause)})` : "";
    return `${code ? `${code}: ` : ""}${error.message}${inner}`.replace(/\/\/[^@/\s]+@/g, "//");
  }
  return String(error);
}

async function decode(raw: Buffer, encoding: string): Promise<Buffer> {
  if (!raw.length) return raw;
  if (encoding === "gzip" || encoding === "x-gzip") return gunzipAsync(raw);
  if (encoding === "br") return brotliAsync(raw);
  if (encoding === "deflate") return inflateAsync(raw);
  return raw;
}
