import { timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { BlockList } from "node:net";
import { WelinkError } from "../errors/index.ts";
import type { Clock } from "../lib/clock.ts";
import type { ApiKey, Store } from "../store/types.ts";
import { parseAllowList } from "./ip-list.ts";
import { digest, verifySecret } from "./secrets.ts";
import type { Caller } from "./types.ts";

export interface VerifiedKey {
  key: ApiKey;
  /** null = callable from anywhere. */
  allowList: BlockList | null;
}

interface CacheEntry extends VerifiedKey {
  secretDigest: Buffer;
  expiresAt: number;
}

/**
 * Checks `x-api-key` + `x-api-secret`. A key verified with scrypt stays verified in memory
 * for `ttlMs` (the digest of the secret that passed, never the secret), so the hot path
 * pays a SHA-256 and a constant-time compare instead of ~40 ms of scrypt, without waiting
 * for anything (`cached`). A revocation made by another process (`welink keys revoke`)
 * takes effect when the entry expires.
 */
export function createKeyVerifier(store: Store, clock: Clock, ttlMs: number) {
  const cache = new Map<string, CacheEntry>();
  // Concurrent first calls with the same key and secret share one scrypt.
  const inflight = new Map<string, Promise<VerifiedKey | null>>();

  async function slowVerify(keyId: string, secret: string, secretDigest: Buffer): Promise<VerifiedKey | null> {
    const key = await store.getApiKey(keyId);
    if (!key || key.revokedAt !== null) return null;
    if (!(await verifySecret(secret, key.secretHash))) return null;
    const allowList = key.allowIps.length > 0 ? parseAllowList(key.allowIps) : null;
    const entry: CacheEntry = { key, allowList, secretDigest, expiresAt: clock.now() + ttlMs };
    cache.set(keyId, entry);
    return entry;
  }

  function fromCache(keyId: string, secretDigest: Buffer): VerifiedKey | null | undefined {
    const cached = cache.get(keyId);
    if (cached === undefined || cached.expiresAt <= clock.now()) return undefined;
    return timingSafeEqual(cached.secretDigest, secretDigest) ? cached : null;
  }

  function slow(keyId: string, secret: string, secretDigest: Buffer): Promise<VerifiedKey | null> {
    const flightKey = `${keyId}\n${secretDigest.toString("hex")}`;
    let pending = inflight.get(flightKey);
    if (!pending) {
      pending = slowVerify(keyId, secret, secretDigest).finally(() => inflight.delete(flightKey));
      inflight.set(flightKey, pending);
    }
    return pending;
  }

  return {
    /** The verdict when the key is in the cache (null: wrong secret); undefined: call `verify`. */
    cached(keyId: string, secret: string): VerifiedKey | null | undefined {
      return fromCache(keyId, digest(secret));
    },
    async verify(keyId: string, secret: string): Promise<VerifiedKey | null> {
      const secretDigest = digest(secret);
      const known = fromCache(keyId, secretDigest);
      return known !== undefined ? known : slow(keyId, secret, secretDigest);
    },
    /** Forgets a key at once (used when this process revokes it). */
    forget(keyId: string): void {
      cache.delete(keyId);
    },
  };
}

export type KeyVerifier = ReturnType<typeof createKeyVerifier>;

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function toCaller(verified: VerifiedKey | null): Caller {
  if (!verified) throw new WelinkError("UNAUTHORIZED", "invalid API key or secret");
  return { key: verified.key, workspaceId: verified.key.workspaceId, allowList: verified.allowList };
}

/**
 * Who is calling, from the request's key headers: at once when the key is in the cache,
 * else a promise (the first call of a key, or after its cache entry expired). Throws (or
 * rejects with) UNAUTHORIZED.
 */
export function authenticate(headers: IncomingHttpHeaders, verifier: KeyVerifier): Caller | Promise<Caller> {
  const keyId = header(headers["x-api-key"]);
  const secret = header(headers["x-api-secret"]);
  if (!keyId || !secret) throw new WelinkError("UNAUTHORIZED", "missing x-api-key or x-api-secret header");
  if (keyId.length > 200 || secret.length > 200) throw new WelinkError("UNAUTHORIZED", "invalid API key or secret");
  const known = verifier.cached(keyId, secret);
  return known !== undefined ? toCaller(known) : verifier.verify(keyId, secret).then(toCaller);
}
