-- The live event log behind GET /v3/opensms/events and the webhooks: one row per thing a watcher
-- wants to hear about, written in the transaction that caused it, kept about a day.
-- No foreign key to tasks: a task's last events stay readable (and deliverable) after it is deleted.
CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  domain_id TEXT NOT NULL,
  task_id TEXT NOT NULL,
  type TEXT NOT NULL,
  at INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX events_domain ON events (domain_id, id);
CREATE INDEX events_at ON events (at);

-- The health and bottleneck the last `health` event announced, so the health job writes one only on a change.
ALTER TABLE tasks ADD COLUMN published_health TEXT;
ALTER TABLE tasks ADD COLUMN published_bottleneck TEXT;
