"""Seeds the read benchmark's data straight through SQL, in bulk: N sources and tasks cloned from
one registered through the API (so every column has a valid value whatever the schema's version),
three subtasks per task and S samples per task, the newest at the seed time.

usage: seed.py sqlite DB_FILE TEMPLATE_TASK_ID TASKS SAMPLES_PER_TASK
       seed.py postgres DATABASE TEMPLATE_TASK_ID TASKS SAMPLES_PER_TASK   (psql; PG* variables name the server)
"""
import sqlite3
import subprocess
import sys
import time

dialect, target, template, ntasks, per_task = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
now = int(time.time() * 1000)
STATES = ["RUNNING"] * 5 + ["READY", "MIGRATE_SUCCESS", "MIGRATE_FAIL", "SYNCING", "ABORT"]

if dialect == "sqlite":
    task_id = "printf('%08x-0000-4000-8000-000000000001', i)"
    source_id = "printf('%08x-0000-4000-8000-000000000002', i)"
    padded = "printf('%06d', i)"
    series = lambda n: f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n})"
    from_series = "n"
else:
    task_id = "lpad(to_hex(i), 8, '0') || '-0000-4000-8000-000000000001'"
    source_id = "lpad(to_hex(i), 8, '0') || '-0000-4000-8000-000000000002'"
    padded = "lpad(i::text, 6, '0')"
    series = lambda n: ""
    from_series = f"generate_series(1, {ntasks}) AS n(i)"

state = "CASE i % 10 " + " ".join(f"WHEN {k} THEN '{s}'" for k, s in enumerate(STATES)) + " END"
overrides = {
    "sources": {"id": source_id, "name": f"'bench-' || {padded}", "add_date": f"{now - ntasks * 1000} + i * 1000"},
    "tasks": {
        "id": task_id, "source_server_id": source_id, "name": f"'bench-task-' || {padded}", "state": state,
        "create_date": f"{now - ntasks * 1000} + i * 1000", "start_date": f"{now - ntasks * 1000} + i * 1000",
        "replicatesize": "i * 1000", "totalsize": "i * 2000", "last_report_at": str(now),
    },
}


def columns(table):
    if dialect == "sqlite":
        return [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
    out = psql(f"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}' "
               "AND table_schema = current_schema() AND is_generated = 'NEVER' AND identity_generation IS NULL ORDER BY ordinal_position")
    return out.split()


def psql(sql):
    return subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", target, "-c", sql],
                          check=True, capture_output=True, text=True).stdout


def clone(table, key):
    cols = [c for c in columns(table) if not (dialect == "sqlite" and c == "rowid")]
    picks = ", ".join(overrides[table].get(c, f"tmpl.{c}") for c in cols)
    return (f"{series(ntasks)} INSERT INTO {table} ({', '.join(cols)}) "
            f"SELECT {picks} FROM {from_series}, {table} tmpl WHERE tmpl.id = {key}")


db = sqlite3.connect(target) if dialect == "sqlite" else None
source_of_template = f"(SELECT source_server_id FROM tasks WHERE id = '{template}')"
subtask_names = ["CREATE_CLOUD_SERVER", "SSL_CONFIG", "MIGRATE_LINUX_FILE"]
# Since migration 0019 a SQLite task's samples are a chain (each names the task's previous one, the
# task its newest) with the first of each second indexed; ids continue the counter events and samples share.
chained = dialect == "sqlite" and "prev_id" in columns("samples")
base = db.execute("SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name IN ('events', 'samples')").fetchone()[0] if chained else 0
sample_id = f"{base} + (i - 1) * {per_task} + j"
chain_columns = ", id, prev_id, opens_second" if chained else ""
chain_values = f", {sample_id}, CASE WHEN j > 1 THEN {sample_id} - 1 END, 1" if chained else ""
statements = [
    clone("sources", source_of_template),
    clone("tasks", f"'{template}'"),
    f"{series(ntasks)} INSERT INTO subtasks (task_id, name, progress, start_date, end_date, process_trace, migrate_speed) "
    + " UNION ALL ".join(
        f"SELECT {task_id}, '{name}', {100 if k < 2 else 50}, {now} - 3600000 + {k} * 600000, "
        f"{f'{now} - 3600000 + {k + 1} * 600000' if k < 2 else 'NULL'}, 'seeded', 100.0 FROM {from_series}"
        for k, name in enumerate(subtask_names)),
    # Task-major order: each task's samples arrive together, as PostgreSQL's (task_id, received_at) index
    # likes them; on SQLite a task's chain is then consecutive ids.
    (f"{series(ntasks)}, k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < {per_task}) " if dialect == "sqlite" else "")
    + "INSERT INTO samples (task_id, received_at, subtask_name, progress, replicatesize, totalsize, process_trace, migrate_speed, "
      f"total_cpu_usage, agent_cpu_usage{chain_columns}) "
    + f"SELECT {task_id}, {now} - ({per_task} - j) * 10000, 'MIGRATE_LINUX_FILE', j % 100, i * 1000 + j * 10, i * 2000, "
      f"'seeded', 80 + (j % 40), 20.5, 3.5{chain_values} "
    + ("FROM n, k ORDER BY i, j" if dialect == "sqlite" else f"FROM generate_series(1, {ntasks}) AS n(i), generate_series(1, {per_task}) AS k(j) ORDER BY i, j"),
]

if chained:
    statements.append(f"{series(ntasks)} UPDATE tasks SET last_sample_id = {base} + n.i * {per_task} FROM n WHERE tasks.id = {task_id}")

started = time.time()
if dialect == "sqlite":
    db.execute("PRAGMA synchronous = OFF")
    for sql in statements:
        db.execute(sql)
        db.commit()
    db.execute("ANALYZE")
    db.commit()
    counts = [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("tasks", "subtasks", "samples")]
else:
    for sql in statements:
        psql(sql)
    # A bulk load leaves work autovacuum would otherwise do during the measured runs: the trigram
    # index's pending list (searched row by row until merged), the visibility map, the statistics.
    # In service the same work is spread over the months the rows took to arrive.
    psql("VACUUM ANALYZE")
    counts = [int(psql(f"SELECT COUNT(*) FROM {t}")) for t in ("tasks", "subtasks", "samples")]
print(f"seeded in {time.time() - started:.0f}s: tasks={counts[0]} subtasks={counts[1]} samples={counts[2]}")
