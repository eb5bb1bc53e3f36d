import { readFileSync } from "node:fs";
/**
 * Every option of welink in one table: the flag, the environment variable, the default and
 * how a raw string becomes a value. `addCommonOptions` puts them on every command and
 * `loadConfig` resolves them (flags > environment > defaults); docs/configuration.md lists
 * the same table.
 */

import { parseMasterKey } from "../store/master-key.ts";

export type Role = "all" | "api" | "worker";
export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** A postgres:// URL, or null for SQLite in the data dir. */
  databaseUrl: string | null;
  /** `sandbox` (embedded), `live` (linkedin.com) or a base URL. */
  linkedin: string;
  role: Role;
  logLevel: LogLevel;
  /** Encryption key for stored secrets; null = the store's file in the data dir. Env only. */
  masterKey: string | null;
  sandboxSeed: number;
  /** Per-API-key ceiling, requests per minute (protects the server). */
  keyRatePerMinute: number;
  /** Default queue timeout of a request, in seconds (QUEUE_TIMEOUT_THRESHOLD_EXCEEDED). */
  queueTimeoutS: number;
  /** Lets webhook URLs point at private and loopback addresses. */
  allowPrivateWebhooks: boolean;
  /** Seconds a worker's claim on a lane lives without renewal; a dead worker's lanes free after it. */
  leaseS: number;
  /** The internal proxy pool: proxies per country, for `"proxy": {"location": "US"}`. */
  proxyPool: ProxyPoolSetting | null;
}

export interface PoolProxy {
  protocol: "http" | "https" | "socks5";
  host: string;
  port: number;
  username?: string;
  password?: string;
}

/** Country code → proxies; an account is pinned to one of its country's proxies. */
export type ProxyPoolSetting = Record<string, PoolProxy[]>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

