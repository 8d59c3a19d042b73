-- The live event log behind GET /v3/opensms/events and the webhooks: one row per thing a watcher
-- wants to hear about, written in the transaction that caused it, kept about a day.
-- The PostgreSQL twin of sqlite/0005_events.sql. No foreign key to tasks: a task's last events stay
-- readable (and deliverable) after it is deleted.
CREATE TABLE events (
  id bigserial PRIMARY KEY,
  domain_id text COLLATE "C" NOT NULL,
  task_id text COLLATE "C" NOT NULL,
  type text NOT NULL,
  at bigint NOT NULL,
  data text NOT NULL
);
CREATE INDEX events_domain ON events (domain_id, id);
CREATE INDEX events_at ON events (at);

-- The health and bottleneck the last `health` event announced, so the health job writes one only on a change.
ALTER TABLE tasks ADD COLUMN published_health text;
ALTER TABLE tasks ADD COLUMN published_bottleneck text;
