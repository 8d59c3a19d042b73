-- Accounts (IAM domains), their projects and users; the PostgreSQL twin of sqlite/0001_init.sql.
-- Times are bigint epoch milliseconds and JSON is kept as text, exactly as on SQLite, so both
-- providers hand back the same values byte for byte (jsonb would reorder keys and drop spaces).
-- Ids and names sort with COLLATE "C": the same byte order as SQLite, whatever the database's locale.
CREATE TABLE accounts (
  id text COLLATE "C" PRIMARY KEY,
  name text COLLATE "C" NOT NULL UNIQUE,
  created_at bigint NOT NULL
);

CREATE TABLE projects (
  id text COLLATE "C" PRIMARY KEY,
  domain_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name text COLLATE "C" NOT NULL,
  UNIQUE (domain_id, name)
);

CREATE TABLE users (
  id text COLLATE "C" PRIMARY KEY,
  domain_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name text COLLATE "C" NOT NULL,
  password_hash text NOT NULL,
  enabled boolean NOT NULL,
  is_admin boolean NOT NULL,
  created_at bigint NOT NULL,
  UNIQUE (domain_id, name)
);

CREATE TABLE revoked_tokens (
  token_id text PRIMARY KEY,
  expires_at bigint NOT NULL
);

CREATE TABLE sources (
  id text COLLATE "C" PRIMARY KEY,
  domain_id text NOT NULL REFERENCES accounts(id),
  enterprise_project_id text NOT NULL,
  name text NOT NULL,
  ip text,
  ipv6 text,
  os_type text NOT NULL,
  os_version text,
  hostname text,
  agent_version text,
  state text NOT NULL,
  add_date bigint NOT NULL,
  last_visit_time bigint,
  registration_json text NOT NULL
);
CREATE INDEX sources_domain ON sources (domain_id, add_date);

CREATE TABLE tasks (
  id text COLLATE "C" PRIMARY KEY,
  domain_id text NOT NULL REFERENCES accounts(id),
  enterprise_project_id text NOT NULL,
  name text NOT NULL,
  type text NOT NULL,
  os_type text NOT NULL,
  state text NOT NULL,
  source_server_id text NOT NULL REFERENCES sources(id),
  priority integer NOT NULL,
  speed_limit integer NOT NULL,
  need_migration_test boolean NOT NULL,
  create_date bigint NOT NULL,
  start_date bigint,
  finish_date bigint,
  error_json text,
  pending_command text,
  replicatesize bigint NOT NULL DEFAULT 0,
  totalsize bigint NOT NULL DEFAULT 0,
  migrate_speed double precision,
  compress_rate double precision,
  remain_seconds bigint,
  estimate_complete_time bigint,
  total_cpu_usage double precision,
  agent_cpu_usage double precision,
  total_mem_usage double precision,
  agent_mem_usage double precision,
  total_disk_io double precision,
  agent_disk_io double precision,
  last_report_at bigint,
  subtask_info text,
  spec_json text NOT NULL
);
CREATE INDEX tasks_domain ON tasks (domain_id, create_date);
CREATE INDEX tasks_source ON tasks (source_server_id);

CREATE TABLE subtasks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_id text NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  name text NOT NULL,
  progress integer NOT NULL,
  start_date bigint NOT NULL,
  end_date bigint,
  process_trace text,
  migrate_speed double precision,
  UNIQUE (task_id, name)
);

-- Every accepted progress report, as received.
CREATE TABLE samples (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_id text NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  received_at bigint NOT NULL,
  agent_time text,
  subtask_name text NOT NULL,
  progress integer NOT NULL,
  replicatesize bigint NOT NULL,
  totalsize bigint NOT NULL,
  process_trace text NOT NULL,
  migrate_speed double precision,
  compress_rate double precision,
  remain_time bigint,
  total_cpu_usage double precision,
  agent_cpu_usage double precision,
  total_mem_usage double precision,
  agent_mem_usage double precision,
  total_disk_io double precision,
  agent_disk_io double precision,
  need_migration_test boolean
);
CREATE INDEX samples_task ON samples (task_id, received_at);
