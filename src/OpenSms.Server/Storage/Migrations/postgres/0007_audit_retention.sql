-- The retention job deletes audit entries by age.
CREATE INDEX audit_log_at ON audit_log (at);
