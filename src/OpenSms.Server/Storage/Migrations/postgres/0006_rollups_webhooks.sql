-- Report history rollups, then webhooks.
-- Samples older than OpenSms:Retention:RawSamples, rolled up per task per minute (docs/insight.md,
-- Retention): how many reports, and per numeric field the sum, the peak and (for the fields an
-- agent may leave out) how many reports sent it, so averages over any span of minutes come out
-- weighted exactly as over the raw samples. minute is the epoch ms of the minute's start.
CREATE TABLE sample_rollups (
  task_id text NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  minute bigint NOT NULL,
  count bigint NOT NULL,
  progress_sum bigint NOT NULL,
  progress_max bigint NOT NULL,
  replicatesize_sum bigint NOT NULL,
  replicatesize_max bigint NOT NULL,
  totalsize_sum bigint NOT NULL,
  totalsize_max bigint NOT NULL,
  migrate_speed_sum double precision,
  migrate_speed_max double precision,
  migrate_speed_n bigint NOT NULL,
  compress_rate_sum double precision,
  compress_rate_max double precision,
  compress_rate_n bigint NOT NULL,
  remain_time_sum bigint,
  remain_time_max bigint,
  remain_time_n bigint NOT NULL,
  total_cpu_usage_sum double precision,
  total_cpu_usage_max double precision,
  total_cpu_usage_n bigint NOT NULL,
  agent_cpu_usage_sum double precision,
  agent_cpu_usage_max double precision,
  agent_cpu_usage_n bigint NOT NULL,
  total_mem_usage_sum double precision,
  total_mem_usage_max double precision,
  total_mem_usage_n bigint NOT NULL,
  agent_mem_usage_sum double precision,
  agent_mem_usage_max double precision,
  agent_mem_usage_n bigint NOT NULL,
  total_disk_io_sum double precision,
  total_disk_io_max double precision,
  total_disk_io_n bigint NOT NULL,
  agent_disk_io_sum double precision,
  agent_disk_io_max double precision,
  agent_disk_io_n bigint NOT NULL,
  PRIMARY KEY (task_id, minute)
);
-- The purge of rollups past OpenSms:Retention:Rollups walks this instead of the whole table.
CREATE INDEX sample_rollups_minute ON sample_rollups (minute);

-- Webhooks (docs/webhooks.md): cursor is the last event id handled; attempts and next_attempt_at
-- are the retry state of the event after it. secret is sealed with the server key.
CREATE TABLE webhooks (
  id text PRIMARY KEY,
  domain_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  url text NOT NULL,
  events text NOT NULL,
  secret text NOT NULL,
  created_at bigint NOT NULL,
  cursor bigint NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at bigint
);
CREATE INDEX webhooks_domain ON webhooks (domain_id, created_at);

CREATE TABLE webhook_deliveries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  webhook_id text NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  event_id bigint NOT NULL,
  event_type text NOT NULL,
  attempt integer NOT NULL,
  status_code integer,
  error text,
  duration_ms bigint NOT NULL,
  at bigint NOT NULL,
  outcome text NOT NULL
);
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, id);
CREATE INDEX webhook_deliveries_at ON webhook_deliveries (at);
