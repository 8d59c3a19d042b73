-- Speed limits by time of day and over-speed protection (docs/speed-limits.md); the PostgreSQL twin
-- of sqlite/0003_speed_limits.sql. JSON stays text and times bigint epoch milliseconds, as in 0001.
-- The task's windows and IANA zone as a SpeedSchedule; NULL until the first POST .../speed-limit.
ALTER TABLE tasks ADD COLUMN speed_schedule text;
-- The over-speed detector's OverSpeedState, carried from one progress report to the next; NULL = empty.
ALTER TABLE tasks ADD COLUMN overspeed_state text;
-- The newest report's agent_time minus its receive time, and whether that is over five minutes;
-- NULL until a report carries agent_time.
ALTER TABLE tasks ADD COLUMN agent_clock_skew_seconds double precision;
ALTER TABLE tasks ADD COLUMN agent_clock_skew_flagged boolean;

-- Every finished run of over-speed reports: the ones that stopped a task, and the near misses.
CREATE TABLE overspeed_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_id text NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  started_at bigint NOT NULL,
  ended_at bigint NOT NULL,
  stopped boolean NOT NULL,
  window_json text,
  limit_mbps integer NOT NULL,
  over_speed_threshold double precision NOT NULL,
  report_count integer NOT NULL,
  peak_mbps double precision NOT NULL,
  samples_json text NOT NULL
);
CREATE INDEX overspeed_events_task ON overspeed_events (task_id, id);
