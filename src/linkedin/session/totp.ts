/**
 * TOTP (RFC 6238) on top of HOTP (RFC 4226), for LinkedIn's authenticator-app 2FA. The
 * secret comes from the user as base32 (what authenticator apps show); LinkedIn uses the
 * defaults: SHA-1, 6 digits, 30-second steps.
 */
import { createHmac } from "node:crypto";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Decodes RFC 4648 base32, ignoring case, spaces, dashes and padding. */
export function base32Decode(input: string): Buffer {
  const clean = input.toUpperCase().replace(/[\s=-]/g, "");
  const out: number[] = [];
  let bits = 0;
  let acc = 0;
  for (const ch of clean) {
    const v = BASE32.indexOf(ch);
    if (v < 0) throw new Error("invalid base32 secret");
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

export interface TotpOptions {
  digits?: number;
  periodSeconds?: number;
  algorithm?: "sha1" | "sha256" | "sha512";
}

/** HOTP value of `counter` (RFC 4226 §5.3: dynamic truncation). */
export function hotp(key: Buffer, counter: bigint, digits = 6, algorithm: TotpOptions["algorithm"] = "sha1"): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(counter);
  const mac = createHmac(algorithm, key).update(msg).digest();
  const offset = (mac[mac.length - 1] as number) & 0x0f;
  const code = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(code % 10 ** digits).padStart(digits, "0");
}

/** The TOTP code valid at `nowMs` for a raw key. */
export function totpFromKey(key: Buffer, nowMs: number, options: TotpOptions = {}): string {
  const period = options.periodSeconds ?? 30;
  const counter = BigInt(Math.floor(nowMs / 1000 / period));
  return hotp(key, counter, options.digits ?? 6, options.algorithm ?? "sha1");
}

/** The TOTP code valid at `nowMs` for a base32 secret. */
export function totp(secretBase32: string, nowMs: number, options: TotpOptions = {}): string {
  return totpFromKey(base32Decode(secretBase32), nowMs, options);
}
