"""The database unavailable mid-session: a plain message in Thai and English, never a traceback, and
the page back on the next rerun once the database is. Here the embedded file, held by another process
for longer than the store waits; on PostgreSQL a stopped server (tests/e2e/test_multi_server.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analytics.i18n import t
from tests.conftest import metrics, run_app

HOLD = "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(120)"


def _hold(db: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def _errors(at) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.value for e in at.error]


@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_database_that_cannot_be_had_is_said_plainly_and_the_next_rerun_recovers(
        app_env: Path, monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    monkeypatch.setenv("PRAMERN_DB_WAIT", "0.5")
    holder = _hold(app_env)
    try:
        at = run_app(lang=lang)
        assert not at.exception, [e.value for e in at.exception]
        assert t("app.db_unavailable", lang) in _errors(at)
        assert [b.label for b in at.button] == [t("app.db_retry", lang)]
        details = at.expander[0]
        assert details.label == t("app.db_details", lang)
        assert str(app_env) in details.text[0].value, "the administrator learns which database"
    finally:
        holder.kill()
        holder.wait()
    at.button(key="app_db_retry").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert _errors(at) == []
    assert metrics(at), "the overview is back"
