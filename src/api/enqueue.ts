import type { Store } from "../store/types.ts";
import { createCommitter, type Job, type JobResult } from "./commit.ts";

interface Waiting {
  job: Job;
  resolve: (result: JobResult) => void;
  reject: (error: unknown) => void;
}

export interface Enqueuer {
  enqueue(job: Job): Promise<JobResult>;
  /** Waits for everything accepted so far to be committed. */
  drain(): Promise<void>;
}

/**
 * Group commit: every job that arrives in the same event-loop turn goes into one commit
 * (one transaction and one WAL append on SQLite, one round of queries on PostgreSQL).
 * While a batch commits, new arrivals gather for the next one, so under load the batches
 * grow by themselves and the commit cost per request falls. Only after the commit does the
 * acknowledgement leave, so a 200 always means the request is durable. `onEnqueued` then
 * gets the accounts that got new work (the engine wakes their lanes).
 */
export function createEnqueuer(
  store: Store,
  onEnqueued: ((accountIds: string[]) => void) | undefined,
  onHookError: (error: unknown) => void = () => {},
): Enqueuer {
  const commitJobs = createCommitter(store);
  let waiting: Waiting[] = [];
  let scheduled = false;
  let inFlight: Promise<void> | null = null;

  function schedule(): void {
    if (scheduled || inFlight) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      inFlight = flush().finally(() => {
        inFlight = null;
        if (waiting.length > 0) schedule();
      });
    });
  }

  async function commit(batch: Waiting[]): Promise<void> {
    let results: JobResult[];
    try {
      results = await commitJobs(batch.map((w) => w.job));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // One bad row must not fail its neighbours: retry them one by one.
      for (const w of batch) await commit([w]);
      return;
    }
    for (let i = 0; i < batch.length; i++) batch[i]!.resolve(results[i]!);
    notify(batch, results);
  }

  function notify(batch: Waiting[], results: JobResult[]): void {
    if (!onEnqueued) return;
    const accounts = new Set<string>();
    results.forEach((r, i) => {
      const accountId = batch[i]!.job.request.accountId;
      if (r.kind === "created" && accountId) accounts.add(accountId);
    });
    if (accounts.size === 0) return;
    try {
      onEnqueued([...accounts]);
    } catch (error) {
      onHookError(error);
    }
  }

  async function flush(): Promise<void> {
    const batch = waiting;
    waiting = [];
    if (batch.length > 0) await commit(batch);
  }

  return {
    enqueue(job) {
      return new Promise<JobResult>((resolve, reject) => {
        waiting.push({ job, resolve, reject });
        schedule();
      });
    },
    async drain() {
      while (inFlight || scheduled || waiting.length > 0) {
        if (inFlight) await inFlight;
        else await new Promise((r) => setImmediate(r));
      }
    },
  };
}
