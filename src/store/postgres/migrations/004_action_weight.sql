-- A row of the action log may count several units of its bucket: a search counts its
-- results against the search quota (1,000 a day), not one call.
ALTER TABLE action_log ADD COLUMN weight integer NOT NULL DEFAULT 1;
