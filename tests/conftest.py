"""Shared fixtures: real DuckDB files built from the one schema, never a mocked connection."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from analytics import auth
from analytics.demo import ensure_demo_analyst, load_demo
from analytics.devservers import PostgresServer, postgres_server
from analytics.store import Store

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"

# Accounts in the demo database, by the name tests use: (e-mail, role, orgs, source). Local ones have
# TEST_PASSWORD, except the demo analyst, whose password is the public demo one.
TEST_PASSWORD = "test-password-2568"
ACCOUNTS: dict[str, tuple[str, str, tuple[str, ...], str]] = {
    "viewer": ("viewer@test.pramern", auth.VIEWER, (), auth.LOCAL),
    "analyst": (auth.DEMO_ANALYST_EMAIL, auth.ANALYST, (), auth.LOCAL),  # signs in only in demo mode
    "local_analyst": ("analyst@test.pramern", auth.ANALYST, (), auth.LOCAL),
    "dlpw_analyst": ("dlpw.analyst@test.pramern", auth.ANALYST, ("DLPW",), auth.LOCAL),
    "admin": ("admin@test.pramern", auth.ADMIN, (), auth.LOCAL),
    "oidc_viewer": ("executive@test.pramern", auth.VIEWER, (), auth.OIDC),
    "oidc_analyst": ("planner@test.pramern", auth.ANALYST, (), auth.OIDC),
    "oidc_admin": ("it.admin@test.pramern", auth.ADMIN, (), auth.OIDC),
}


def password_of(name: str) -> str:
    return auth.DEMO_ANALYST_PASSWORD if ACCOUNTS[name][0] == auth.DEMO_ANALYST_EMAIL else TEST_PASSWORD


def account_user(name: str) -> auth.User:
    """The auth.User of a test account, as signing in would give it."""
    email, role, orgs, source = ACCOUNTS[name]
    return auth.User(email, role, orgs, source)


def add_test_accounts(s: Store) -> None:
    ensure_demo_analyst(s)
    for email, role, orgs, source in ACCOUNTS.values():
        if s.account(email) is None:
            s.add_user(auth.SYSTEM, email, role, orgs, TEST_PASSWORD if source == auth.LOCAL else None, source)


# Engines a test module runs its store fixtures on: a module sets ENGINES = BOTH_ENGINES to run every
# test that uses store, orgs_store or demo_store on DuckDB and on PostgreSQL, with the same expectations.
BOTH_ENGINES = ("duckdb", "postgres")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    engines = getattr(metafunc.module, "ENGINES", None)
    if engines and "engine" in metafunc.fixturenames:
        metafunc.parametrize("engine", engines, indirect=True)


@pytest.fixture(scope="session", autouse=True)
def _originals_in_a_temp_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Stores on PostgreSQL keep imported files under PRAMERN_FILES_DIR: a temporary folder, not data/."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PRAMERN_FILES_DIR", str(tmp_path_factory.mktemp("originals")))
        yield


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """duckdb, or postgres in modules that set ENGINES = BOTH_ENGINES."""
    return str(getattr(request, "param", "duckdb"))


def db_target(s: Store) -> str:
    """What --db / PRAMERN_DB take to open this store again (a file path or the test database's URL)."""
    return str(s.target)


@pytest.fixture
def store(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Store]:
    """An empty store: a temporary DuckDB file, or a fresh PostgreSQL database."""
    target = request.getfixturevalue("pg_database") if engine == "postgres" else tmp_path / "test.duckdb"
    s = Store(target)
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the demo data and the test accounts, built once per test session; copy it before changing it."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    s = Store(path)
    load_demo(s)
    add_test_accounts(s)
    s.close()
    return path


@pytest.fixture(scope="session")
def pg_demo_template(pg_server: PostgresServer) -> str:
    """The demo database on PostgreSQL, built once per session as a template (CREATE DATABASE copies it)."""
    name = pg_server.create_database()
    s = Store(pg_server.url(name))
    load_demo(s)
    add_test_accounts(s)
    s.close()
    return name


@pytest.fixture
def demo_store(engine: str, demo_db_file: Path, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Store]:
    """A private copy of the demo database (a copied file, or a database made from the template)."""
    if engine == "postgres":
        server: PostgresServer = request.getfixturevalue("pg_server")
        with server.database(template=request.getfixturevalue("pg_demo_template")) as url:
            s = Store(url)
            yield s
            s.close()
        return
    target = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_file, target)
    s = Store(target)
    yield s
    s.close()


