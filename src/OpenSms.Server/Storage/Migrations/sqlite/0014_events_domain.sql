-- The event reads ask for ids after a cursor, with the account as an optional filter
-- (`@domainId IS NULL OR domain_id = @domainId`): SQLite plans them once on the primary key and
-- never used this index. It cost every progress report a second index insert in the writer.
DROP INDEX events_domain;
