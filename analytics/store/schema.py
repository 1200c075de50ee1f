"""The one schema definition shared by the app, the CLI and the tests, with its migrations.

Each data row knows its batch (batch_id) and, once a later batch replaces it, that batch
(replaced_by); current data is every row whose replaced_by is NULL.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

# Kind -> the tables its rows land in.
KIND_TABLES: dict[str, tuple[str, ...]] = {
    "orgs": ("orgs",),
    "kpi": ("kpis", "kpi_results"),
    "ita": ("ita_indicators", "ita_questions"),
    "ita_summary": ("ita_summaries",),
    "actions": ("actions",),
    "cycle": ("cycle_steps",),
}
# Kind -> the columns that name what a new file of that kind replaces.
KIND_SCOPE: dict[str, tuple[str, ...]] = {
    "orgs": ("org_code",),
    "kpi": ("org_code", "fiscal_year"),
    "ita": ("org_code", "fiscal_year"),
    "ita_summary": ("org_code", "fiscal_year"),
    "actions": ("org_code", "fiscal_year", "source"),
    "cycle": ("org_code", "fiscal_year"),
}
DATA_TABLES: tuple[str, ...] = tuple(t for ts in KIND_TABLES.values() for t in ts)

_V1 = """
CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE SEQUENCE batch_ids START 1;
CREATE SEQUENCE action_ids START 1;
CREATE TABLE batches (
    batch_id INTEGER PRIMARY KEY, kind VARCHAR NOT NULL, file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL, rows INTEGER NOT NULL, actor VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL, status VARCHAR NOT NULL DEFAULT 'active',
    undone_at TIMESTAMP, undone_by VARCHAR, scope VARCHAR, stored_file VARCHAR);
CREATE TABLE orgs (
    org_code VARCHAR NOT NULL, abbr_th VARCHAR, name_th VARCHAR NOT NULL, name_en VARCHAR,
    ministry VARCHAR, org_group VARCHAR, batch_id INTEGER NOT NULL, replaced_by INTEGER);
CREATE TABLE kpis (
    org_code VARCHAR NOT NULL, fiscal_year INTEGER NOT NULL, dimension VARCHAR NOT NULL,
    dimension_name VARCHAR, dimension_weight DOUBLE PRECISION, kpi_code VARCHAR NOT NULL,
    kpi_name VARCHAR NOT NULL, kpi_type VARCHAR, weight DOUBLE PRECISION NOT NULL, unit VARCHAR,
    direction VARCHAR NOT NULL, scheme VARCHAR NOT NULL, c1 DOUBLE PRECISION NOT NULL, c2 DOUBLE PRECISION NOT NULL,
    c3 DOUBLE PRECISION NOT NULL, c4 DOUBLE PRECISION, c5 DOUBLE PRECISION, prev_result_1 DOUBLE PRECISION, prev_result_2 DOUBLE PRECISION,
    status VARCHAR NOT NULL, owner VARCHAR, seq INTEGER NOT NULL,
    batch_id INTEGER NOT NULL, replaced_by INTEGER);
CREATE TABLE kpi_results (
    org_code VARCHAR NOT NULL, fiscal_year INTEGER NOT NULL, kpi_code VARCHAR NOT NULL,
    round INTEGER NOT NULL, result DOUBLE PRECISION NOT NULL, batch_id INTEGER NOT NULL, replaced_by INTEGER);
CREATE TABLE ita_indicators (
    org_code VARCHAR NOT NULL, fiscal_year INTEGER NOT NULL, indicator_no INTEGER NOT NULL,
    tool VARCHAR NOT NULL, score DOUBLE PRECISION NOT NULL, batch_id INTEGER NOT NULL, replaced_by INTEGER);
CREATE TABLE ita_questions (
    org_code VARCHAR NOT NULL, fiscal_year INTEGER NOT NULL, indicator_no INTEGER NOT NULL,
    tool VARCHAR NOT NULL, question_code VARCHAR NOT NULL, question_text VARCHAR,
    score DOUBLE PRECISION NOT NULL, recommendation VARCHAR, analysis_label VARCHAR, seq INTEGER NOT NULL,
    batch_id INTEGER NOT NULL, replaced_by INTEGER);
CREATE TABLE ita_summaries (
    org_code VARCHAR NOT NULL, fiscal_year INTEGER NOT NULL, overall DOUBLE PRECISION NOT NULL,
    rank_ministry INTEGER, ministry_size INTEGER, rank_group INTEGER, group_size INTEGER,
    batch_id INTEGER NOT NULL, replaced_by INTEGER);
CREATE TABLE actions (
    action_id INTEGER NOT NULL, org_code VARCHAR NOT NULL, fiscal_year INTEGER NOT NULL,
    source VARCHAR NOT NULL, ref VARCHAR NOT NULL, level VARCHAR, assessor_result VARCHAR,
    assessor_reason VARCHAR, action_no VARCHAR, action VARCHAR NOT NULL, owner_main VARCHAR,
    owner_support VARCHAR, start_date DATE, due_date DATE, quarters VARCHAR,
    status VARCHAR NOT NULL, progress DOUBLE PRECISION, note VARCHAR, seq INTEGER NOT NULL,
    batch_id INTEGER NOT NULL, replaced_by INTEGER);
