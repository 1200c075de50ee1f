"""Every page runs in Thai and in English without an exception, and shows the same on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest

from analytics.auth import page_permission
from tests.conftest import ROOT, metrics, run_app

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


@pytest.fixture
def pg_demo_url(pg_server, pg_demo_template) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A copy of the demo database on PostgreSQL, as app_env's file is on DuckDB; the app's store on it closed after."""
    with pg_server.database(template=pg_demo_template) as url:
        yield url
        from ui.common import _open_store
        _open_store(url).close()
        _open_store.clear()


@pytest.mark.usefixtures("app_env")
@pytest.mark.parametrize("page", ALL)
def test_page_shows_the_same_on_postgres(page: str, pg_demo_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each page on the demo data in PostgreSQL shows what it shows on DuckDB: its metrics, its tables, its
    notes, without an exception."""
    user = None if page_permission(page) == "view" else "admin"
    params = {"org": "DPIM", "year": "2568", "round": "12"}
    duck = run_app(page, "th", params, user=user)
    monkeypatch.setenv("PRAMERN_DB", pg_demo_url)
    pg = run_app(page, "th", params, user=user)
    assert not pg.exception, pg.exception
    assert metrics(pg) == metrics(duck)
    assert [i.value for i in pg.info] == [i.value for i in duck.info]
    assert [w.value for w in pg.warning] == [w.value for w in duck.warning]
    assert len(pg.dataframe) == len(duck.dataframe)
    for ours, theirs in zip(pg.dataframe, duck.dataframe, strict=True):
        left, right = ours.value, theirs.value
        assert list(left.columns) == list(right.columns)
        pd.testing.assert_frame_equal(_without_clock(left), _without_clock(right))


def _without_clock(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame without the columns that hold when this run's databases were built (imports, sign-ins)."""
    def clock(column: pd.Series) -> bool:
        if pd.api.types.is_datetime64_any_dtype(column.dtype):
            return True
        text = column.dropna().astype(str)
        return bool(len(text)) and bool(text.str.contains(r"\d\d:\d\d", regex=True).all())
    return frame[[c for c in frame.columns if not clock(frame[c])]].reset_index(drop=True)
