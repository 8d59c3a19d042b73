-- ListTasks' name filter matches anywhere in the name, which no ordinary index can seek: it scanned
-- every task of the account. A trigram index finds the tasks holding a name's three-letter pieces.
-- Its rows are numbered by FTS5 itself and mapped to task ids here: the rowids of tasks (a table
-- keyed by text) may change on VACUUM, these do not.
CREATE VIRTUAL TABLE task_names USING fts5 (name, tokenize = 'trigram case_sensitive 1');
CREATE TABLE task_name_rows (
  fts_rowid INTEGER PRIMARY KEY,
  task_id TEXT NOT NULL UNIQUE
);

CREATE TRIGGER task_names_insert AFTER INSERT ON tasks BEGIN
  INSERT INTO task_names (name) VALUES (NEW.name);
  INSERT INTO task_name_rows (fts_rowid, task_id) VALUES (last_insert_rowid(), NEW.id);
END;
CREATE TRIGGER task_names_delete AFTER DELETE ON tasks BEGIN
  DELETE FROM task_names WHERE rowid = (SELECT fts_rowid FROM task_name_rows WHERE task_id = OLD.id);
  DELETE FROM task_name_rows WHERE task_id = OLD.id;
END;
CREATE TRIGGER task_names_rename AFTER UPDATE OF name ON tasks WHEN OLD.name IS NOT NEW.name BEGIN
  UPDATE task_names SET name = NEW.name WHERE rowid = (SELECT fts_rowid FROM task_name_rows WHERE task_id = NEW.id);
END;

INSERT INTO task_names (rowid, name) SELECT rowid, name FROM tasks;
INSERT INTO task_name_rows (fts_rowid, task_id) SELECT rowid, id FROM tasks;
