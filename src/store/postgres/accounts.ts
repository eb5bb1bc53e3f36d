import {
  ACCOUNT_COLUMNS,
  ACCOUNT_PATCH_COLUMNS,
  type AccountRaw,
  accountSecretsAad,
  mergeSecrets,
  parsed,
  toAccount,
} from "../rows.ts";
import type { SecretBox } from "../secret-box.ts";
import type { Account, AccountPatch, AccountSecrets, NewAccount } from "../types.ts";
import { type Pool, type Queryable, withTransaction } from "./db.ts";

export async function createAccount(db: Queryable, box: SecretBox, account: NewAccount): Promise<Account> {
  const { rows } = await db.query<AccountRaw>(
    `INSERT INTO accounts (id, workspace_id, email, status, profile, proxy, limits, secrets, created_at, updated_at)
     VALUES ($1, $2, $3, $4, '{}', $5, '{}', $6, $7, $7) RETURNING ${ACCOUNT_COLUMNS}`,
    [
      account.id,
      account.workspaceId,
      account.email,
      account.status,
      account.proxy === null ? null : JSON.stringify(account.proxy),
      box.seal(account.secrets, accountSecretsAad(account.id)),
      account.now,
    ],
  );
  return toAccount(rows[0]!, parsed);
}

export async function getAccount(db: Queryable, id: string): Promise<Account | null> {
  const { rows } = await db.query<AccountRaw>({
    name: "welink_get_account",
    text: `SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = $1`,
    values: [id],
  });
  return rows[0] ? toAccount(rows[0], parsed) : null;
}

export async function listAccounts(db: Queryable, workspaceId: string): Promise<Account[]> {
  const { rows } = await db.query<AccountRaw>(
    `SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE workspace_id = $1 ORDER BY created_at, id`,
    [workspaceId],
  );
  return rows.map((raw) => toAccount(raw, parsed));
}

/** One UPDATE of the fields present in the patch. */
export async function updateAccount(
  db: Queryable,
  id: string,
  patch: AccountPatch,
  now: number,
): Promise<Account | null> {
  const sets: string[] = [];
  const values: unknown[] = [];
  for (const field of Object.keys(ACCOUNT_PATCH_COLUMNS) as (keyof AccountPatch)[]) {
    const value = patch[field];
    if (value === undefined) continue;
    const [column, json] = ACCOUNT_PATCH_COLUMNS[field];
    values.push(json && value !== null ? JSON.stringify(value) : value);
    sets.push(`${column} = $${values.length}`);
  }
  values.push(now);
  sets.push(`updated_at = $${values.length}`);
  values.push(id);
  const { rows } = await db.query<AccountRaw>(
    `UPDATE accounts SET ${sets.join(", ")} WHERE id = $${values.length} RETURNING ${ACCOUNT_COLUMNS}`,
    values,
  );
  return rows[0] ? toAccount(rows[0], parsed) : null;
}

/** null when the account does not exist; `{}` once its secrets were erased. */
export async function getAccountSecrets(db: Queryable, box: SecretBox, id: string): Promise<AccountSecrets | null> {
  const { rows } = await db.query<{ secrets: string | null }>("SELECT secrets FROM accounts WHERE id = $1", [id]);
  return openSecrets(box, id, rows[0]);
}

/** Read, merge, write under a row lock, so two concurrent merges do not lose each other's fields. */
export async function setAccountSecrets(
  pool: Pool,
  box: SecretBox,
  id: string,
  secrets: AccountSecrets | null,
  now: number,
): Promise<void> {
  if (secrets === null) {
    await pool.query("UPDATE accounts SET secrets = NULL, updated_at = $1 WHERE id = $2", [now, id]);
    return;
  }
  await withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ secrets: string | null }>(
      "SELECT secrets FROM accounts WHERE id = $1 FOR UPDATE",
      [id],
    );
    const current = openSecrets(box, id, rows[0]);
    if (current === null) return;
    const sealed = box.seal(mergeSecrets(current, secrets), accountSecretsAad(id));
    await client.query("UPDATE accounts SET secrets = $1, updated_at = $2 WHERE id = $3", [sealed, now, id]);
  });
}

function openSecrets(box: SecretBox, id: string, row: { secrets: string | null } | undefined): AccountSecrets | null {
  if (!row) return null;
  if (row.secrets === null) return {};
  return box.open(row.secrets, accountSecretsAad(id)) as AccountSecrets;
}
