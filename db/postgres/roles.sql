-- The roles and the database of Marelle on a PostgreSQL server
-- (docs/architecture.md, « PostgreSQL »; README, server mode). Run once, as a
-- superuser (the postgres account), before the first migration:
--
--   psql -v db=marelle -f db/postgres/roles.sql
--
-- - marelle_owner owns the database and its schema: the administrator
--   migrates with it (marelle --db postgres://marelle_owner@serveur/marelle
--   migrate), and runs with it what may rewrite the audit log (retention
--   apply, demo data);
-- - marelle_app is the desktops' and web host's role: it reads and writes
--   the records, and only adds to the audit log (app-grants.sql, after each
--   migration), and cannot change the schema.
--
-- Passwords are set apart, never in this file: \password marelle_owner,
-- \password marelle_app. Running it again changes nothing.
\set ON_ERROR_STOP on
\if :{?db}
\else
  \set db marelle
\endif

SELECT 'CREATE ROLE marelle_owner LOGIN'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'marelle_owner') \gexec
SELECT 'CREATE ROLE marelle_app LOGIN'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'marelle_app') \gexec
SELECT format('CREATE DATABASE %I OWNER marelle_owner ENCODING ''UTF8'' TEMPLATE template0', :'db')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec

\connect :"db"
ALTER SCHEMA public OWNER TO marelle_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO marelle_app;
REVOKE CREATE ON DATABASE :"db" FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE marelle_owner IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO marelle_app;
ALTER DEFAULT PRIVILEGES FOR ROLE marelle_owner IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO marelle_app;
