/**
 * The sandbox also answers as an HTTP forward proxy on its own port, tunnelling `CONNECT`
 * to itself, so the driver's proxy code (and PROXY_ERROR) is exercised end to end: wrong
 * credentials get 407, an injected `proxy` fault gets 502 (sandbox-protocol.md §12).
 */

import type { Server } from "node:http";
import type { Duplex } from "node:stream";
import type { SandboxState } from "./state.ts";

export const PROXY_PASSWORD = "sandbox-proxy";

export function proxyCredentialsOk(header: string | undefined): boolean {
  if (header === undefined) return true;
  const m = /^Basic\s+(.+)$/i.exec(header.trim());
  if (!m) return false;
  const decoded = Buffer.from(m[1] as string, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon !== -1 && decoded.slice(colon + 1) === PROXY_PASSWORD;
}

export function attachProxy(server: Server, state: SandboxState): void {
  server.on("connect", (req, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    if (!proxyCredentialsOk(req.headers["proxy-authorization"])) {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="sandbox"\r\n\r\n');
      return;
    }
    if (state.world.faults.take(null, "CONNECT", ["proxy"])) {
      socket.end("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    if (head.length > 0) socket.unshift(head);
    server.emit("connection", socket);
  });
}
