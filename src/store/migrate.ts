import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Migration files shared by both dialects' runners: every `NNN_name.sql` in a dialect's
 * `migrations/` folder, in number order. The folder is read at run time, so the engine's
 * 002 and the webhooks' 003 are picked up without anyone editing a list.
 */

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FILE = /^(\d{3,})_([A-Za-z0-9_-]+)\.sql$/;

export function loadMigrations(folder: URL): Migration[] {
  const dir = fileURLToPath(folder);
  const byVersion = new Map<number, Migration>();
  for (const file of readdirSync(dir)) {
    const match = FILE.exec(file);
    if (!match) continue;
    const version = Number(match[1]);
    const clash = byVersion.get(version);
    if (clash) throw new Error(`Two migrations share number ${version}: ${clash.name}.sql and ${file}`);
    byVersion.set(version, {
      version,
      name: `${match[1]}_${match[2]}`,
      sql: readFileSync(new URL(file, folder), "utf8"),
    });
  }
  return [...byVersion.values()].sort((a, b) => a.version - b.version);
}
