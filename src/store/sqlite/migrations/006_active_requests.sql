-- The engine's per-account view of the queue moves into memory (active-requests.ts): the
-- index (account_id, status, run_at) put every enqueued row on its account's own page, one
-- random page per request written to the WAL (bench/intake: 8-10 µs of CPU a request on
-- the gateway's commit), and rewritten again at claim and at finish.
DROP INDEX requests_lane;
-- What stays on disk: the QUEUED and PROCESSING rows, which the copy is read from at start,
-- ordered by when a QUEUED one times out, which the queue-timeout sweep reads. One index
-- for both, so an enqueue writes one entry (appended: one status, rising expiry times)
-- instead of two; each index is a page more in every commit's WAL append.
DROP INDEX requests_expiry;
CREATE INDEX requests_active ON requests(status, expires_at) WHERE status IN ('QUEUED', 'PROCESSING');