CREATE TABLE cycle_steps (
    org_code VARCHAR NOT NULL, fiscal_year INTEGER NOT NULL, step_no INTEGER NOT NULL,
    step_name VARCHAR, standard_days INTEGER NOT NULL, started DATE, finished DATE,
    batch_id INTEGER NOT NULL, replaced_by INTEGER);
"""

_V2 = """
CREATE TABLE settings (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL, updated_at TIMESTAMP);
"""

# Accounts (local passwords or OIDC e-mails; orgs is a comma-separated list of org codes, empty
# for all) and the audit trail, which the database itself keeps append-only (the triggers below).
_V3 = """
CREATE TABLE users (
    email VARCHAR PRIMARY KEY, role VARCHAR NOT NULL, orgs VARCHAR NOT NULL DEFAULT '',
    password_hash VARCHAR, source VARCHAR NOT NULL DEFAULT 'local', failed_count INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP, disabled BOOLEAN NOT NULL DEFAULT false, created_at TIMESTAMP NOT NULL,
    created_by VARCHAR NOT NULL);
CREATE SEQUENCE audit_ids START 1;
CREATE TABLE audit_log (
    id BIGINT PRIMARY KEY, "at" TIMESTAMP NOT NULL, actor VARCHAR NOT NULL, action VARCHAR NOT NULL,
    object VARCHAR, detail VARCHAR, batch_id INTEGER);
"""
# DuckDB 2.0 runs statement-level AFTER triggers, which here refuse any UPDATE or DELETE (TRUNCATE
# included) of audit rows. The trigger bodies must write to another table; error() fails before meta
# is touched.
_V3_DUCKDB = """
CREATE TRIGGER audit_log_no_update AFTER UPDATE ON audit_log FOR EACH STATEMENT
    INSERT INTO meta SELECT 'audit_log', error('The audit trail can only be appended to: audit rows cannot be changed.');
CREATE TRIGGER audit_log_no_delete AFTER DELETE ON audit_log FOR EACH STATEMENT
    INSERT INTO meta SELECT 'audit_log', error('The audit trail can only be appended to: audit rows cannot be deleted.');
"""
# PostgreSQL: BEFORE triggers refuse UPDATE, DELETE and TRUNCATE from any role, the owner's included
# (only dropping the trigger, which needs the owner, gets past them; the app's role is not the owner,
# see `migrate --app-role`).
_V3_POSTGRESQL = """
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    RAISE EXCEPTION 'The audit trail can only be appended to: audit rows cannot be %.',
        CASE TG_OP WHEN 'UPDATE' THEN 'changed' ELSE 'deleted' END
        USING ERRCODE = 'insufficient_privilege';
