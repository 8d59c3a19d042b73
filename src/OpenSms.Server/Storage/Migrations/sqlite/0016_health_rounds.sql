-- When the health job's last completed round began. Kept in the database rather than in the instance
-- that ran it, so that after a restart, or when another instance takes the job over, the next round
-- reads only the tasks whose health may have moved since then instead of every active task.
CREATE TABLE health_rounds (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  began_at BIGINT NOT NULL
);
