/**
 * The authenticator-app code (TOTP, RFC 6238 over HOTP, RFC 4226) that LinkedIn's
 * two-step verification asks for: SHA-1, 6 digits, 30-second steps, from a base32 secret
 * (what authenticator apps are given). Codes are checked against the world's clock, one
 * step either side allowed for a code that crossed a boundary in flight or a clock a little off.
 */

import { createHmac } from "node:crypto";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
export const TOTP_STEP_MS = 30_000;
const DIGITS = 6;

/** RFC 4648 base32, ignoring case, spaces, dashes and padding. */
export function base32Decode(input: string): Buffer {
  const out: number[] = [];
  let bits = 0;
  let acc = 0;
  for (const ch of input.toUpperCase().replace(/[\s=-]/g, "")) {
    const v = BASE32.indexOf(ch);
    if (v < 0) throw new Error("invalid base32");
    acc = ((acc << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

function hotp(key: Buffer, counter: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac("sha1", key).update(msg).digest();
  const offset = (mac[mac.length - 1] as number) & 0x0f;
  const code = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(code % 10 ** DIGITS).padStart(DIGITS, "0");
}

/** The code an authenticator app shows at `nowMs` for this base32 secret. */
export function totpCode(secretBase32: string, nowMs: number): string {
  return hotp(base32Decode(secretBase32), Math.floor(nowMs / TOTP_STEP_MS));
}

/** Whether `code` is the secret's code at `nowMs`, or one step before or after it. */
export function totpValid(secretBase32: string, code: string, nowMs: number): boolean {
  const given = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(given)) return false;
  const key = base32Decode(secretBase32);
  const step = Math.floor(nowMs / TOTP_STEP_MS);
  return [step - 1, step, step + 1].some((s) => s >= 0 && hotp(key, s) === given);
}