END
$body$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
"""

# The indexes the pages and undo need on PostgreSQL (partial: current rows only). DuckDB scans its
# column segments with min/max zone maps instead and stays without them (indexes would slow its
# bulk inserts).
_V5_POSTGRESQL = """
CREATE INDEX orgs_current ON orgs (org_code) WHERE replaced_by IS NULL;
CREATE INDEX kpis_current ON kpis (org_code, fiscal_year) WHERE replaced_by IS NULL;
CREATE INDEX kpis_year ON kpis (fiscal_year) WHERE replaced_by IS NULL;
CREATE INDEX kpi_results_current ON kpi_results (org_code, fiscal_year, kpi_code, round) WHERE replaced_by IS NULL;
CREATE INDEX ita_indicators_current ON ita_indicators (org_code, fiscal_year) WHERE replaced_by IS NULL;
CREATE INDEX ita_questions_current ON ita_questions (org_code, fiscal_year) WHERE replaced_by IS NULL;
CREATE INDEX ita_summaries_current ON ita_summaries (org_code, fiscal_year) WHERE replaced_by IS NULL;
CREATE INDEX ita_summaries_year ON ita_summaries (fiscal_year) WHERE replaced_by IS NULL;
CREATE INDEX actions_current ON actions (org_code, fiscal_year) WHERE replaced_by IS NULL;
CREATE INDEX actions_id ON actions (action_id) WHERE replaced_by IS NULL;
CREATE INDEX cycle_steps_current ON cycle_steps (org_code, fiscal_year) WHERE replaced_by IS NULL;
CREATE INDEX orgs_batch ON orgs (batch_id);
CREATE INDEX kpis_batch ON kpis (batch_id);
CREATE INDEX kpi_results_batch ON kpi_results (batch_id);
CREATE INDEX ita_indicators_batch ON ita_indicators (batch_id);
CREATE INDEX ita_questions_batch ON ita_questions (batch_id);
CREATE INDEX ita_summaries_batch ON ita_summaries (batch_id);
CREATE INDEX actions_batch ON actions (batch_id);
CREATE INDEX cycle_steps_batch ON cycle_steps (batch_id);
CREATE INDEX orgs_replaced ON orgs (replaced_by) WHERE replaced_by IS NOT NULL;
CREATE INDEX kpis_replaced ON kpis (replaced_by) WHERE replaced_by IS NOT NULL;
CREATE INDEX kpi_results_replaced ON kpi_results (replaced_by) WHERE replaced_by IS NOT NULL;
CREATE INDEX ita_indicators_replaced ON ita_indicators (replaced_by) WHERE replaced_by IS NOT NULL;
CREATE INDEX ita_questions_replaced ON ita_questions (replaced_by) WHERE replaced_by IS NOT NULL;
CREATE INDEX ita_summaries_replaced ON ita_summaries (replaced_by) WHERE replaced_by IS NOT NULL;
CREATE INDEX actions_replaced ON actions (replaced_by) WHERE replaced_by IS NOT NULL;
CREATE INDEX cycle_steps_replaced ON cycle_steps (replaced_by) WHERE replaced_by IS NOT NULL;
CREATE INDEX batches_sha ON batches (sha256);
CREATE INDEX audit_log_at ON audit_log ("at");
CREATE INDEX audit_log_actor ON audit_log (actor);
"""


class Migration(NamedTuple):
    """One step of the history: SQL both engines run, then what only one of them runs (by Dialect.name)."""

    version: int
    common: str
    engine: Mapping[str, str] = MappingProxyType({})

    def statements(self, engine: str) -> str:
        return self.common + self.engine.get(engine, "")


# Seed 004 and seed 000 read right, and the government's calendar: an ITA question may have no published
# score (kept with its text, left out of bands and means); an evaluation-cycle step may be recorded more
# than once (pass_no: sent back and done again) and with an outcome ('sent_back' for ไม่เห็นชอบ,
# 'not_applicable' for a step marked ถ้ามี that was not needed); an administrator's changes to the days
# off of the `holidays` package ('add' a cabinet's special day, 'remove' a package day).
_V4 = """
ALTER TABLE ita_questions ALTER COLUMN score DROP NOT NULL;
ALTER TABLE cycle_steps ADD COLUMN pass_no INTEGER DEFAULT 1;
ALTER TABLE cycle_steps ADD COLUMN outcome VARCHAR;
CREATE TABLE days_off_changes (
    day DATE PRIMARY KEY, change VARCHAR NOT NULL, name VARCHAR, changed_at TIMESTAMP NOT NULL,
    changed_by VARCHAR NOT NULL);
"""

# A tamper-evident audit trail and sign-in slowing per client address. Each event gets its place
# in the chain (seq) and a hash over the previous event's hash and its own content; audit_chain
# holds the newest (seq, hash), so removing the last events shows too. The step after this DDL
# (AuditStore._chain_existing_events, MIGRATION_STEPS) hashes the events already there.
# sign_in_clients counts the failed sign-ins per client address (auth.CLIENT_STEPS).
_V6 = """
ALTER TABLE audit_log ADD COLUMN seq BIGINT;
ALTER TABLE audit_log ADD COLUMN hash VARCHAR;
CREATE TABLE audit_chain (id INTEGER PRIMARY KEY, seq BIGINT NOT NULL, hash VARCHAR NOT NULL);
CREATE TABLE sign_in_clients (
    address VARCHAR PRIMARY KEY, failures INTEGER NOT NULL DEFAULT 0, window_start TIMESTAMP NOT NULL,
    next_allowed TIMESTAMP);
"""

# PostgreSQL keeps the originals of imported files in the database, written in the import's transaction:
# every replica behind the load balancer serves and restores them, and pg_dump backs them up with the
# rest. (A DuckDB file is one server's: its originals stay files beside it, see importing/originals.py.)
# The step after this DDL (OriginalStore._originals_from_files, MIGRATION_STEPS) brings in the originals
# an earlier Pramern kept as files.
_V7_POSTGRESQL = """
CREATE TABLE originals (
    stored_file VARCHAR PRIMARY KEY, sha256 VARCHAR NOT NULL, size BIGINT NOT NULL, content BYTEA NOT NULL,
    kept_at TIMESTAMP NOT NULL);
"""

# Each entry takes a file from the version before it to its own; never edit one that shipped.
# Append a new Migration at the end (renumber yours at rebase if someone landed the same number).
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, _V1),
    Migration(2, _V2),
    Migration(3, _V3, {"duckdb": _V3_DUCKDB, "postgresql": _V3_POSTGRESQL}),
    Migration(4, _V4),
    Migration(5, "", {"postgresql": _V5_POSTGRESQL}),
    Migration(6, _V6),
    Migration(7, "", {"postgresql": _V7_POSTGRESQL}),
)
# Migrations that also need Python after their SQL: version -> the store method that does it, in the
# same transaction.
MIGRATION_STEPS: dict[int, str] = {6: "_chain_existing_events", 7: "_originals_from_files"}
SCHEMA_VERSION = MIGRATIONS[-1].version
