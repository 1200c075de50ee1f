"""The one schema definition shared by the app, the CLI and the tests, with its migrations.

Each data row knows its batch (batch_id) and, once a later batch replaces it, that batch
(replaced_by); current data is every row whose replaced_by is NULL.
"""

from __future__ import annotations

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
    dimension_name VARCHAR, dimension_weight DOUBLE, kpi_code VARCHAR NOT NULL,
    kpi_name VARCHAR NOT NULL, kpi_type VARCHAR, weight DOUBLE NOT NULL, unit VARCHAR,
    direction VARCHAR NOT NULL, scheme VARCHAR NOT NULL, c1 DOUBLE NOT NULL, c2 DOUBLE NOT NULL,
    c3 DOUBLE NOT NULL, c4 DOUBLE, c5 DOUBLE, prev_result_1 DOUBLE, prev_result_2 DOUBLE,
    status VARCHAR NOT NULL, owner VARCHAR, seq INTEGER NOT NULL,
    batch_id INTEGER NOT NULL, replaced_by INTEGER);
CREATE TABLE kpi_results (
    org_code VARCHAR NOT NULL, fiscal_year INTEGER NOT NULL, kpi_code VARCHAR NOT NULL,
    round INTEGER NOT NULL, result DOUBLE NOT NULL, batch_id INTEGER NOT NULL, replaced_by INTEGER);
CREATE TABLE ita_indicators (
    org_code VARCHAR NOT NULL, fiscal_year INTEGER NOT NULL, indicator_no INTEGER NOT NULL,
    tool VARCHAR NOT NULL, score DOUBLE NOT NULL, batch_id INTEGER NOT NULL, replaced_by INTEGER);
CREATE TABLE ita_questions (
    org_code VARCHAR NOT NULL, fiscal_year INTEGER NOT NULL, indicator_no INTEGER NOT NULL,
    tool VARCHAR NOT NULL, question_code VARCHAR NOT NULL, question_text VARCHAR,
    score DOUBLE NOT NULL, recommendation VARCHAR, analysis_label VARCHAR, seq INTEGER NOT NULL,
    batch_id INTEGER NOT NULL, replaced_by INTEGER);
CREATE TABLE ita_summaries (
    org_code VARCHAR NOT NULL, fiscal_year INTEGER NOT NULL, overall DOUBLE NOT NULL,
    rank_ministry INTEGER, ministry_size INTEGER, rank_group INTEGER, group_size INTEGER,
    batch_id INTEGER NOT NULL, replaced_by INTEGER);
CREATE TABLE actions (
    action_id INTEGER NOT NULL, org_code VARCHAR NOT NULL, fiscal_year INTEGER NOT NULL,
    source VARCHAR NOT NULL, ref VARCHAR NOT NULL, level VARCHAR, assessor_result VARCHAR,
    assessor_reason VARCHAR, action_no VARCHAR, action VARCHAR NOT NULL, owner_main VARCHAR,
    owner_support VARCHAR, start_date DATE, due_date DATE, quarters VARCHAR,
    status VARCHAR NOT NULL, progress DOUBLE, note VARCHAR, seq INTEGER NOT NULL,
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
# for all) and the audit trail. DuckDB 2.0 runs statement-level AFTER triggers, which here refuse
# any UPDATE or DELETE (TRUNCATE included) of audit rows: the trail can only be appended to. The
# trigger bodies must write to another table; error() fails before meta is touched.
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
CREATE TRIGGER audit_log_no_update AFTER UPDATE ON audit_log FOR EACH STATEMENT
    INSERT INTO meta SELECT 'audit_log', error('The audit trail can only be appended to: audit rows cannot be changed.');
CREATE TRIGGER audit_log_no_delete AFTER DELETE ON audit_log FOR EACH STATEMENT
    INSERT INTO meta SELECT 'audit_log', error('The audit trail can only be appended to: audit rows cannot be deleted.');
"""

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

# Each entry takes a file from the version before it to its own; never edit one that shipped.
MIGRATIONS: tuple[tuple[int, str], ...] = ((1, _V1), (2, _V2), (3, _V3), (4, _V4))
SCHEMA_VERSION = MIGRATIONS[-1][0]
