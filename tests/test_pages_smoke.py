"""Every page runs in Thai and in English without an exception."""

from __future__ import annotations

import pytest

from analytics.auth import page_permission
from tests.conftest import ROOT, run_app

ALL = sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))


@pytest.mark.usefixtures("app_env")
@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("page", ALL)
def test_page_runs(page: str, lang: str) -> None:
    # Dashboards as the demo viewer; upload, admin and audit need a role: as an administrator.
    user = None if page_permission(page) == "view" else "admin"
    at = run_app(page, lang, {"org": "DPIM", "year": "2568", "round": "12"}, user=user)
    assert not at.exception, at.exception
    # app.py ran with the page, as under `streamlit run`: the sidebar is there, on the selection.
    assert at.sidebar.selectbox(key="sb_org").value == "DPIM"
