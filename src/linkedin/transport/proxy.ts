/**
 * One undici dispatcher per account: direct, through an HTTP/HTTPS proxy (CONNECT tunnel,
 * undici's ProxyAgent) or through SOCKS5 (an Agent whose connector opens the socket via
 * the `socks` package). Keep-alive is per dispatcher, hence per account, so two accounts
 * never share a TCP connection (LinkedIn would see them as one browser).
 */
import { connect as tlsConnect } from "node:tls";
import { SocksClient } from "socks";
import { Agent, type buildConnector, type Dispatcher, ProxyAgent } from "undici";

export type ProxyProtocol = "http" | "https" | "socks5";

/** A proxy with its secret, as the driver needs it (the store keeps the password apart). */
export interface ProxyConfig {
  protocol: ProxyProtocol;
  host: string;
  port: number;
  username?: string;
  password?: string;
}

export interface DispatcherOptions {
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveMs?: number;
  /** Extra CA certificates (PEM) trusted for HTTPS proxies, e.g. a private proxy's own CA. */
  proxyCa?: string;
}

/** Marks an error as having happened while reaching or negotiating with the proxy. */
export class ProxyFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ProxyFailure";
  }
}

export function proxyLabel(proxy: ProxyConfig): string {
  return `${proxy.protocol}://${proxy.host}:${proxy.port}`;
}

export function createDispatcher(proxy: ProxyConfig | null | undefined, options: DispatcherOptions): Dispatcher {
  const common = {
    keepAliveTimeout: options.keepAliveMs ?? 30_000,
    headersTimeout: options.requestTimeoutMs,
    bodyTimeout: options.requestTimeoutMs,
    connections: 4,
  };
  if (!proxy) return new Agent({ ...common, connect: { timeout: options.connectTimeoutMs } });
  if (proxy.protocol === "socks5") {
    return new Agent({ ...common, connect: socksConnector(proxy, options.connectTimeoutMs) });
  }
  const token =
    proxy.username !== undefined
      ? `Basic ${Buffer.from(`${proxy.username}:${proxy.password ?? ""}`).toString("base64")}`
      : undefined;
  return new ProxyAgent({
    ...common,
    uri: `${proxy.protocol}://${proxy.host}:${proxy.port}`,
    ...(token ? { token } : {}),
    // Always tunnel, also to plain-HTTP origins (the sandbox): the proxy then sees one
    // CONNECT per connection, exactly as it would for linkedin.com over TLS.
    proxyTunnel: true,
    connect: { timeout: options.connectTimeoutMs },
    // An HTTPS proxy's certificate is verified like any server's; a private CA can be added.
    proxyTls: { timeout: options.connectTimeoutMs, ...(options.proxyCa ? { ca: options.proxyCa } : {}) },
  });
}

/** A connector that reaches the origin through a SOCKS5 proxy (RFC 1928/1929). */
export function socksConnector(proxy: ProxyConfig, timeoutMs: number): buildConnector.connector {
  return (opts, callback) => {
    const https = opts.protocol === "https:";
    const port = Number(opts.port) || (https ? 443 : 80);
    SocksClient.createConnection({
      command: "connect",
      destination: { host: opts.hostname, port },
      proxy: {
        host: proxy.host,
        port: proxy.port,
        type: 5,
        ...(proxy.username !== undefined ? { userId: proxy.username, password: proxy.password ?? "" } : {}),
      },
      timeout: timeoutMs,
    }).then(
      ({ socket }) => {
        if (!https) {
          callback(null, socket);
          return;
        }
        const tls = tlsConnect({ socket, servername: opts.servername ?? opts.hostname, ALPNProtocols: ["http/1.1"] });
        const timer = setTimeout(() => tls.destroy(new Error("TLS handshake timeout")), timeoutMs);
        tls.once("secureConnect", () => {
          clearTimeout(timer);
          callback(null, tls);
        });
        tls.once("error", (error) => {
          clearTimeout(timer);
          callback(error, null);
        });
      },
      (error: unknown) =>
        callback(new ProxyFailure(`SOCKS5 proxy ${proxyLabel(proxy)}: ${errorMessage(error)}`, { cause: error }), null),
    );
  };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
