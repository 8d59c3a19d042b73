-- Report history rollups, then webhooks.
-- Samples older than OpenSms:Retention:RawSamples, rolled up per task per minute (docs/insight.md,
-- Retention): how many reports, and per numeric field the sum, the peak and (for the fields an
-- agent may leave out) how many reports sent it, so averages over any span of minutes come out
-- weighted exactly as over the raw samples. minute is the epoch ms of the minute's start.
CREATE TABLE sample_rollups (
  task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  minute INTEGER NOT NULL,
  count INTEGER NOT NULL,
  progress_sum INTEGER NOT NULL,
  progress_max INTEGER NOT NULL,
  replicatesize_sum INTEGER NOT NULL,
  replicatesize_max INTEGER NOT NULL,
  totalsize_sum INTEGER NOT NULL,
  totalsize_max INTEGER NOT NULL,
  migrate_speed_sum REAL,
  migrate_speed_max REAL,
  migrate_speed_n INTEGER NOT NULL,
  compress_rate_sum REAL,
  compress_rate_max REAL,
  compress_rate_n INTEGER NOT NULL,
  remain_time_sum INTEGER,
  remain_time_max INTEGER,
  remain_time_n INTEGER NOT NULL,
  total_cpu_usage_sum REAL,
  total_cpu_usage_max REAL,
  total_cpu_usage_n INTEGER NOT NULL,
  agent_cpu_usage_sum REAL,
  agent_cpu_usage_max REAL,
  agent_cpu_usage_n INTEGER NOT NULL,
  total_mem_usage_sum REAL,
  total_mem_usage_max REAL,
  total_mem_usage_n INTEGER NOT NULL,
  agent_mem_usage_sum REAL,
  agent_mem_usage_max REAL,
  agent_mem_usage_n INTEGER NOT NULL,
  total_disk_io_sum REAL,
  total_disk_io_max REAL,
  total_disk_io_n INTEGER NOT NULL,
  agent_disk_io_sum REAL,
  agent_disk_io_max REAL,
  agent_disk_io_n INTEGER NOT NULL,
  PRIMARY KEY (task_id, minute)
) WITHOUT ROWID;
-- The purge of rollups past OpenSms:Retention:Rollups walks this instead of the whole table.
CREATE INDEX sample_rollups_minute ON sample_rollups (minute);

-- Webhooks (docs/webhooks.md): cursor is the last event id handled; attempts and next_attempt_at
-- are the retry state of the event after it. secret is sealed with the server key.
CREATE TABLE webhooks (
  id TEXT PRIMARY KEY,
  domain_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  secret TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  cursor INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER
);
CREATE INDEX webhooks_domain ON webhooks (domain_id, created_at);

CREATE TABLE webhook_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  event_id INTEGER NOT NULL,
  event_type TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  status_code INTEGER,
  error TEXT,
  duration_ms INTEGER NOT NULL,
  at INTEGER NOT NULL,
  outcome TEXT NOT NULL
);
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, id);
CREATE INDEX webhook_deliveries_at ON webhook_deliveries (at);
