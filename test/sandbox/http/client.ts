/**
 * A plain HTTP client for protocol tests: a cookie jar, the headers LinkedIn's web client
 * sends (csrf-token from JSESSIONID, x-restli-protocol-version), no redirects followed.
 * Deliberately not the welink driver: these tests check the wire itself.
 */

import { request } from "undici";

export const NORMALIZED = "application/vnd.linkedin.normalized+json+2.1";
export const PASSWORD = "sandbox-password";
export const PIN = "424242";
export const persona = (name: string) => `${name}@sandbox.welink.dev`;

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test reads arbitrary JSON shapes
  json: any;
}

export class Client {
  readonly jar = new Map<string, string>();

  constructor(readonly base: string) {}

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  csrf(): string {
    return (this.jar.get("JSESSIONID") ?? "").replace(/^"|"$/g, "");
  }

  private keep(setCookie: string | string[] | undefined): void {
    for (const line of typeof setCookie === "string" ? [setCookie] : (setCookie ?? [])) {
      const [pair] = line.split(";");
      const eq = (pair ?? "").indexOf("=");
      if (eq > 0) this.jar.set((pair as string).slice(0, eq).trim(), (pair as string).slice(eq + 1).trim());
    }
  }

  async send(
    method: string,
    path: string,
    options: { body?: unknown; form?: Record<string, string>; accept?: string; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = {
      cookie: this.cookieHeader(),
      "csrf-token": this.csrf(),
      "x-restli-protocol-version": "2.0.0",
      accept: options.accept ?? "application/json",
      ...options.headers,
    };
    let body: string | undefined;
    if (options.form) {
      body = new URLSearchParams(options.form).toString();
      headers["content-type"] = "application/x-www-form-urlencoded";
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }
    const res = await request(`${this.base}${path}`, { method: method as "GET", headers, body });
    const text = await res.body.text();
    this.keep(res.headers["set-cookie"]);
    let json: unknown;
    try {
      json = text === "" ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.statusCode, headers: res.headers, text, json };
  }

  get(path: string, accept?: string): Promise<Reply> {
    return this.send("GET", path, accept ? { accept } : {});
  }

  post(path: string, body?: unknown, accept?: string): Promise<Reply> {
    return this.send("POST", path, { body: body ?? {}, ...(accept ? { accept } : {}) });
  }

  /** The mobile-auth login: anonymous JSESSIONID, then the form. */
  async login(email: string, password = PASSWORD): Promise<Reply> {
    await this.get("/uas/authenticate");
    return this.send("POST", "/uas/authenticate", {
      form: { session_key: email, session_password: password, JSESSIONID: this.jar.get("JSESSIONID") ?? "" },
    });
  }
}

/** Logged-in client for an email (fails the test if the login does not PASS). */
export async function loggedIn(base: string, email: string): Promise<Client> {
  const client = new Client(base);
  const reply = await client.login(email);
  if (reply.json?.login_result !== "PASS") throw new Error(`login of ${email} gave ${reply.text}`);
  return client;
}

/** Percent-encode a value for a Rest.li structure: parentheses too, which encodeURIComponent keeps. */
export const enc = (v: string) =>
  encodeURIComponent(v).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Admin call to the control API. */
export async function control(base: string, method: string, path: string, body?: unknown): Promise<Reply> {
  const res = await request(`${base}/_sandbox${path}`, {
    method: method as "GET",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text, json: text ? JSON.parse(text) : undefined };
}
