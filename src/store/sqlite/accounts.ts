import {
  ACCOUNT_COLUMNS,
  ACCOUNT_PATCH_COLUMNS,
  type AccountRaw,
  accountSecretsAad,
  mergeSecrets,
  parseText,
  toAccount,
} from "../rows.ts";
import type { SecretBox } from "../secret-box.ts";
import type { Account, AccountPatch, AccountSecrets, NewAccount } from "../types.ts";
import { type Db, prepared, transaction } from "./db.ts";

export function createAccount(db: Db, box: SecretBox, account: NewAccount): Account {
  const raw = prepared(
    db,
    `INSERT INTO accounts (id, workspace_id, email, status, profile, proxy, limits, secrets, created_at, updated_at)
     VALUES (?, ?, ?, ?, '{}', ?, '{}', ?, ?, ?) RETURNING ${ACCOUNT_COLUMNS}`,
  ).get(
    account.id,
    account.workspaceId,
    account.email,
    account.status,
    account.proxy === null ? null : JSON.stringify(account.proxy),
    box.seal(account.secrets, accountSecretsAad(account.id)),
    account.now,
    account.now,
  ) as AccountRaw;
  return toAccount(raw, parseText);
}

export function getAccount(db: Db, id: string): Account | null {
  const raw = prepared(db, `SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = ?`).get(id) as AccountRaw | undefined;
  return raw ? toAccount(raw, parseText) : null;
}

export function listAccounts(db: Db, workspaceId: string): Account[] {
  const rows = prepared(
    db,
    `SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE workspace_id = ? ORDER BY created_at, id`,
  ).all(workspaceId) as AccountRaw[];
  return rows.map((raw) => toAccount(raw, parseText));
}

/** One UPDATE of the fields present in the patch (statement cached per field set). */
export function updateAccount(db: Db, id: string, patch: AccountPatch, now: number): Account | null {
  const sets: string[] = [];
  const values: unknown[] = [];
  for (const field of Object.keys(ACCOUNT_PATCH_COLUMNS) as (keyof AccountPatch)[]) {
    const value = patch[field];
    if (value === undefined) continue;
    const [column, json] = ACCOUNT_PATCH_COLUMNS[field];
    sets.push(`${column} = ?`);
    values.push(json && value !== null ? JSON.stringify(value) : value);
  }
  sets.push("updated_at = ?");
  values.push(now, id);
  const raw = prepared(db, `UPDATE accounts SET ${sets.join(", ")} WHERE id = ? RETURNING ${ACCOUNT_COLUMNS}`).get(
    ...values,
  ) as AccountRaw | undefined;
  return raw ? toAccount(raw, parseText) : null;
}

/** null when the account does not exist; `{}` once its secrets were erased. */
export function getAccountSecrets(db: Db, box: SecretBox, id: string): AccountSecrets | null {
  const row = prepared(db, "SELECT secrets FROM accounts WHERE id = ?").get(id) as
    | { secrets: string | null }
    | undefined;
  if (!row) return null;
  if (row.secrets === null) return {};
  return box.open(row.secrets, accountSecretsAad(id)) as AccountSecrets;
}

export function setAccountSecrets(
  db: Db,
  box: SecretBox,
  id: string,
  secrets: AccountSecrets | null,
  now: number,
): void {
  transaction(
    db,
    "setAccountSecrets",
    (db, box: SecretBox, id: string, secrets: AccountSecrets | null, now: number) => {
      let sealed: string | null = null;
      if (secrets !== null) {
        const current = getAccountSecrets(db, box, id);
        if (current === null) return;
        sealed = box.seal(mergeSecrets(current, secrets), accountSecretsAad(id));
      }
      prepared(db, "UPDATE accounts SET secrets = ?, updated_at = ? WHERE id = ?").run(sealed, now, id);
    },
  )(box, id, secrets, now);
}
