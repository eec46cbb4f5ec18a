#!/usr/bin/env bash
# One database and one login role per bounded context (ARCHITECTURE.md §5), each role with rights
# on its own database only. Run once by the postgres image (/docker-entrypoint-initdb.d) on an
# empty volume, as the superuser (POSTGRES_USER, password POSTGRES_PASSWORD). The password of
# context <ctx> comes from POSTGRES_<CTX>_PASSWORD; a missing one stops the init (no defaults).
# Each context's service applies its own migrations at start-up, as its own role (it owns its
# database, hence its tables). e2e/docker-compose.test.ts runs this script against a real cluster.
set -euo pipefail

CONTEXTS=(identity profiles posts social comments reactions notifications feed media moderation)

for ctx in "${CONTEXTS[@]}"; do
  var="POSTGRES_${ctx^^}_PASSWORD"
  password="${!var:-}"
  if [ -z "$password" ]; then
    echo "init-roles: $var is not set" >&2
    exit 1
  fi
  # psql variables (:"ident", :'literal') quote the names and the password, whatever they contain.
  psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
    -v role="$ctx" -v db="agora_$ctx" -v password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
CREATE DATABASE :"db" OWNER :"role";
-- Nobody but the owner (and the superuser) may connect, create schemas or temporary tables.
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
SQL
  echo "init-roles: database agora_$ctx for role $ctx"
done
