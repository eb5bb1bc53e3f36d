-- No query filters `requests` on status alone: the lane queries use requests_lane
-- (account_id, status, run_at) and requests_queued, the queue-timeout sweep requests_expiry,
-- listRequests requests_workspace. A status change is never a HOT update (status is
-- indexed), so every index of `requests` gets a new entry at the claim and again at the
-- finish: this one only cost writes (as on SQLite, 004_intake.sql).
DROP INDEX IF EXISTS requests_status;
