import { createServer, type IncomingHttpHeaders, type Server } from "node:http";

export interface Received {
  raw: string;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  at: number;
}

/** A real HTTP webhook receiver on loopback that records every delivery. */
export class Receiver {
  readonly events: Received[] = [];
  private server: Server | null = null;
  /** Status to answer with; tests flip it to simulate an outage. */
  status = 200;
  url = "";

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let raw = "";
      req.on("data", (chunk) => {
        raw += chunk;
      });
      req.on("end", () => {
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(raw);
        } catch {
          // keep the raw text
        }
        this.events.push({ raw, body, headers: req.headers, at: Date.now() });
        res.writeHead(this.status).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const address = this.server.address();
    if (address === null || typeof address === "string") throw new Error("no address");
    this.url = `http://127.0.0.1:${address.port}/hook`;
    return this;
  }

  /** Waits for the first event matching `match`. */
  async waitFor(match: (event: Received) => boolean, timeoutMs = 20_000): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`no matching webhook within ${timeoutMs} ms; got ${this.events.length}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  forRequest(requestId: string, timeoutMs?: number): Promise<Received> {
    return this.waitFor((e) => (e.body.requestId ?? e.body.request_id) === requestId, timeoutMs);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
