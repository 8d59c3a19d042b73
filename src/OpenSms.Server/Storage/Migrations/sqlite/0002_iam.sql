-- Identity: enterprise projects, identity policies and their attachments, access keys, audit.
CREATE TABLE enterprise_projects (
  id TEXT PRIMARY KEY,
  domain_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT,
  status INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (domain_id, name)
);

CREATE TABLE policies (
  id TEXT PRIMARY KEY,
  domain_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT,
  document TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (domain_id, name)
);

CREATE TABLE policy_attachments (
  policy_id TEXT NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  attached_at INTEGER NOT NULL,
  PRIMARY KEY (policy_id, user_id)
);
CREATE INDEX policy_attachments_user ON policy_attachments (user_id);

CREATE TABLE access_keys (
  access TEXT PRIMARY KEY,
  domain_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  secret_enc TEXT NOT NULL,
  status TEXT NOT NULL,
  description TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX access_keys_user ON access_keys (user_id);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  domain_id TEXT NOT NULL,
  user_id TEXT,
  user_name TEXT,
  access_key TEXT,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  action TEXT,
  resource TEXT,
  decision TEXT NOT NULL,
  status INTEGER NOT NULL,
  source_ip TEXT,
  request_id TEXT NOT NULL
);
CREATE INDEX audit_log_domain ON audit_log (domain_id, id);
