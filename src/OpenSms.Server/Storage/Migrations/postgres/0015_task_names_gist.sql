-- The trigram index of 0013 was a GIN index. A GIN search reads the whole posting list of every
-- trigram of the searched name, so a piece most names share ("prod-", "task-") costs as much as the
-- table is large: 5-6 ms a search at 100,000 tasks, for ten matches. A GiST index compares each
-- name's trigram signature instead and reaches the few matching names through the tree: 0.4 ms on
-- the same search, and ten times faster on whole names. It is slower on short pieces that match
-- dozens of scattered names (3.4 ms where GIN took 1.3; docs/benchmarks.md). A 256-byte signature
-- keeps a name's trigrams apart where the default 12 bytes would blur them.
-- A progress report changes no indexed column of its task, so PostgreSQL keeps nearly all of their
-- updates off the indexes (heap-only): writes to this index come from creating and renaming tasks.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  DROP INDEX IF EXISTS tasks_name_trgm;
  CREATE INDEX tasks_name_trgm ON tasks USING gist (name gist_trgm_ops (siglen = 256));
EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported OR undefined_object THEN
  RAISE NOTICE 'pg_trgm is not available (%); ListTasks by name scans the account''s tasks', SQLERRM;
END $$;
