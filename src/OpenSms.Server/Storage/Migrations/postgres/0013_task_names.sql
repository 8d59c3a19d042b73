-- ListTasks' name filter matches anywhere in the name, which a b-tree cannot seek: it scanned every
-- task of the account. A trigram index (pg_trgm, in PostgreSQL's contrib, trusted since 13) lets
-- the planner find the tasks holding a name's three-letter pieces. Where the extension cannot be
-- created the filter still works, by scanning as before.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  CREATE INDEX tasks_name_trgm ON tasks USING gin (name gin_trgm_ops);
EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
  RAISE NOTICE 'pg_trgm is not available (%); ListTasks by name scans the account''s tasks', SQLERRM;
END $$;
