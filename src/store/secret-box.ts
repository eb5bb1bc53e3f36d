import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Encryption at rest for account and webhook secrets: AES-256-GCM over the JSON text of
 * the value, a fresh 12-byte IV per value, and the 16-byte tag kept beside it. The stored
 * form is versioned (`v1:<iv>:<tag>:<ciphertext>`, base64 parts) so the scheme can change
 * later without guessing what an old row holds.
 *
 * An optional `aad` (additional authenticated data, e.g. `account:<id>`) binds a ciphertext
 * to its row: copying one account's secrets onto another makes decryption fail instead of
 * silently handing over the wrong credentials.
 */

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const MASTER_KEY_BYTES = 32;

export interface SecretBox {
  seal(value: unknown, aad?: string): string;
  open(sealed: string, aad?: string): unknown;
}

export function encryptSecret(key: Buffer, value: unknown, aad?: string): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  if (aad !== undefined) cipher.setAAD(Buffer.from(aad, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value) ?? "null", "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `${VERSION}:${iv.toString("base64")}:${tag.toString("base64")}:${ciphertext.toString("base64")}`;
}

export function decryptSecret(key: Buffer, sealed: string, aad?: string): unknown {
  assertKey(key);
  const parts = sealed.split(":");
  if (parts.length !== 4 || parts[0] !== VERSION)
    throw new Error("Not a sealed secret in a known format (expected v1)");
  const iv = Buffer.from(parts[1]!, "base64");
  const tag = Buffer.from(parts[2]!, "base64");
  const ciphertext = Buffer.from(parts[3]!, "base64");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error("Sealed secret is malformed");
  const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  if (aad !== undefined) decipher.setAAD(Buffer.from(aad, "utf8"));
  decipher.setAuthTag(tag);
  let clear: string;
  try {
    clear = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    // GCM's own message ("Unsupported state or unable to authenticate data") says nothing useful.
    throw new Error("Sealed secret failed authentication: wrong master key, or the value was altered");
  }
  return JSON.parse(clear);
}

/**
 * A box holding the key in a closure, so the store can hand it to other parts (webhook
 * secrets) without the key ever being a property someone could log or serialise.
 */
export function createSecretBox(key: Buffer): SecretBox {
  assertKey(key);
  const own = Buffer.from(key);
  return {
    seal: (value, aad) => encryptSecret(own, value, aad),
    open: (sealed, aad) => decryptSecret(own, sealed, aad),
  };
}

function assertKey(key: Buffer): void {
  if (key.length !== MASTER_KEY_BYTES) throw new Error(`Master key must be ${MASTER_KEY_BYTES} bytes`);
}
