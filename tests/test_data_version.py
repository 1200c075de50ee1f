"""The data version the app's caches are keyed by: it changes with every change the pages show, made
through any handle on the database (another replica, the command line), and only then."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from analytics import auth
from analytics.importing import import_file
from analytics.store import Store
from tests.conftest import ROOT

GOOD = ROOT / "tests" / "data" / "good" / "kpi_dpim_2569.csv"


def test_every_kind_of_change_moves_the_version_seen_by_another_handle(demo_store: Store) -> None:
    other = Store(demo_store.path)  # as another process would open it
    try:
        seen = [demo_store.data_version()]
        assert other.data_version() == seen[-1] and demo_store.data_version() == seen[-1], "stable without changes"

        def changed() -> int:
            now = other.data_version()
            assert now != seen[-1], "a change must move the version"
            assert demo_store.data_version() == now
            seen.append(now)
            return now

        outcome = import_file(demo_store, GOOD.read_bytes(), GOOD.name, auth.SYSTEM, kind="kpi", org="DPIM", year=2570)
        changed()
        demo_store.undo(outcome.batch_id, auth.SYSTEM)
        changed()
        actions = demo_store.actions("DPIM", 2568).head(1)
        edits = actions[["action_id", "status", "progress", "note"]].assign(progress=50.0, note="ครึ่งทาง")
        demo_store.record_action_edits(edits, auth.SYSTEM, "edit", "sha-edit")
        changed()
        day = dt.date(2026, 11, 24)  # a Tuesday, a working day
        demo_store.add_day_off(auth.SYSTEM, day, "วันหยุดพิเศษ")
        changed()
        demo_store.remove_day_off(auth.SYSTEM, day)
        # Back to the same days off as before the addition: the same version is right (what was cached
        # for it was computed on exactly this data); what matters is that it moved from the last one.
        assert changed() == seen[-3]
        assert len(set(seen[:-1])) == len(seen) - 1, "imports, undo and edits each gave a new version"
    finally:
        other.close()


def test_an_empty_database_has_a_version(tmp_path: Path) -> None:
    s = Store(tmp_path / "empty.duckdb")
    try:
        assert isinstance(s.data_version(), int) and s.data_version() == s.data_version()
    finally:
        s.close()
