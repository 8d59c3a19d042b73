-- A report's progress event is no longer a second row beside its sample: the event log reads it from
-- the samples table, so a report writes one row instead of two. Events and samples therefore draw
-- their ids from one sequence (the larger of the two tables' AUTOINCREMENT counters), and the log's
-- order is that of the ids across both. Samples stored before this migration already have an event
-- row of their own, so only those from progress_from on are read as events. The events' retention
-- prunes the log by time: pruned_before is its last cut-off, below which no sample is read as an
-- event either, while the samples themselves stay under their own retention.
CREATE TABLE event_log (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  progress_from INTEGER NOT NULL,
  pruned_before INTEGER NOT NULL DEFAULT 0
);
INSERT INTO sqlite_sequence (name, seq) SELECT 'samples', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'samples');
INSERT INTO sqlite_sequence (name, seq) SELECT 'events', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'events');
UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM sqlite_sequence WHERE name IN ('events', 'samples')) WHERE name IN ('events', 'samples');
INSERT INTO event_log (id, progress_from) SELECT 1, seq + 1 FROM sqlite_sequence WHERE name = 'samples';
