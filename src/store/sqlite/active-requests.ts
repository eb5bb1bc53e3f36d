import { type Db, prepared } from "./db.ts";

/**
 * The engine's per-account view of the queue on SQLite, held in this connection's memory:
 * per account, its QUEUED and PROCESSING requests in arrival (rowid) order. It replaces the
 * on-disk index `requests_lane` (account_id, status, run_at), which put every enqueued row
 * on its account's own page: one random page a row written to the WAL and checkpointed,
 * 8-10 µs of CPU per request on the gateway's commit (bench/intake) and again at claim and
 * finish, when the key's status changed.
 *
 * The table stays the record; this is a copy that is never trusted blindly:
 *
 * - Every update or delete through this connection, whatever code path or raw SQL made it,
 *   reaches the copy in the statement that makes it: TEMP triggers on `requests` call a
 *   function of this connection (as account-watch.ts does for `accounts`). TEMP objects
 *   write nothing to the file. Inserts, which only enqueue.ts makes, tell the copy
 *   themselves (`noteInserted`): an insert trigger and its call cost ~2 µs a row of the
 *   gateway's commit, a direct call a tenth of that.
 * - A transaction that throws (and so rolls back) marks the copy stale (`transaction` in db.ts);
 *   so does a commit by any other connection, seen through `PRAGMA data_version` by the
 *   next reader, which holds the write lock. A stale copy is read again from the table,
 *   through the partial index `requests_active` (migration 006), which costs the enqueue
 *   one appended entry.
 * - The claim reads its head row back with `status = 'QUEUED'`, and the engine's periodic
 *   lane repair compares the copy's size with the table's: either mismatch marks it stale.
 *
 * SQLite is one writer process per data dir (docs/deployment.md); several connections on
 * one file stay correct, each reading the copy again after another one committed.
 */
/**
 * One account's requests, ordered by rowid, as parallel arrays of numbers: no object per
 * request for the garbage collector to trace. Measured with a million waiting requests: 37
 * bytes of heap each, against 124 as one object each (which also made every major
 * collection of the serving process slower as the queue grew).
 * `flags`: bit 0 PROCESSING, bit 1 last_error set, the rest the action's number in `actions`.
 */
interface Lane {
  rowids: number[];
  runAts: number[];
  flags: number[];
}

const PROCESSING = 1;
const LAST_ERROR = 2;
const ACTION_SHIFT = 2;

interface Copy {
  byAccount: Map<string, Lane>;
  /** Action names by number, and back (a handful: the catalogue's). */
  actions: string[];
  actionNumbers: Map<string, number>;
  size: number;
  /** `PRAGMA data_version` when the copy was known to match the table; null: read it again. */
  version: number | null;
}

const copies = new WeakMap<Db, Copy>();
const CHANGED = "welink_request_changed";
const GONE = "welink_request_gone";
const ACTIVE = "('QUEUED', 'PROCESSING')";

function copyOf(db: Db): Copy {
  const found = copies.get(db);
  if (found) return found;
  const copy: Copy = { byAccount: new Map(), actions: [], actionNumbers: new Map(), size: 0, version: null };
  db.function(
    CHANGED,
    { deterministic: false, varargs: false },
    (
      oldAccount: unknown,
      rowid: unknown,
      account: unknown,
      status: unknown,
      runAt: unknown,
      action: unknown,
      lastError: unknown,
    ) => {
      if (copy.version === null) return null;
      if (typeof oldAccount === "string" && oldAccount !== account) remove(copy, oldAccount, Number(rowid));
      if (typeof account !== "string") return null;
      if (status === "QUEUED" || status === "PROCESSING")
        upsert(
          copy,
          account,
          Number(rowid),
          Number(runAt),
          flagsOf(copy, status, String(action), lastError === 1 || lastError === 1n),
        );
      else remove(copy, account, Number(rowid));
      return null;
    },
  );
  db.function(GONE, { deterministic: false, varargs: false }, (account: unknown, rowid: unknown) => {
    if (copy.version !== null && typeof account === "string") remove(copy, account, Number(rowid));
    return null;
  });
  const row = (p: "NEW" | "OLD") =>
    `${p}.rowid, ${p}.account_id, ${p}.status, ${p}.run_at, ${p}.action, ${p}.last_error IS NOT NULL`;
  db.exec(
    `CREATE TEMP TRIGGER IF NOT EXISTS welink_request_updated
       AFTER UPDATE OF status, run_at, last_error, account_id ON main.requests
       WHEN OLD.status IN ${ACTIVE} OR NEW.status IN ${ACTIVE}
       BEGIN SELECT ${CHANGED}(OLD.account_id, ${row("NEW")}); END;
     CREATE TEMP TRIGGER IF NOT EXISTS welink_request_deleted AFTER DELETE ON main.requests
       WHEN OLD.status IN ${ACTIVE} BEGIN SELECT ${GONE}(OLD.account_id, OLD.rowid); END;`,
  );
  copies.set(db, copy);
  return copy;
}

