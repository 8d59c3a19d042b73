-- ListTasks filtered by state counts and pages through this index rather than every task of the
-- account (bench/read: 100,000 tasks).
CREATE INDEX tasks_domain_state ON tasks (domain_id, state, create_date);
