import { createServer, type Server } from "node:http";

/**
 * A stand-in for LinkedIn's end of a write, over real HTTP: `POST /begin` is the side
 * effect (counted per request id), `POST /end` marks the action's end (for overlap checks
 * by timestamps), `GET /did?rid=…` answers "did you receive X?" for `verify`.
 */
export interface Interval {
  rid: string;
  account: string;
  worker: string;
  begin: number;
  end: number | null;
}

export interface SideEffectServer {
  url: string;
  sends: Map<string, number>;
  intervals: Interval[];
  close(): Promise<void>;
}

export async function startSideEffectServer(): Promise<SideEffectServer> {
  const sends = new Map<string, number>();
  const intervals: Interval[] = [];
  const open = new Map<string, Interval>();
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      if (req.method === "GET" && url.pathname === "/did") {
        const rid = url.searchParams.get("rid") ?? "";
        res.end(JSON.stringify({ received: (sends.get(rid) ?? 0) > 0 }));
        return;
      }
      const msg = JSON.parse(body || "{}") as { rid: string; account: string; worker: string };
      const now = performance.timeOrigin + performance.now();
      if (url.pathname === "/begin") {
        sends.set(msg.rid, (sends.get(msg.rid) ?? 0) + 1);
        const interval = { rid: msg.rid, account: msg.account, worker: msg.worker, begin: now, end: null };
        intervals.push(interval);
        open.set(`${msg.worker}:${msg.rid}`, interval);
      } else if (url.pathname === "/end") {
        const interval = open.get(`${msg.worker}:${msg.rid}`);
        if (interval) interval.end = now;
      }
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no address");
  return {
    url: `http://127.0.0.1:${address.port}`,
    sends,
    intervals,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Pairs of one account's actions whose [begin, end] overlap. An action of a worker killed
 * before its end counts as ended when the worker was killed.
 */
export function overlaps(intervals: Interval[], killedAt: Map<string, number>): [Interval, Interval][] {
  const byAccount = new Map<string, Interval[]>();
  for (const i of intervals) {
    const list = byAccount.get(i.account) ?? [];
    list.push(i);
    byAccount.set(i.account, list);
  }
  const bad: [Interval, Interval][] = [];
  for (const list of byAccount.values()) {
    list.sort((a, b) => a.begin - b.begin);
    for (let k = 1; k < list.length; k++) {
      const prev = list[k - 1]!;
      const end = prev.end ?? killedAt.get(prev.worker) ?? Number.POSITIVE_INFINITY;
      if (list[k]!.begin < end) bad.push([prev, list[k]!]);
    }
  }
  return bad;
}
