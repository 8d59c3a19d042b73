-- The rest of the SMS v3 surface: per-task settings and results, secure-channel material,
-- migration projects, VM templates, privacy agreements and the source details an agent reports.

-- What the agent reports about a task besides progress; shown by ShowTask and ListTasks.
ALTER TABLE tasks ADD COLUMN network_check_info TEXT;
ALTER TABLE tasks ADD COLUMN special_config TEXT;
ALTER TABLE tasks ADD COLUMN log_collect_status TEXT NOT NULL DEFAULT 'INIT';
ALTER TABLE tasks ADD COLUMN log_bucket TEXT;
ALTER TABLE tasks ADD COLUMN log_request_time INTEGER;
ALTER TABLE tasks ADD COLUMN log_upload_time INTEGER;
ALTER TABLE tasks ADD COLUMN consistency_result_exist INTEGER NOT NULL DEFAULT 0;

-- A source's project, its migration cycle, and the copy state its agent set with UpdateCopyState.
-- The copy state holds while its task stays in the state it was set under (copystate_task_*).
ALTER TABLE sources ADD COLUMN migproject_id TEXT;
ALTER TABLE sources ADD COLUMN migration_cycle TEXT;
ALTER TABLE sources ADD COLUMN copystate TEXT;
ALTER TABLE sources ADD COLUMN copystate_task_id TEXT;
ALTER TABLE sources ADD COLUMN copystate_task_state TEXT;
ALTER TABLE sources ADD COLUMN state_action_time INTEGER;
ALTER TABLE sources ADD COLUMN stage_action_time INTEGER;

-- One row per consistency check the agent uploaded.
CREATE TABLE consistency_results (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  finished_time INTEGER NOT NULL,
  check_result TEXT NOT NULL,
  results_json TEXT NOT NULL
);
CREATE INDEX consistency_results_task ON consistency_results (task_id, id);

-- The CA, certificates, keys and passphrase of a task's secure channel, sealed with the server key.
CREATE TABLE task_secrets (
  task_id TEXT PRIMARY KEY REFERENCES tasks(id) ON DELETE CASCADE,
  material_enc TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE migprojects (
  id TEXT PRIMARY KEY,
  domain_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT,
  isdefault INTEGER NOT NULL,
  region TEXT NOT NULL,
  start_target_server INTEGER NOT NULL,
  speed_limit INTEGER NOT NULL,
  use_public_ip INTEGER NOT NULL,
  exist_server INTEGER NOT NULL,
  type TEXT NOT NULL,
  enterprise_project TEXT NOT NULL,
  syncing INTEGER NOT NULL,
  start_network_check INTEGER,
  created_at INTEGER NOT NULL,
  UNIQUE (domain_id, name)
);
-- At most one default project per account.
CREATE UNIQUE INDEX migprojects_default ON migprojects (domain_id) WHERE isdefault = 1;

CREATE TABLE vm_templates (
  id TEXT PRIMARY KEY,
  domain_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  region TEXT,
  availability_zone TEXT,
  -- The template as sent, minus the password.
  template_json TEXT NOT NULL,
  target_password_enc TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX vm_templates_domain ON vm_templates (domain_id, created_at);

CREATE TABLE privacy_agreements (
  domain_id TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  agreed_at INTEGER NOT NULL
);
