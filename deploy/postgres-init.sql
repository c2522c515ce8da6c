-- Prefect's own database and role beside arshjul's (run once by the postgres image).
CREATE ROLE prefect LOGIN PASSWORD 'change-me';
CREATE DATABASE prefect OWNER prefect;
