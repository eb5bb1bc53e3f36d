/**
 * The bench's server process: `sandbox` (the seeded world with limits opened wide, so the
 * load measures the protocol, not LinkedIn's refusals) or `bare <bytes>` (node:http answering
 * a constant JSON body of that size). Prints one JSON line with what the client needs.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startSandbox } from "../../src/sandbox/index.ts";

const [mode, size] = process.argv.slice(2);

if (mode === "bare") {
  const body = JSON.stringify({ data: "x".repeat(Math.max(0, Number(size) - 12)) });
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.listen(0, "127.0.0.1", () => {
    process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
  });
  process.once("SIGTERM", () => server.close(() => process.exit(0)));
} else {
  const wide = 1_000_000_000;
  // The burst rule (60 requests a minute per member) is opened too: at the target rate
  // (~12,000 req/s over 2,000 accounts, the world's clock following real time) every account
  // passes 60 a minute within seconds, and the 429s that follow are cheap answers that would
  // flatter the ratio (measured: 100% 429 on the second mix, "0.88").
  const sandbox = await startSandbox({
    seed: 42,
    settings: {
      weeklyInvitesFree: wide,
      weeklyInvitesPaid: wide,
      freeSearchesPerMonth: wide,
      maxConnectionsAndPending: wide,
      burstRequestsPerMinute: wide,
    },
  });
  const world = sandbox.world;
  const senders = world.members.list.filter((m) => m.tier === "free" && !m.restricted && !m.needsPin && !m.blankMe);
  const sessions = senders.slice(0, 2000).map((m) => {
    const s = world.sessions.issue(m.memberId);
    return { cookie: `li_at=${s.liAt}; JSESSIONID="${s.jsessionId}"`, csrf: s.jsessionId };
  });
  const vanities = world.members.list.slice(0, 2000).map((m) => m.publicIdentifier);
  const targets = world.members.list.slice(2000).map((m) => `urn:li:fsd_profile:${m.profileId}`);
  process.stdout.write(`${JSON.stringify({ port: sandbox.port, sessions, vanities, targets })}\n`);
  process.once("SIGTERM", () => void sandbox.close().then(() => process.exit(0)));
}
