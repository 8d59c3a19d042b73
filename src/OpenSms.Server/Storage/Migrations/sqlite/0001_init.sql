-- Accounts (IAM domains), their projects and users.
CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);

CREATE TABLE projects (
  id TEXT PRIMARY KEY,
  domain_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  UNIQUE (domain_id, name)
);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  domain_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  is_admin INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (domain_id, name)
);

CREATE TABLE revoked_tokens (
  token_id TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
);

CREATE TABLE sources (
  id TEXT PRIMARY KEY,
  domain_id TEXT NOT NULL REFERENCES accounts(id),
  enterprise_project_id TEXT NOT NULL,
  name TEXT NOT NULL,
  ip TEXT,
  ipv6 TEXT,
  os_type TEXT NOT NULL,
  os_version TEXT,
  hostname TEXT,
  agent_version TEXT,
  state TEXT NOT NULL,
  add_date INTEGER NOT NULL,
  last_visit_time INTEGER,
  registration_json TEXT NOT NULL
);
CREATE INDEX sources_domain ON sources (domain_id, add_date);

CREATE TABLE tasks (
  id TEXT PRIMARY KEY,
  domain_id TEXT NOT NULL REFERENCES accounts(id),
  enterprise_project_id TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  os_type TEXT NOT NULL,
  state TEXT NOT NULL,
  source_server_id TEXT NOT NULL REFERENCES sources(id),
  priority INTEGER NOT NULL,
  speed_limit INTEGER NOT NULL,
  need_migration_test INTEGER NOT NULL,
  create_date INTEGER NOT NULL,
  start_date INTEGER,
  finish_date INTEGER,
  error_json TEXT,
  pending_command TEXT,
  replicatesize INTEGER NOT NULL DEFAULT 0,
  totalsize INTEGER NOT NULL DEFAULT 0,
  migrate_speed REAL,
  compress_rate REAL,
  remain_seconds INTEGER,
  estimate_complete_time INTEGER,
  total_cpu_usage REAL,
  agent_cpu_usage REAL,
  total_mem_usage REAL,
  agent_mem_usage REAL,
  total_disk_io REAL,
  agent_disk_io REAL,
  last_report_at INTEGER,
  subtask_info TEXT,
  spec_json TEXT NOT NULL
);
CREATE INDEX tasks_domain ON tasks (domain_id, create_date);
CREATE INDEX tasks_source ON tasks (source_server_id);

CREATE TABLE subtasks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  progress INTEGER NOT NULL,
  start_date INTEGER NOT NULL,
  end_date INTEGER,
  process_trace TEXT,
  migrate_speed REAL,
  UNIQUE (task_id, name)
);

-- Every accepted progress report, as received.
CREATE TABLE samples (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  received_at INTEGER NOT NULL,
  agent_time TEXT,
  subtask_name TEXT NOT NULL,
  progress INTEGER NOT NULL,
  replicatesize INTEGER NOT NULL,
  totalsize INTEGER NOT NULL,
  process_trace TEXT NOT NULL,
  migrate_speed REAL,
  compress_rate REAL,
  remain_time INTEGER,
  total_cpu_usage REAL,
  agent_cpu_usage REAL,
  total_mem_usage REAL,
  agent_mem_usage REAL,
  total_disk_io REAL,
  agent_disk_io REAL,
  need_migration_test INTEGER
);
CREATE INDEX samples_task ON samples (task_id, received_at);
