"""No traceback in the browser, the audit page's chain check, and nothing leaked before sign-in."""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from analytics.store import Store
from tests.conftest import APP, ROOT, sign_in


@pytest.fixture
def signed_out_env(app_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("PRAMERN_DEMO")
    return app_env


def admin_app(lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    return sign_in(at.run(), "admin")


def test_streamlit_never_sends_error_details() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


@pytest.mark.parametrize("lang", ["th", "en"])
def test_an_exception_in_a_page_shows_a_reference_not_a_traceback(app_env: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   caplog: pytest.LogCaptureFixture,
                                                                   lang: str) -> None:
    """Any exception a page raises becomes one plain message with a reference id; the log has the detail."""
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("detail for the log only: SELECT secret FROM users")

    monkeypatch.setattr(Store, "years", broken)
    with caplog.at_level(logging.ERROR, logger="pramern.app"):
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["lang"] = lang
        at.run()
    assert not at.exception
    shown = [e.value for e in at.error]
    assert len(shown) == 1
    words = "แจ้งผู้ดูแลระบบพร้อมรหัสอ้างอิง" if lang == "th" else "tell the administrator the reference"
    assert words in shown[0]
    assert "SELECT" not in shown[0] and "Traceback" not in shown[0] and "RuntimeError" not in shown[0]
    ref = shown[0].rstrip(".").split()[-1]
    logged = [r for r in caplog.records if ref in r.getMessage()]
    assert logged and logged[0].exc_info is not None and "SELECT secret" in str(logged[0].exc_info[1])


def test_the_audit_page_says_the_trail_is_intact(signed_out_env: Path) -> None:
    at = admin_app()
    at.switch_page("pages/9_audit.py").run()
    assert not at.exception
    assert any(s.value.startswith("The audit trail is intact:") for s in at.success)


def test_the_audit_page_names_the_first_event_changed(signed_out_env: Path) -> None:
    s = Store(signed_out_env)
    try:
        target = int(s.scalar("SELECT min(id) FROM audit_log WHERE action = 'import'"))
        place = int(s.scalar("SELECT seq FROM audit_log WHERE id = ?", [target]))
    finally:
        s.close()
    con = duckdb.connect(str(signed_out_env))
    con.execute("ALTER TABLE audit_log ALTER COLUMN actor TYPE VARCHAR USING "
                f"CASE WHEN id = {target} THEN 'someone.else@dpim.go.th' ELSE actor END")
    con.close()
    for lang, words in (("en", f"event {target} (place {place} in the chain) no longer matches"),
                        ("th", f"รายการที่ {target} (ลำดับที่ {place} ในสายแฮช)")):
        at = admin_app(lang)
        at.switch_page("pages/9_audit.py").run()
        assert not at.exception
        assert any(words in e.value for e in at.error), [e.value for e in at.error]
