DROP TABLE outbox;
DROP TABLE journal_days;
DROP TABLE journals;
