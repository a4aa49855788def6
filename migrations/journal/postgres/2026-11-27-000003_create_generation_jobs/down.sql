DROP TABLE provider_keys;
DROP TABLE generation_jobs;
