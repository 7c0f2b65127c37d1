-- What marelle_app (roles.sql) may do with the tables, once a migration has
-- created them: run after the first migration and after each later one, as
-- marelle_owner or a superuser, on Marelle's database:
--
--   psql -d marelle -f db/postgres/app-grants.sql
--
-- The application reads and writes every table, adds to the audit log but
-- can neither change nor erase it, and leaves the migration history alone.
-- Running it again changes nothing.
\set ON_ERROR_STOP on
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO marelle_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO marelle_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM marelle_app;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM marelle_app;
