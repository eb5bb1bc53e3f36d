import { transaction } from "../store/sqlite/db.ts";
import { enqueue as sqliteEnqueue } from "../store/sqlite/enqueue.ts";
import { SqliteStore } from "../store/sqlite/store.ts";
import { hitWindow as sqliteHitWindow } from "../store/sqlite/windows.ts";
import type { EnqueueResult, NewRequest, Store } from "../store/types.ts";

/** The rolling window a request must fit in before it is queued (see limits.ts). */
export interface WindowSpec {
  key: string;
  windowMs: number;
  limit: number;
  now: number;
}

export interface Job {
  request: NewRequest;
  window?: WindowSpec;
}

/** An enqueue result, or the window refused the request (nothing was written for it). */
export type JobResult = EnqueueResult | { kind: "limited"; retryAfterMs: number; limit: number };

/**
 * Commits a batch of jobs: each job's window hit, then the inserts of the jobs that fit.
 *
 * Generic path (PostgreSQL): the hits go out concurrently (each atomic in the store), then
 * one `store.enqueue` for the batch.
 *
 * SQLite path: the hits and the inserts of the whole batch run in ONE transaction through
 * the adapter's own operations on its exposed handle. Measured on the 2-core dev box under
 * load: a transaction per window hit made COMMIT 27% of the server's CPU profile; folding
 * the hits into the batch's commit removes one commit per request.
 */
export function createCommitter(store: Store): (jobs: Job[]) => Promise<JobResult[]> {
  if (store instanceof SqliteStore) {
    const db = store.db;
    const run = transaction(db, "gateway-intake", (_db, jobs: Job[]): JobResult[] => {
      const results: JobResult[] = new Array(jobs.length);
      const accepted: NewRequest[] = [];
      const slots: number[] = [];
      jobs.forEach((job, i) => {
        const w = job.window;
        if (w) {
          const hit = sqliteHitWindow(db, w.key, w.windowMs, w.limit, w.now);
          if (!hit.allowed) {
            results[i] = { kind: "limited", retryAfterMs: hit.retryAfterMs, limit: w.limit };
            return;
          }
        }
        accepted.push(job.request);
        slots.push(i);
      });
      const inserted = sqliteEnqueue(db, accepted);
      slots.forEach((slot, k) => {
        results[slot] = inserted[k]!;
      });
      return results;
    });
    return async (jobs) => run(jobs);
  }
  return async (jobs) => {
    const hits = await Promise.all(
      jobs.map((job) =>
        job.window
          ? store.hitWindow(job.window.key, job.window.windowMs, job.window.limit, job.window.now)
          : Promise.resolve(null),
      ),
    );
    const results: JobResult[] = new Array(jobs.length);
    const accepted: NewRequest[] = [];
    const slots: number[] = [];
    hits.forEach((hit, i) => {
      if (hit && !hit.allowed) {
        results[i] = { kind: "limited", retryAfterMs: hit.retryAfterMs, limit: jobs[i]!.window!.limit };
        return;
      }
      accepted.push(jobs[i]!.request);
      slots.push(i);
    });
    const inserted = accepted.length > 0 ? await store.enqueue(accepted) : [];
    slots.forEach((slot, k) => {
      results[slot] = inserted[k]!;
    });
    return results;
  };
}
