import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApi, startApi } from "../../src/api/server.ts";
import { openTestStore, type TestStore } from "./support.ts";

/** What a raw socket gets back for bytes Node's HTTP parser refuses. */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(bytes));
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk;
    });
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
  });
}

describe("requests the HTTP parser refuses", () => {
  let t: TestStore;
  let api: RunningApi;
  beforeAll(async () => {
    t = await openTestStore("sqlite");
    api = await startApi({ store: t.store, clock: t.clock }, { port: 0, host: "127.0.0.1", logger: false });
  });
  afterAll(async () => {
    await api.close();
    await t.close();
  });

  it.each([
    ["a broken request line", "NOT HTTP AT ALL\r\n\r\n"],
    ["a header with no colon", "POST /api/v1/me HTTP/1.1\r\nHost: x\r\nbroken header\r\n\r\n"],
    ["headers over the size limit", `GET /health HTTP/1.1\r\nHost: x\r\nx-big: ${"a".repeat(20_000)}\r\n\r\n`],
  ])("answers %s with 400 and the seed's error body", async (_name, bytes) => {
    const answer = await rawExchange(api.port, bytes);
    const [head, body] = answer.split("\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    const parsed = JSON.parse(body ?? "");
    expect(parsed.status).toBe("INVALID_REQUEST");
    expect(typeof parsed.message).toBe("string");
    expect(head).toContain(`x-request-id: ${parsed.requestId}`);
    expect(parsed.scope).toBe("request");
  });
});
