DROP TABLE outbox;
DROP TABLE export_jobs;
