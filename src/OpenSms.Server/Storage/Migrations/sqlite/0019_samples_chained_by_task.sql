-- A task's samples are found by following a chain rather than through an index by task: each
-- sample names the same task's previous one (prev_id) and the task names its newest
-- (tasks.last_sample_id). An index led by task_id put a leaf page per reporting task into every
-- progress commit, the largest part of its cost (docs/benchmarks.md, Ingest). To find where in its
-- history a time falls, the first sample of each task in each second is still indexed
-- (opens_second = 1): a task reporting many times a second adds one entry a second, and one reporting
-- every few seconds one per report, as before.
--
-- A foreign key to tasks would need an index led by task_id to find a deleted task's samples, so
-- the table is rebuilt without one and a trigger deletes them along the chain.
--
-- Events and samples share one id counter (0018): whichever of the two AUTOINCREMENT counters is
-- larger. The rebuilt table's counter starts at its largest id, which may be below the old one,
-- so the events' counter takes the shared value first.
UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM sqlite_sequence WHERE name IN ('events', 'samples')) WHERE name = 'events';

CREATE TABLE samples_chained (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  task_id TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  agent_time TEXT,
  subtask_name TEXT NOT NULL,
  progress INTEGER NOT NULL,
  replicatesize INTEGER NOT NULL,
  totalsize INTEGER NOT NULL,
  process_trace TEXT NOT NULL,
  migrate_speed REAL,
  compress_rate REAL,
  remain_time INTEGER,
  total_cpu_usage REAL,
  agent_cpu_usage REAL,
  total_mem_usage REAL,
  agent_mem_usage REAL,
  total_disk_io REAL,
  agent_disk_io REAL,
  need_migration_test INTEGER,
  prev_id INTEGER,
  opens_second INTEGER NOT NULL DEFAULT 0
);
INSERT INTO samples_chained
SELECT *, lag(id) OVER by_task, received_at / 1000 IS NOT lag(received_at / 1000) OVER by_task
FROM samples WINDOW by_task AS (PARTITION BY task_id ORDER BY id) ORDER BY id;
DROP TABLE samples;
ALTER TABLE samples_chained RENAME TO samples;
CREATE INDEX samples_task_seconds ON samples (task_id, received_at) WHERE opens_second = 1;

ALTER TABLE tasks ADD COLUMN last_sample_id INTEGER;
UPDATE tasks SET last_sample_id = newest.id
FROM (SELECT task_id, max(id) AS id FROM samples GROUP BY task_id) AS newest WHERE newest.task_id = tasks.id;

CREATE TRIGGER tasks_delete_samples AFTER DELETE ON tasks WHEN old.last_sample_id IS NOT NULL BEGIN
  DELETE FROM samples WHERE id IN (
    WITH RECURSIVE chain(id) AS (
      SELECT old.last_sample_id
      UNION ALL
      SELECT s.prev_id FROM chain JOIN samples s ON s.id = chain.id WHERE s.prev_id IS NOT NULL)
    SELECT id FROM chain);
END;
