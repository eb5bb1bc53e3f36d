/**
 * The bench's receiver, in its own process so it does not share the dispatcher's event loop.
 * Every POST is verified with the `standardwebhooks` package (not welink's code) and its
 * webhook-id recorded; GET /stats returns the ids, as Hookdeck's harness checks that a mock
 * received every published id.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

const secret = process.argv[2];
if (!secret) throw new Error("usage: receiver.ts <whsec_secret>");
const verifier = new Webhook(secret);
const verified: string[] = [];
let rejected = 0;

const server = createServer((req, res) => {
  if (req.method === "GET") {
    const cpu = process.cpuUsage();
    const cpuMs = (cpu.user + cpu.system) / 1000;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ verified, rejected, cpuMs }));
    return;
  }
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (chunk) => {
    body += chunk;
  });
  req.on("end", () => {
    try {
      verifier.verify(body, req.headers as Record<string, string>);
      verified.push(String(req.headers["webhook-id"]));
      res.writeHead(204).end();
    } catch {
      rejected++;
      res.writeHead(401).end();
    }
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
