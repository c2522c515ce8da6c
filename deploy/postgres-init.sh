#!/bin/sh
# Prefect's own database and role beside arshjul's, made once by the postgres image on
# its first start (docker-entrypoint-initdb.d), with the password from the environment.
set -eu
psql -v ON_ERROR_STOP=1 -v password="$PREFECT_DB_PASSWORD" \
    --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE prefect LOGIN PASSWORD :'password';
CREATE DATABASE prefect OWNER prefect;
SQL
