import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { MASTER_KEY_BYTES } from "./secret-box.ts";

/**
 * Where the key that encrypts stored secrets comes from. `WELINK_MASTER_KEY` wins (the
 * many-node mode: every process must hold the same key); otherwise the embedded mode keeps
 * one in `<dataDir>/master.key`, generated on first start, readable by the owner only.
 * Errors never include the key or the variable's value.
 */

export const MASTER_KEY_FILE = "master.key";

export interface MasterKeySource {
  env: Record<string, string | undefined>;
  dataDir: string;
}

export function loadMasterKey({ env, dataDir }: MasterKeySource): Buffer {
  const fromEnv = env.WELINK_MASTER_KEY;
  if (fromEnv !== undefined && fromEnv.trim() !== "") {
    const key = parseMasterKey(fromEnv.trim());
    if (!key) {
      throw new Error(
        `WELINK_MASTER_KEY must be ${MASTER_KEY_BYTES} bytes written as base64 or as ${MASTER_KEY_BYTES * 2} hex characters.`,
      );
    }
    return key;
  }
  return readOrCreateKeyFile(join(dataDir, MASTER_KEY_FILE));
}

/** 64 hex characters, or base64 (standard or url-safe) of exactly 32 bytes; else null. */
export function parseMasterKey(text: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, "hex");
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return null;
  const bytes = Buffer.from(text.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  return bytes.length === MASTER_KEY_BYTES ? bytes : null;
}

function readOrCreateKeyFile(file: string): Buffer {
  const existing = readKeyFile(file);
  if (existing) return existing;
  mkdirSync(join(file, ".."), { recursive: true });
  const key = randomBytes(MASTER_KEY_BYTES);
  let fd: number;
  try {
    // "wx" = create exclusively: two processes starting on a fresh data dir cannot both
    // write a key; the loser reads the winner's.
    fd = openSync(file, "wx", 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readKeyFileOrThrow(file);
    throw error;
  }
  try {
    writeSync(fd, `${key.toString("base64")}\n`);
  } finally {
    closeSync(fd);
  }
  // The umask may have narrowed the mode further, never widened it; make it exact.
  chmodSync(file, 0o600);
  return key;
}

function readKeyFile(file: string): Buffer | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const key = parseMasterKey(text.trim());
  if (!key) throw new Error(`${file} does not hold a ${MASTER_KEY_BYTES}-byte key (base64 or hex).`);
  return key;
}

function readKeyFileOrThrow(file: string): Buffer {
  // The other process may still be writing: retry briefly before calling the file bad.
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      const key = readKeyFile(file);
      if (key) return key;
    } catch {
      // half-written; wait and read again
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  }
  const key = readKeyFile(file);
  if (!key) throw new Error(`${file} vanished while being read.`);
  return key;
}
