-- ShowTask and ListTasks show each task's own over-speed threshold (kept in spec_json) and its
-- source's migration_cycle as registered (kept in registration_json). Reading them meant parsing
-- both documents as jsonb for every row of every page: about 0.4 ms of PostgreSQL's 1 ms for the
-- rows of a 100-task page. Stored generated columns parse them once, when the document is written;
-- a progress report writes neither document, so its updates do not compute them again.
-- The expressions are those the reads used, so every value read stays the same.
ALTER TABLE tasks ADD COLUMN own_over_speed_threshold double precision GENERATED ALWAYS AS (
  CASE WHEN jsonb_typeof(spec_json::jsonb -> 'over_speed_threshold') = 'number'
    THEN (spec_json::jsonb ->> 'over_speed_threshold')::double precision END) STORED;

ALTER TABLE sources ADD COLUMN registered_migration_cycle text GENERATED ALWAYS AS (
  CASE WHEN jsonb_typeof(registration_json::jsonb -> 'migration_cycle') = 'string'
    THEN registration_json::jsonb ->> 'migration_cycle' END) STORED;