function flagsOf(copy: Copy, status: string, action: string, lastError: boolean): number {
  let n = copy.actionNumbers.get(action);
  if (n === undefined) {
    n = copy.actions.length;
    copy.actions.push(action);
    copy.actionNumbers.set(action, n);
  }
  return (n << ACTION_SHIFT) | (lastError ? LAST_ERROR : 0) | (status === "PROCESSING" ? PROCESSING : 0);
}

/** Index of `rowid` in the lane (ordered by rowid), or where it would go: ~(insertion point). */
function find(rowids: number[], rowid: number): number {
  let lo = 0;
  let hi = rowids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = rowids[mid]!;
    if (at === rowid) return mid;
    if (at < rowid) lo = mid + 1;
    else hi = mid - 1;
  }
  return ~lo;
}

function upsert(copy: Copy, account: string, rowid: number, runAt: number, flags: number): void {
  const lane = copy.byAccount.get(account);
  if (!lane) {
    copy.byAccount.set(account, { rowids: [rowid], runAts: [runAt], flags: [flags] });
    copy.size++;
    return;
  }
  const { rowids, runAts } = lane;
  // The common case, a new request: it arrives after every other one.
  if (rowids.length === 0 || rowids[rowids.length - 1]! < rowid) {
    rowids.push(rowid);
    runAts.push(runAt);
    lane.flags.push(flags);
    copy.size++;
    return;
  }
  const i = find(rowids, rowid);
  if (i >= 0) {
    runAts[i] = runAt;
    lane.flags[i] = flags;
  } else {
    rowids.splice(~i, 0, rowid);
    runAts.splice(~i, 0, runAt);
    lane.flags.splice(~i, 0, flags);
    copy.size++;
  }
}

function remove(copy: Copy, account: string, rowid: number): void {
  const lane = copy.byAccount.get(account);
  if (!lane) return;
  const i = find(lane.rowids, rowid);
  if (i < 0) return;
  lane.rowids.splice(i, 1);
  lane.runAts.splice(i, 1);
  lane.flags.splice(i, 1);
  copy.size--;
  if (lane.rowids.length === 0) copy.byAccount.delete(account);
}

function readAgain(db: Db, copy: Copy): void {
  copy.byAccount.clear();
  // In rowid order, so each lane is built by appending.
  const rows = prepared(
    db,
    `SELECT rowid, account_id, status, run_at, action, last_error IS NOT NULL FROM requests
     WHERE status IN ${ACTIVE} ORDER BY rowid`,
  )
    .raw(true)
    .all() as [number, string | null, string, number, string, number][];
  for (const [rowid, account, status, runAt, action, lastError] of rows) {
    // A request without an account has no lane; it is only counted (see verifyActiveRequests).
    if (account === null) continue;
    const flags = flagsOf(copy, status, action, lastError === 1);
    const lane = copy.byAccount.get(account);
    if (lane) {
      lane.rowids.push(rowid);
      lane.runAts.push(runAt);
      lane.flags.push(flags);
    } else copy.byAccount.set(account, { rowids: [rowid], runAts: [runAt], flags: [flags] });
  }
  copy.size = rows.length;
}

/**
 * The copy, current for this connection. A write that acts on it calls it inside its
 * transaction (the write lock keeps other connections from committing in between); a
 * lone read, such as a count, needs none.
 */
export function activeRequests(db: Db): ActiveRequests {
  const copy = copyOf(db);
  const version = (prepared(db, "PRAGMA data_version").get() as { data_version: number }).data_version;
  if (copy.version !== version) {
    // Marked current first: the triggers then keep what is read (they skip a stale copy).
    copy.version = version;
    readAgain(db, copy);
  }
  return new ActiveRequests(copy);
}

