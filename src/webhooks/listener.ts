import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Clock, systemClock } from "../lib/clock.ts";
import { verifyHash, verifyStandardHeaders } from "./verify.ts";

/**
 * The receiver behind `welink webhooks listen`: a newcomer's first webhook endpoint. It
 * verifies the Standard Webhooks signature and the payload's `hash` with the secret it is
 * given, answers 2xx only when both hold (so a bad delivery is retried and shows in the log),
 * and prints one readable line per event.
 */
export interface ListenerOptions {
  port: number;
  host?: string;
  /** The workspace's `whsec_…` secret; without it events are printed unverified. */
  secret?: string;
  clock?: Clock;
  write: (line: string) => void;
}

export interface Listener {
  url: string;
  /** Sets the secret once it is known (`--register` learns it after the port is bound). */
  setSecret(secret: string): void;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;
const RESULT_PREVIEW = 160;

export async function startListener(options: ListenerOptions): Promise<Listener> {
  const clock = options.clock ?? systemClock;
  const seen = new Set<string>();
  let secret = options.secret;

  function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const id = String(req.headers["webhook-id"] ?? "-");
    const parsed = safeParse(body);
    let verdict = "unverified (no --secret)";
    let ok = true;
    if (secret) {
      const headers = verifyStandardHeaders(req.headers, body, secret, clock.now());
      const hash = verifyHash(body, secret);
      ok = headers.ok && hash.ok;
      verdict = ok
        ? `verified (webhook-signature, hash ${hash.ok ? hash.mode : "-"})`
        : `REJECTED: ${!headers.ok ? headers.reason : ""}${!headers.ok && !hash.ok ? "; " : ""}${!hash.ok ? hash.reason : ""}`;
    }
    const duplicate = seen.has(id) ? " (again: same webhook-id)" : "";
    if (ok) seen.add(id);
    options.write(describeEvent(clock.now(), parsed, id, verdict + duplicate));
    res.writeHead(ok ? 200 : 401, { "content-type": "text/plain" }).end(ok ? "ok" : "signature mismatch");
  }

  const server = createServer((req, res) => {
    if (req.method !== "POST") {
      res.writeHead(405, { allow: "POST" }).end();
      return;
    }
    let body = "";
    let size = 0;
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      size += chunk.length;
      if (size <= MAX_BODY) body += chunk;
    });
    req.on("end", () => {
      if (size > MAX_BODY) res.writeHead(413).end();
      else handle(req, res, body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/`,
    setSecret: (value) => {
      secret = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `06:13:18.204  CONNECTION_SENT  SUCCESS  /api/v1/connect  request=… account=…  {"connected":true,…}  [verdict]` */
export function describeEvent(
  now: number,
  payload: Record<string, unknown> | null,
  id: string,
  verdict: string,
): string {
  const time = new Date(now).toISOString().slice(11, 23);
  if (!payload) return `${time}  (body is not JSON)  webhook-id=${id}  [${verdict}]`;
  const detail = payload.status === "SUCCESS" ? JSON.stringify(payload.result ?? {}) : String(payload.message ?? "");
  const parts = [
    time,
    String(payload.event ?? "-"),
    String(payload.status ?? "-"),
    String(payload.event_type ?? "-"),
    payload.requestId ? `request=${payload.requestId}` : null,
    payload.accountId ? `account=${payload.accountId}` : null,
    `webhook-id=${id}`,
    detail.length > RESULT_PREVIEW ? `${detail.slice(0, RESULT_PREVIEW)}…` : detail,
    `[${verdict}]`,
  ];
  return parts.filter((p) => p !== null && p !== "").join("  ");
}

function safeParse(body: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(body);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
