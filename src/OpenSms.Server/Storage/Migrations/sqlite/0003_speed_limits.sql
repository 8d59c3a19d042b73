-- Speed limits by time of day and over-speed protection (docs/speed-limits.md).
-- The task's windows and IANA zone as a SpeedSchedule; NULL until the first POST .../speed-limit.
ALTER TABLE tasks ADD COLUMN speed_schedule TEXT;
-- The over-speed detector's OverSpeedState, carried from one progress report to the next; NULL = empty.
ALTER TABLE tasks ADD COLUMN overspeed_state TEXT;
-- The newest report's agent_time minus its receive time, and whether that is over five minutes;
-- NULL until a report carries agent_time.
ALTER TABLE tasks ADD COLUMN agent_clock_skew_seconds REAL;
ALTER TABLE tasks ADD COLUMN agent_clock_skew_flagged INTEGER;

-- Every finished run of over-speed reports: the ones that stopped a task, and the near misses.
CREATE TABLE overspeed_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  started_at INTEGER NOT NULL,
  ended_at INTEGER NOT NULL,
  stopped INTEGER NOT NULL,
  window_json TEXT,
  limit_mbps INTEGER NOT NULL,
  over_speed_threshold REAL NOT NULL,
  report_count INTEGER NOT NULL,
  peak_mbps REAL NOT NULL,
  samples_json TEXT NOT NULL
);
CREATE INDEX overspeed_events_task ON overspeed_events (task_id, id);
