-- ListTasks answers a count with every page. Counting 100,000 tasks on every request cost more than
-- the page itself, so the count per account and state is kept beside the tasks, by triggers, in
-- the transaction of every insert, delete and change of state.
CREATE TABLE task_counts (
  domain_id TEXT NOT NULL,
  state TEXT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (domain_id, state)
);
INSERT INTO task_counts (domain_id, state, n) SELECT domain_id, state, COUNT(*) FROM tasks GROUP BY domain_id, state;

-- Once per statement over the rows it changed: a batch of progress reports updates many tasks in
-- one statement and seldom changes a state. The sums are applied in key order, so concurrent
-- batches lock count rows in the same order and cannot deadlock on them.
CREATE FUNCTION task_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO task_counts (domain_id, state, n)
    SELECT domain_id, state, COUNT(*) FROM new_rows GROUP BY domain_id, state ORDER BY domain_id, state
    ON CONFLICT (domain_id, state) DO UPDATE SET n = task_counts.n + EXCLUDED.n;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE task_counts c SET n = c.n - d.n
    FROM (SELECT domain_id, state, COUNT(*) AS n FROM old_rows GROUP BY domain_id, state ORDER BY domain_id, state) d
    WHERE c.domain_id = d.domain_id AND c.state = d.state;
  ELSE
    INSERT INTO task_counts (domain_id, state, n)
    SELECT domain_id, state, SUM(d) FROM (
      SELECT n.domain_id, n.state, 1 AS d FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.state <> n.state
      UNION ALL
      SELECT o.domain_id, o.state, -1 FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.state <> n.state
    ) changed
    GROUP BY domain_id, state ORDER BY domain_id, state
    ON CONFLICT (domain_id, state) DO UPDATE SET n = task_counts.n + EXCLUDED.n;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER task_counts_insert AFTER INSERT ON tasks REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION task_counts_apply();
CREATE TRIGGER task_counts_delete AFTER DELETE ON tasks REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION task_counts_apply();
CREATE TRIGGER task_counts_update AFTER UPDATE ON tasks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION task_counts_apply();

-- A page is found in an index in its own order (newest first, then id) before any row is read;
-- the name is in the index too, so a name filter scans the index rather than the table.
DROP INDEX tasks_domain;
DROP INDEX tasks_domain_state;
CREATE INDEX tasks_page ON tasks (domain_id, create_date DESC, id) INCLUDE (name);
CREATE INDEX tasks_state_page ON tasks (domain_id, state, create_date DESC, id);
