-- The rest of the SMS v3 surface: per-task settings and results, secure-channel material,
-- migration projects, VM templates, privacy agreements and the source details an agent reports.
-- The PostgreSQL twin of sqlite/0004_sms_surface.sql; times bigint epoch milliseconds and JSON text, as in 0001.

-- What the agent reports about a task besides progress; shown by ShowTask and ListTasks.
ALTER TABLE tasks ADD COLUMN network_check_info text;
ALTER TABLE tasks ADD COLUMN special_config text;
ALTER TABLE tasks ADD COLUMN log_collect_status text NOT NULL DEFAULT 'INIT';
ALTER TABLE tasks ADD COLUMN log_bucket text;
ALTER TABLE tasks ADD COLUMN log_request_time bigint;
ALTER TABLE tasks ADD COLUMN log_upload_time bigint;
ALTER TABLE tasks ADD COLUMN consistency_result_exist boolean NOT NULL DEFAULT false;

-- A source's project, its migration cycle, and the copy state its agent set with UpdateCopyState.
-- The copy state holds while its task stays in the state it was set under (copystate_task_*).
ALTER TABLE sources ADD COLUMN migproject_id text COLLATE "C";
ALTER TABLE sources ADD COLUMN migration_cycle text;
ALTER TABLE sources ADD COLUMN copystate text;
ALTER TABLE sources ADD COLUMN copystate_task_id text COLLATE "C";
ALTER TABLE sources ADD COLUMN copystate_task_state text;
ALTER TABLE sources ADD COLUMN state_action_time bigint;
ALTER TABLE sources ADD COLUMN stage_action_time bigint;

-- One row per consistency check the agent uploaded.
CREATE TABLE consistency_results (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_id text NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  finished_time bigint NOT NULL,
  check_result text NOT NULL,
  results_json text NOT NULL
);
CREATE INDEX consistency_results_task ON consistency_results (task_id, id);

-- The CA, certificates, keys and passphrase of a task's secure channel, sealed with the server key.
CREATE TABLE task_secrets (
  task_id text PRIMARY KEY REFERENCES tasks(id) ON DELETE CASCADE,
  material_enc text NOT NULL,
  created_at bigint NOT NULL
);

CREATE TABLE migprojects (
  id text COLLATE "C" PRIMARY KEY,
  domain_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name text COLLATE "C" NOT NULL,
  description text,
  isdefault boolean NOT NULL,
  region text NOT NULL,
  start_target_server boolean NOT NULL,
  speed_limit integer NOT NULL,
  use_public_ip boolean NOT NULL,
  exist_server boolean NOT NULL,
  type text NOT NULL,
  enterprise_project text NOT NULL,
  syncing boolean NOT NULL,
  start_network_check boolean,
  created_at bigint NOT NULL,
  UNIQUE (domain_id, name)
);
-- At most one default project per account.
CREATE UNIQUE INDEX migprojects_default ON migprojects (domain_id) WHERE isdefault;

CREATE TABLE vm_templates (
  id text COLLATE "C" PRIMARY KEY,
  domain_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name text COLLATE "C" NOT NULL,
  region text,
  availability_zone text,
  -- The template as sent, minus the password.
  template_json text NOT NULL,
  target_password_enc text,
  created_at bigint NOT NULL
);
CREATE INDEX vm_templates_domain ON vm_templates (domain_id, created_at);

CREATE TABLE privacy_agreements (
  domain_id text PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  user_id text NOT NULL,
  agreed_at bigint NOT NULL
);