const LOG_LEVELS: readonly LogLevel[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
const ROLES: readonly Role[] = ["all", "api", "worker"];

type Parse<T> = (raw: string, label: string) => T;

function integer(min: number, max: number): Parse<number> {
  return (raw, label) => {
    const n = Number(raw.trim());
    if (raw.trim() === "" || !Number.isInteger(n) || n < min || n > max) {
      throw new ConfigError(`invalid ${label} "${raw}": expected an integer from ${min} to ${max}`);
    }
    return n;
  };
}

function oneOf<T extends string>(values: readonly T[]): Parse<T> {
  return (raw, label) => {
    if (!(values as readonly string[]).includes(raw)) {
      throw new ConfigError(`invalid ${label} "${raw}": expected one of ${values.join(", ")}`);
    }
    return raw as T;
  };
}

const nonEmpty: Parse<string> = (raw, label) => {
  if (raw.trim() === "") throw new ConfigError(`invalid ${label}: must not be empty`);
  return raw;
};

const boolean: Parse<boolean> = (raw, label) => {
  const v = raw.trim().toLowerCase();
  if (["1", "true", "yes", "on"].includes(v)) return true;
  if (["0", "false", "no", "off"].includes(v)) return false;
  throw new ConfigError(`invalid ${label} "${raw}": expected true or false`);
};

const databaseUrl: Parse<string | null> = (raw, label) => {
  const v = raw.trim();
  if (v === "" || v === "sqlite") return null;
  if (/^postgres(ql)?:\/\//.test(v)) {
    try {
      new URL(v);
    } catch {
      throw new ConfigError(`invalid ${label}: not a valid postgres:// URL`);
    }
    return v;
  }
  throw new ConfigError(`invalid ${label} "${v}": expected a postgres:// URL (or nothing, for SQLite in the data dir)`);
};

const masterKey: Parse<string | null> = (_raw, label) => {
  // The value is never echoed: it is a secret.
  if (!parseMasterKey(_raw.trim()))
    throw new ConfigError(`invalid ${label}: expected 32 bytes as base64 or 64 hex characters`);
  return _raw.trim();
};

const linkedin: Parse<string> = (raw, label) => {
  const v = raw.trim();
  if (v === "sandbox" || v === "live") return v;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new ConfigError(`invalid ${label} "${v}": expected sandbox, live or an http(s) base URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(`invalid ${label} "${v}": expected sandbox, live or an http(s) base URL`);
  }
  return v.replace(/\/+$/, "");
};

/** Inline JSON, or `@path` to a JSON file: `{"US":[{"protocol":"http","host":"…","port":8080}]}`. */
const proxyPool: Parse<ProxyPoolSetting | null> = (raw, label) => {
  const v = raw.trim();
  if (v === "") return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(v.startsWith("@") ? readFileSync(v.slice(1), "utf8") : v);
  } catch (error) {
    throw new ConfigError(`invalid ${label}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const bad = (why: string) => new ConfigError(`invalid ${label}: ${why}`);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw bad("expected an object of countries");
  const pool: ProxyPoolSetting = {};
  for (const [country, list] of Object.entries(parsed)) {
    if (!Array.isArray(list)) throw bad(`${country} must be a list of proxies`);
    pool[country.toUpperCase()] = list.map((item, i) => {
      const p = item as Partial<PoolProxy>;
      const where = `${country}[${i}]`;
      if (typeof p.host !== "string" || !p.host) throw bad(`${where}.host is required`);
      if (!Number.isInteger(p.port) || (p.port as number) < 1 || (p.port as number) > 65_535)
        throw bad(`${where}.port must be 1-65535`);
      const protocol = p.protocol ?? "http";
      if (!["http", "https", "socks5"].includes(protocol)) throw bad(`${where}.protocol must be http, https or socks5`);
      return { ...p, protocol, host: p.host, port: p.port as number };
    });
  }
  return pool;
};

export interface OptionSpec<K extends keyof Config = keyof Config> {
  key: K;
  /** Commander flag syntax; absent for env-only options. */
  flag?: string;
  env: string;
  description: string;
  /** The default as shown in --help and the docs. */
  shownDefault: string;
  defaultValue: Config[K];
  parse: Parse<Config[K]>;
  /** A switch without an argument (`--allow-private-webhooks`). */
  isSwitch?: boolean;
}

function spec<K extends keyof Config>(s: OptionSpec<K>): OptionSpec<K> {
  return s;
}

export const OPTIONS = [
  spec({
    key: "port",
    flag: "--port <port>",
    env: "PORT",
    description: "HTTP port of the API",
    shownDefault: "8080",
    defaultValue: 8080,
    parse: integer(0, 65535),
  }),
  spec({
    key: "host",
    flag: "--host <host>",
    env: "HOST",
    description: "address the API listens on",
    shownDefault: "0.0.0.0",
    defaultValue: "0.0.0.0",
    parse: nonEmpty,
  }),
  spec({
    key: "dataDir",
    flag: "--data-dir <dir>",
    env: "WELINK_DATA_DIR",
    description: "directory of the SQLite database and the generated master key",
    shownDefault: "./data",
    defaultValue: "./data",
    parse: nonEmpty,
  }),
  spec({
    key: "databaseUrl",
    flag: "--database <url>",
    env: "WELINK_DATABASE_URL",
    description: "a postgres:// URL selects PostgreSQL; otherwise SQLite in the data dir",
    shownDefault: "SQLite in the data dir",
    defaultValue: null,
    parse: databaseUrl,
  }),
  spec({
    key: "linkedin",
    flag: "--linkedin <target>",
    env: "WELINK_LINKEDIN",
    description: "sandbox (embedded simulated LinkedIn), live (linkedin.com) or a base URL",
    shownDefault: "sandbox",
    defaultValue: "sandbox",
    parse: linkedin,
  }),
  spec({
    key: "role",
    flag: "--role <role>",
    env: "WELINK_ROLE",
    description: "all (API + engine + dispatcher), api or worker",
    shownDefault: "all",
    defaultValue: "all",
    parse: oneOf(ROLES),
  }),
  spec({
    key: "logLevel",
    flag: "--log-level <level>",
    env: "WELINK_LOG_LEVEL",
    description: `log level: ${LOG_LEVELS.join(", ")}`,
    shownDefault: "info",
    defaultValue: "info",
    parse: oneOf(LOG_LEVELS),
  }),
  spec({
    key: "masterKey",
    env: "WELINK_MASTER_KEY",
    description: "encryption key of stored secrets (environment only); generated into the data dir when unset",
    shownDefault: "generated into <data-dir> (0600)",
    defaultValue: null,
    parse: masterKey,
  }),
  spec({
    key: "sandboxSeed",
    flag: "--sandbox-seed <seed>",
    env: "WELINK_SANDBOX_SEED",
    description: "seed of the embedded sandbox world",
    shownDefault: "42",
    defaultValue: 42,
    parse: integer(0, 2 ** 32 - 1),
  }),
  spec({
    key: "keyRatePerMinute",
    flag: "--key-rate <n>",
    env: "WELINK_KEY_RATE",
    description: "ceiling of requests per minute per API key (protects the server)",
    shownDefault: "6000",
    defaultValue: 6000,
    parse: integer(1, 10_000_000),
  }),
  spec({
    key: "queueTimeoutS",
    flag: "--queue-timeout <seconds>",
    env: "WELINK_QUEUE_TIMEOUT",
    description: "seconds a request may wait before QUEUE_TIMEOUT_THRESHOLD_EXCEEDED (per request: queue_timeout_s)",
    shownDefault: "86400 (24 h)",
    defaultValue: 86_400,
    parse: integer(1, 365 * 86_400),
  }),
  spec({
    key: "allowPrivateWebhooks",
    flag: "--allow-private-webhooks",
    env: "WELINK_ALLOW_PRIVATE_WEBHOOKS",
    description: "allow webhook URLs on private and loopback addresses",
    shownDefault: "false",
    defaultValue: false,
    parse: boolean,
    isSwitch: true,
  }),
  spec({
    key: "leaseS",
    flag: "--lease <seconds>",
    env: "WELINK_LEASE",
    description: "seconds a worker's claim lives without renewal; a dead worker's accounts resume after it",
    shownDefault: "60",
    defaultValue: 60,
    parse: integer(2, 3600),
  }),
  spec({
    key: "proxyPool",
    flag: "--proxy-pool <json|@file>",
    env: "WELINK_PROXY_POOL",
    description:
      'internal proxy pool per country, inline JSON or @file: {"US":[{"protocol":"http","host":"…","port":3128}]}',
    shownDefault: "none (sandbox: its own proxy for every country)",
    defaultValue: null,
    parse: proxyPool,
  }),
] as const;