@pytest.fixture
def orgs_store(store: Store) -> Store:
    """An empty store that knows the demo organisations."""
    from analytics.importing import import_file
    path = ROOT / "data" / "demo" / "01_orgs.csv"
    import_file(store, path.read_bytes(), path.name, auth.SYSTEM)
    return store


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """A throw-away PostgreSQL (Debian's package, `make system` installs it) for the whole session:
    started on first use, on a free loopback port, stopped and removed when the session ends."""
    with postgres_server() as server:
        yield server


@pytest.fixture
def pg_database(pg_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty database on pg_server for one test: its postgresql:// URL (the superuser's);
    dropped afterwards. pg_server.database(template=NAME) gives a copy of a prepared one instead."""
    with pg_server.database() as url:
        yield url


APP = str(ROOT / "app.py")


@pytest.fixture
def app_env(demo_db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app at a private copy of the demo database, with 'today' pinned, in demo mode.

    Demo mode lets the dashboards run without signing in; pages that need a role sign in through
    run_app(user=...). Tests of the sign-in itself unset PRAMERN_DEMO.
    """
    target = tmp_path / "app.duckdb"
    shutil.copy(demo_db_file, target)
    monkeypatch.setenv("PRAMERN_DB", str(target))
    monkeypatch.setenv("PRAMERN_TODAY", "2026-11-20")
    monkeypatch.setenv("PRAMERN_DEMO", "1")
    monkeypatch.setenv("PRAMERN_WARM_EXPORTS", "0")  # exports start their browser on first use here
    monkeypatch.delenv("PRAMERN_IDLE_MINUTES", raising=False)
    every_run_runs_app_py(monkeypatch)
    return target


def every_run_runs_app_py(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make AppTest run app.py (sign-in gate, sidebar, menu) on every run, as `streamlit run` does.

    With a pages/ folder beside app.py, AppTest otherwise runs a switched-to page on its own
    (Streamlit's old multipage mode), skipping app.py. st.navigation turns that mode off in the
    real app; this does the same when AppTest opens its PagesManager (as analytics/bench.py does).
    """
    from streamlit.runtime.pages_manager import PagesManager
    opened = PagesManager.__init__

    def open_without_pages_folder(self: PagesManager, *args: Any, **kwargs: Any) -> None:
        opened(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", open_without_pages_folder)


def sign_in(at, name: str, password: str | None = None):  # type: ignore[no-untyped-def]
    """Fill the sign-in form (the page's, or the sidebar's in demo mode) as a test account and submit it."""
    at.text_input(key="auth_email").input(ACCOUNTS[name][0])
    at.text_input(key="auth_password").input(password if password is not None else password_of(name))
    at.button(key="auth_submit").click().run()
    return at


def run_app(page: str | None = None, lang: str = "th", params: dict[str, str] | None = None,
            timeout: float = 60, user: str | None = None):  # type: ignore[no-untyped-def]
    """Run app.py in AppTest, optionally signed in as a test account (ACCOUNTS) and on one page."""
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(APP, default_timeout=timeout)
    for k, v in {"lang": lang, **(params or {})}.items():
        at.query_params[k] = v
    at.run()
    if user is not None:
        sign_in(at, user)
        signed = at.session_state["auth_user"] if "auth_user" in at.session_state else None
        assert signed is not None and signed.email == ACCOUNTS[user][0], [e.value for e in at.error]
    if page is not None:
        at.switch_page(page)
        at.run()
    return at


def page_infos(at) -> list[str]:  # type: ignore[no-untyped-def]
    """The st.info texts of a run without the demo-mode banner app.py shows above every page."""
    from analytics.i18n import t
    banners = {t("auth.demo_banner", lang, email=auth.DEMO_ANALYST_EMAIL, password=auth.DEMO_ANALYST_PASSWORD)
               for lang in ("th", "en")}
    return [i.value for i in at.info if i.value not in banners]


def metrics(at) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Every st.metric on the page, label -> value as shown."""
    return {m.label: m.value for m in at.metric}
