-- ListTasks answers a count with every page. Counting 100,000 tasks on every request cost more than
-- the page itself, so the count per account and state is kept beside the tasks, by triggers, in
-- the transaction of every insert, delete and change of state.
CREATE TABLE task_counts (
  domain_id TEXT NOT NULL,
  state TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (domain_id, state)
) WITHOUT ROWID;
INSERT INTO task_counts (domain_id, state, n) SELECT domain_id, state, COUNT(*) FROM tasks GROUP BY domain_id, state;

CREATE TRIGGER task_counts_insert AFTER INSERT ON tasks BEGIN
  INSERT INTO task_counts (domain_id, state, n) VALUES (NEW.domain_id, NEW.state, 1)
  ON CONFLICT (domain_id, state) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER task_counts_delete AFTER DELETE ON tasks BEGIN
  UPDATE task_counts SET n = n - 1 WHERE domain_id = OLD.domain_id AND state = OLD.state;
END;
CREATE TRIGGER task_counts_state AFTER UPDATE OF state ON tasks WHEN OLD.state IS NOT NEW.state BEGIN
  UPDATE task_counts SET n = n - 1 WHERE domain_id = OLD.domain_id AND state = OLD.state;
  INSERT INTO task_counts (domain_id, state, n) VALUES (NEW.domain_id, NEW.state, 1)
  ON CONFLICT (domain_id, state) DO UPDATE SET n = n + 1;
END;

-- A page is found in an index in its own order (newest first, then id) before any row is read;
-- the name is in the index too, so a name filter scans the index rather than the table.
DROP INDEX tasks_domain;
DROP INDEX tasks_domain_state;
CREATE INDEX tasks_page ON tasks (domain_id, create_date DESC, id, name);
CREATE INDEX tasks_state_page ON tasks (domain_id, state, create_date DESC, id);
