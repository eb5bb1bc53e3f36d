/**
 * A small SOCKS5 server (RFC 1928, username/password auth RFC 1929, CONNECT only) for the
 * driver's proxy tests. It records every CONNECT so a test can prove the traffic went
 * through it. Listens on 127.0.0.1 only.
 */
import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";

export interface Socks5Server {
  port: number;
  /** "host:port" of every CONNECT that was let through. */
  connects: string[];
  /** Failed authentications. */
  authFailures: number;
  close(): Promise<void>;
}

export async function startSocks5(options: { username?: string; password?: string } = {}): Promise<Socks5Server> {
  const sockets = new Set<Socket>();
  const state: Socks5Server = {
    port: 0,
    connects: [],
    authFailures: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const needAuth = options.username !== undefined;
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => client.destroy());
    let buffer = Buffer.alloc(0);
    let stage: "greeting" | "auth" | "request" | "piped" = "greeting";
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (stage === "greeting") {
          if (buffer.length < 2) return;
          const n = buffer[1] as number;
          if (buffer.length < 2 + n) return;
          const methods = [...buffer.subarray(2, 2 + n)];
          buffer = buffer.subarray(2 + n);
          const method = needAuth ? 0x02 : 0x00;
          if (!methods.includes(method)) {
            client.end(Buffer.from([0x05, 0xff]));
            return;
          }
          client.write(Buffer.from([0x05, method]));
          stage = needAuth ? "auth" : "request";
        } else if (stage === "auth") {
          if (buffer.length < 2) return;
          const ulen = buffer[1] as number;
          if (buffer.length < 3 + ulen) return;
          const plen = buffer[2 + ulen] as number;
          if (buffer.length < 3 + ulen + plen) return;
          const user = buffer.subarray(2, 2 + ulen).toString();
          const pass = buffer.subarray(3 + ulen, 3 + ulen + plen).toString();
          buffer = buffer.subarray(3 + ulen + plen);
          if (user !== options.username || pass !== options.password) {
            state.authFailures++;
            client.end(Buffer.from([0x01, 0x01]));
            return;
          }
          client.write(Buffer.from([0x01, 0x00]));
          stage = "request";
        } else if (stage === "request") {
          if (buffer.length < 5) return;
          const atyp = buffer[3] as number;
          let host: string;
          let offset: number;
          if (atyp === 0x01) {
            if (buffer.length < 10) return;
            host = [...buffer.subarray(4, 8)].join(".");
            offset = 8;
          } else if (atyp === 0x03) {
            const len = buffer[4] as number;
            if (buffer.length < 5 + len + 2) return;
            host = buffer.subarray(5, 5 + len).toString();
            offset = 5 + len;
          } else {
            client.end(Buffer.from([0x05, 0x08, 0x00, 0x01, 0, 0, 0, 0, 0, 0]));
            return;
          }
          const port = buffer.readUInt16BE(offset);
          buffer = buffer.subarray(offset + 2);
          stage = "piped";
          client.off("data", onData);
          const upstream = tcpConnect({ host, port }, () => {
            state.connects.push(`${host}:${port}`);
            client.write(Buffer.from([0x05, 0x00, 0x00, 0x01, 127, 0, 0, 1, 0, 0]));
            if (buffer.length) upstream.write(buffer);
            client.pipe(upstream);
            upstream.pipe(client);
          });
          sockets.add(upstream);
          upstream.on("close", () => sockets.delete(upstream));
          upstream.on("error", () => {
            if (!client.destroyed) client.end(Buffer.from([0x05, 0x05, 0x00, 0x01, 0, 0, 0, 0, 0, 0]));
          });
          return;
        } else return;
      }
    };
    client.on("data", onData);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  state.port = typeof address === "object" && address ? address.port : 0;
  return state;
}
