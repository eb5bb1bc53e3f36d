-- The gateway's write path (bench/intake). Every index on `requests` and `window_hits` is
-- written by every accepted API call; these are the ones no query needs.

-- No query filters `requests` on status alone: the lane queries use requests_lane
-- (account_id, status, run_at), the queue-timeout sweep requests_expiry (002). Worse, on a
-- database without statistics the planner picked this index for the sweep (every QUEUED
-- row, then a sort) over the partial index 002 made for it. Measured: ~8% of enqueue cost.
DROP INDEX requests_status;

-- The window log is read back whole (at start, or after another connection wrote to the
-- file) into memory, where the gateway decides (see windows.ts); the table only has to be
-- appended to and pruned once a row has left its window (`until` = at + the window's
-- length). (key, at) put every hit on a random page (the account's): with it a hit cost as
-- much as the request insert itself; (until) appends (measured: 13-15k requests a second
-- with the key index, 20-24k with the time index, 25-30k with no window row at all).
ALTER TABLE window_hits ADD COLUMN until INTEGER;
UPDATE window_hits SET until = at + 3600000;
DROP INDEX window_hits_key_at;
CREATE INDEX window_hits_until ON window_hits(until);
