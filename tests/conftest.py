"""Shared fixtures: real DuckDB files built from the one schema, never a mocked connection."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from analytics.demo import load_demo
from analytics.store import Store

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty store in a temporary file."""
    s = Store(tmp_path / "test.duckdb")
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the demo data, built once per test session; copy it before changing it."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    s = Store(path)
    load_demo(s)
    s.close()
    return path


@pytest.fixture
def demo_store(demo_db_file: Path, tmp_path: Path) -> Iterator[Store]:
    """A private copy of the demo database."""
    target = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_file, target)
    s = Store(target)
    yield s
    s.close()


@pytest.fixture
def orgs_store(store: Store) -> Store:
    """An empty store that knows the demo organisations."""
    from analytics.importers import import_file
    path = ROOT / "data" / "demo" / "01_orgs.csv"
    import_file(store, path.read_bytes(), path.name, "test")
    return store


APP = str(ROOT / "app.py")


@pytest.fixture
def app_env(demo_db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app at a private copy of the demo database, with 'today' pinned."""
    target = tmp_path / "app.duckdb"
    shutil.copy(demo_db_file, target)
    monkeypatch.setenv("PRAMERN_DB", str(target))
    monkeypatch.setenv("PRAMERN_TODAY", "2026-11-20")
    return target


def run_app(page: str | None = None, lang: str = "th", params: dict[str, str] | None = None,
            timeout: float = 60):  # type: ignore[no-untyped-def]
    """Run app.py in AppTest, optionally on one page (a path under pages/), and return it."""
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(APP, default_timeout=timeout)
    for k, v in {"lang": lang, **(params or {})}.items():
        at.query_params[k] = v
    at.run()
    if page is not None:
        at.switch_page(page)
        at.run()
    return at
