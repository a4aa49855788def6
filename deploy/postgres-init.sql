-- Journal Craft: one database per service, for the docker-compose stack.
--
-- The postgres image runs this once, as POSTGRES_USER, when the data volume is empty
-- (docker compose down -v to start over). Each service owns its database and runs its own
-- migrations in it (`journalcraft migrate --target auth,user,journal,export`); no service reads
-- another's.
--
-- The databases are owned by the compose superuser for simplicity. In production give
-- each service its own role that owns only its own database.

CREATE DATABASE auth;

-- "user" is a reserved word in PostgreSQL, so the name is quoted.
CREATE DATABASE "user";

CREATE DATABASE journal;

CREATE DATABASE export;
