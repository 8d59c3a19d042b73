-- Identity: enterprise projects, identity policies and their attachments, access keys, audit.
-- The PostgreSQL twin of sqlite/0002_iam.sql; policy documents stay text, as the administrator sent them.
CREATE TABLE enterprise_projects (
  id text COLLATE "C" PRIMARY KEY,
  domain_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name text COLLATE "C" NOT NULL,
  description text,
  status integer NOT NULL,
  created_at bigint NOT NULL,
  UNIQUE (domain_id, name)
);

CREATE TABLE policies (
  id text COLLATE "C" PRIMARY KEY,
  domain_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name text COLLATE "C" NOT NULL,
  description text,
  document text NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  UNIQUE (domain_id, name)
);

CREATE TABLE policy_attachments (
  policy_id text NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  attached_at bigint NOT NULL,
  PRIMARY KEY (policy_id, user_id)
);
CREATE INDEX policy_attachments_user ON policy_attachments (user_id);

CREATE TABLE access_keys (
  access text PRIMARY KEY,
  domain_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  secret_enc text NOT NULL,
  status text NOT NULL,
  description text,
  created_at bigint NOT NULL
);
CREATE INDEX access_keys_user ON access_keys (user_id);

CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at bigint NOT NULL,
  domain_id text NOT NULL,
  user_id text,
  user_name text,
  access_key text,
  method text NOT NULL,
  path text NOT NULL,
  action text,
  resource text,
  decision text NOT NULL,
  status integer NOT NULL,
  source_ip text,
  request_id text NOT NULL
);
CREATE INDEX audit_log_domain ON audit_log (domain_id, id);