/** A QUEUED request just inserted by this connection (enqueue.ts), inside its transaction. */
export function noteInserted(db: Db, rowid: number, accountId: string, runAt: number, action: string): void {
  const copy = copies.get(db);
  if (copy && copy.version !== null) upsert(copy, accountId, rowid, runAt, flagsOf(copy, "QUEUED", action, false));
}

/** Installs the triggers: call once the schema exists, before the connection writes requests. */
export function trackActiveRequests(db: Db): void {
  copyOf(db);
}

/** After a rollback (or any doubt): the next reader reads the copy again from the table. */
export function markActiveStale(db: Db): void {
  const copy = copies.get(db);
  if (copy) copy.version = null;
}

/**
 * The lane repair's check: the copy holds as many requests as the table. A mismatch means a
 * change reached the table without passing the triggers (a statement rolled back outside a
 * transaction); the copy is read again on its next use.
 */
export function verifyActiveRequests(db: Db): boolean {
  const copy = copies.get(db);
  if (!copy || copy.version === null) return true;
  // Counted on requests_active alone, as `size` is when the copy is read (requests without
  // an account included: they have no lane, and change the count only if they change).
  const n = (prepared(db, `SELECT count(*) AS n FROM requests WHERE status IN ${ACTIVE}`).get() as { n: number }).n;
  if (n === copy.size) return true;
  copy.version = null;
  return false;
}

/** Reads of the copy, as the lanes ask them. `only`: a paused lane's session actions. */
export class ActiveRequests {
  readonly #copy: Copy;
  constructor(copy: Copy) {
    this.#copy = copy;
  }

  /** Whether the entry at `flags` is QUEUED and, with `only`, one of those actions. */
  #queued(flags: number, only: ReadonlySet<string> | undefined): boolean {
    return (flags & PROCESSING) === 0 && (!only || only.has(this.#copy.actions[flags >>> ACTION_SHIFT]!));
  }

  /** The oldest (by arrival) QUEUED request due by `now`. */
  head(accountId: string, now: number, only?: ReadonlySet<string>): number | null {
    const lane = this.#copy.byAccount.get(accountId);
    if (!lane) return null;
    const { rowids, runAts, flags } = lane;
    for (let i = 0; i < rowids.length; i++) if (runAts[i]! <= now && this.#queued(flags[i]!, only)) return rowids[i]!;
    return null;
  }

  /** The earliest `run_at` of the account's QUEUED requests, or null. */
  nextRun(accountId: string, only?: ReadonlySet<string>): number | null {
    const lane = this.#copy.byAccount.get(accountId);
    if (!lane) return null;
    let min: number | null = null;
    for (let i = 0; i < lane.rowids.length; i++) {
      const runAt = lane.runAts[i]!;
      if ((min === null || runAt < min) && this.#queued(lane.flags[i]!, only)) min = runAt;
    }
    return min;
  }

  /** Row ids of the account's QUEUED requests. */
  queued(accountId: string): number[] {
    return this.#queuedWhere(accountId, () => true);
  }

  /** Row ids of the account's QUEUED requests put off past `at`, not for a retry's backoff. */
  postponed(accountId: string, at: number): number[] {
    return this.#queuedWhere(accountId, (runAt, flags) => runAt > at && (flags & LAST_ERROR) === 0);
  }

  #queuedWhere(accountId: string, keep: (runAt: number, flags: number) => boolean): number[] {
    const lane = this.#copy.byAccount.get(accountId);
    if (!lane) return [];
    const out: number[] = [];
    for (let i = 0; i < lane.rowids.length; i++) {
      const flags = lane.flags[i]!;
      if ((flags & PROCESSING) === 0 && keep(lane.runAts[i]!, flags)) out.push(lane.rowids[i]!);
    }
    return out;
  }

  /** QUEUED and PROCESSING requests of the account. */
  count(accountId: string): number {
    return this.#copy.byAccount.get(accountId)?.rowids.length ?? 0;
  }

  /** Accounts with QUEUED requests (with one among `only`, when given). */
  accountsWithQueued(only?: ReadonlySet<string>): string[] {
    const out: string[] = [];
    for (const [account, lane] of this.#copy.byAccount)
      if (lane.flags.some((f) => this.#queued(f, only))) out.push(account);
    return out;
  }
}
