import type { EnqueueResult, NewRequest, Store } from "../store/types.ts";

interface Waiting {
  request: NewRequest;
  resolve: (result: EnqueueResult) => void;
  reject: (error: unknown) => void;
}

export interface Enqueuer {
  enqueue(request: NewRequest): Promise<EnqueueResult>;
  /** Waits for everything accepted so far to be committed. */
  drain(): Promise<void>;
}

/**
 * Group commit: every `enqueue` that arrives in the same event-loop turn goes into one
 * `store.enqueue` call, i.e. one transaction and one WAL append (or one PostgreSQL round
 * trip). While a batch commits, new arrivals gather for the next one, so under load the
 * batches grow by themselves and the commit cost per request falls. Only after the commit
 * does the acknowledgement leave, so a 200 always means the request is durable.
 * `onEnqueued` then gets the accounts that got new work (the engine wakes their lanes).
 */
export function createEnqueuer(
  store: Store,
  onEnqueued: ((accountIds: string[]) => void) | undefined,
  onHookError: (error: unknown) => void = () => {},
): Enqueuer {
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
    try {
      const results = await store.enqueue(batch.map((w) => w.request));
      for (let i = 0; i < batch.length; i++) batch[i]!.resolve(results[i]!);
      notify(batch, results);
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // One bad row must not fail its neighbours: retry them one by one.
      for (const w of batch) await commit([w]);
    }
  }

  function notify(batch: Waiting[], results: EnqueueResult[]): void {
    if (!onEnqueued) return;
    const accounts = new Set<string>();
    results.forEach((r, i) => {
      const accountId = batch[i]!.request.accountId;
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
    enqueue(request) {
      return new Promise<EnqueueResult>((resolve, reject) => {
        waiting.push({ request, resolve, reject });
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
