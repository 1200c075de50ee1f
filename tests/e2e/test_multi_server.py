"""Many servers: one PostgreSQL, two replicas of the app and nginx with the shipped site config, in Chromium.

The deployment of README "Deploy for many users", in miniature and throw-away (analytics.devservers):
the replicas connect as the app's role (pramern_app, appending to the audit trail only), nginx serves
deploy/nginx/pramern.conf over HTTPS with its sticky route cookie, and every browser request goes
through nginx. Each person is placed on a replica by the route cookie nginx would have given them.
People sign in through the department's identity provider (OIDC, Streamlit's st.login), here a
throw-away one on loopback (tests/e2e/oidc_provider.py), as production does.

- An analyst on replica A imports a KPI file while the command line imports another at the same time;
  a viewer on replica B sees the analyst's import after one rerun, then its undo likewise, and the
  command line's import too. nginx's log shows every request of each browser went to its own replica.
- Sign-in across replicas: a browser starts signing in on A and the provider's answer (the callback)
  reaches B (its route cookie changed in between, as when A is stopped): B finishes the sign-in, and
  downloads the original of the file the analyst imported through A (kept in PostgreSQL, not on A's
  disk). Sent back to A, the same browser is still signed in (the identity cookie is signed with the
  secret both replicas share), without going to the provider again.
- The database server stopped mid-session: the viewer's next rerun says so plainly (no traceback),
  and once the server is back the next rerun shows the page again.

Screenshots: artifacts/e2e/multi_server/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import Error as PlaywrightError
from psycopg import sql

from analytics import auth
from analytics.demo import load_demo
from analytics.devservers import (
    AppServer,
    NginxServer,
    PostgresServer,
    free_port,
    nginx_server,
    postgres_server,
    streamlit_replicas,
)
from analytics.store import Store
from tests.e2e.conftest import ROOT, TODAY, Journey
from tests.e2e.driver import (
    answer_org_and_year,
    choose,
    download,
    go_to,
    heading,
    metric,
    open_app,
    settle,
    sidebar,
    tr,
    tr_pattern,
)
from tests.e2e.oidc_provider import EMAIL_FIELD, SUBMIT, Provider, oidc_provider

pytestmark = pytest.mark.e2e

GOOD = ROOT / "tests" / "data" / "good" / "kpi_dpim_2569.csv"  # an agreement of 4 KPIs; names neither org nor year
ANALYST = ("analyst@multi.pramern", auth.ANALYST)
VIEWER = ("viewer@multi.pramern", auth.VIEWER)
APP_ROLE = "pramern_app"


@dataclass
class Cluster:
    pg: PostgresServer
    db: str  # the replicas' URL: the app's role
    replicas: list[AppServer]
    nginx: NginxServer
    folder: Path
    provider: Provider

    @property
    def url(self) -> str:
        return self.nginx.url

    @property
    def log(self) -> Path:
        """The log a failing walk keeps: the replicas' logs and nginx's error log, together."""
        combined = self.folder / "servers.log"
        parts = [f"==== {r.log.name} ====\n{r.log.read_text(errors='replace')}" for r in self.replicas]
        parts.append(f"==== nginx error.log ====\n{self.nginx.error_log.read_text(errors='replace')}")
        combined.write_text("\n".join(parts), encoding="utf-8")
        return combined


def _prepare(pg: PostgresServer) -> str:
    """A database with the demo data and two accounts (identity-provider sign-in), migrated by the owner;
    the app role's URL."""
    name = pg.create_database()
    owner = Store(pg.url(name))
    try:
        load_demo(owner)
        for email, role in (ANALYST, VIEWER):
            owner.add_user(auth.SYSTEM, email, role, source=auth.OIDC)
        owner.grant_app_role(APP_ROLE)
    finally:
        owner.close()
    secret = "app-" + os.urandom(9).hex()
    with pg.connect() as con:
        con.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(APP_ROLE), sql.Literal(secret)))
    return pg.url(name, user=APP_ROLE, password=secret)


@pytest.fixture(scope="module")
def cluster(artifacts: Path) -> Iterator[Cluster]:
    folder = artifacts / "multi_server"
    folder.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with postgres_server() as pg, oidc_provider() as provider:
        db = _prepare(pg)
        # nginx first: the replicas' [auth] section names its address (redirect_uri), as in production.
        ports = [free_port(), free_port()]
        with nginx_server(ports) as ng:
            secrets_file = folder / "secrets.toml"  # what /opt/pramern/.streamlit/secrets.toml holds, shared
            secrets_file.write_text(provider.secrets_toml(f"{ng.url}/oauth2callback", os.urandom(24).hex()),
                                    encoding="utf-8")
            secrets_file.chmod(0o600)
            # No export browsers warmed in the background: these walks export nothing, and two replicas
            # starting Chromium would only compete with the browser under test for the CPU.
            env = {"PRAMERN_TODAY": TODAY, "PRAMERN_DEMO": "0", "PRAMERN_DB_WAIT": "2", "PRAMERN_WARM_EXPORTS": "0",
                   "STREAMLIT_SECRETS_FILES": str(secrets_file)}
            with streamlit_replicas(2, db, folder, env, ports=ports) as replicas:
                up = Cluster(pg, db, replicas, ng, folder, provider)
                (folder / "timings.txt").write_text("")
                _lap(up, "PostgreSQL, demo data, the identity provider, two replicas and nginx up", started)
                try:
                    yield up
                finally:  # which replica served what, kept for a look after the run
                    shutil.copy(ng.access_log, folder / "nginx-access.log")


def _lap(cluster: Cluster, what: str, since: float) -> float:
    """Note how long a step took in artifacts/e2e/multi_server/timings.txt; the time now."""
    now = time.monotonic()
    with open(cluster.folder / "timings.txt", "a", encoding="utf-8") as log:
        log.write(f"{what}: {now - since:.1f} s\n")
    return now


def _cookie(value: str) -> dict[str, Any]:
    return {"name": "pramern_route", "value": value, "domain": "127.0.0.1", "path": "/", "secure": True,
            "httpOnly": True, "sameSite": "Lax"}


def _sign_in(page: Page, email: str, at_provider: Callable[[], None] = lambda: None) -> None:
    """The sign-in page (outside demo mode nothing else shows before it): the identity provider's button,
    the provider's own page (the e-mail; at_provider runs there, before its answer goes back to the
    app's /oauth2callback through nginx), then the app again, signed in."""
    expect(heading(page)).to_have_text(tr("auth.title"))
    page.get_by_role("button", name=tr("auth.oidc_button"), exact=True).click()
    page.get_by_label(EMAIL_FIELD).fill(email)
    at_provider()
    page.get_by_role("button", name=SUBMIT, exact=True).click()
    page.wait_for_url(re.compile(r"^https://127\.0\.0\.1:\d+/"))
    page.locator('[data-testid="stApp"]').wait_for()
    heading(page).wait_for()
    settle(page)
    expect(heading(page)).not_to_have_text(tr("auth.title"))


def _rerun(page: Page) -> None:
    """One rerun, as a person causes it: open the page they are on again from the menu."""
    go_to(page, tr("nav.overview"))


@pytest.fixture(scope="module")
def walks(browser: Browser, cluster: Cluster) -> Iterator[dict[str, Journey]]:
    """walks["analyst"] on replica A and walks["viewer"] on replica B, each signed in (once for the module's
    tests, which go on from the page the one before left; its page is journey.page). The e2e hooks check
    what their browsers saw and keep FAILED.png on a failure. The last test closes them."""
    a, b = cluster.replicas
    placed: dict[str, Journey] = {}
    started = time.monotonic()
    try:
        for who, (email, _role), replica in (("analyst", ANALYST, a), ("viewer", VIEWER, b)):
            folder = cluster.folder / who
            folder.mkdir(parents=True, exist_ok=True)
            journey = Journey(f"{who} on {replica.url}", folder, browser, cluster)
            placed[who] = journey
            page = journey.open("/", [_cookie(cluster.nginx.route_to(replica.port, who))])
            _sign_in(page, email)
            started = _lap(cluster, f"{who} opened and signed in", started)
        yield placed
    finally:
        for journey in placed.values():
            journey.write_log()
            journey.close()


def _pick_batch(page: Page, batch: int, chosen: Callable[[], bool]) -> None:
    """Choose a batch on the upload page as a person does with the mouse (the box, a few characters, the
    option), until chosen() sees the page show it: on a loaded machine a rerun can redraw the box while it is
    being used, and the choice is then lost."""
    box = page.get_by_test_id("stMain").get_by_role("combobox", name=tr("up.undo_pick"), exact=True)
    for attempt in range(3):
        try:
            box.click(timeout=10_000)
            box.press_sequentially(f"{batch}: ", timeout=10_000)
            page.get_by_role("option", name=re.compile("^" + re.escape(f"{batch}: {GOOD.name} ("))).click(
                timeout=10_000)
            heading(page).click(timeout=10_000)  # leave the box: what is clicked next must not be the blur's rerun
            settle(page)
            if chosen():
                return
        except (AssertionError, PlaywrightError) as exc:
            print(f"choosing batch {batch}, attempt {attempt + 1}: {exc!r}"[:300])
        if attempt == 2:
            raise AssertionError(f"batch {batch} could not be chosen on the upload page")
        page.screenshot(path=str(ROOT / "artifacts" / "e2e" / "multi_server" / f"pick-{batch}-attempt-{attempt + 1}.png"),
                        full_page=True)
        page.keyboard.press("Escape")
        go_to(page, tr("nav.upload"))  # the page afresh, then try again


def _page(journey: Journey) -> Page:
    assert journey.page is not None
    return journey.page


def _route_cookie(page: Page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == "pramern_route")


def _streams(cluster: Cluster) -> list[tuple[int, str]]:
    """(replica port, route cookie) of every WebSocket nginx has logged (it logs one when it closes)."""
    return [(port, route) for line, port, route in cluster.nginx.routes() if " /_stcore/stream " in line]


def test_an_import_and_its_undo_on_one_replica_show_on_the_other(cluster: Cluster, walks: dict[str, Journey],
                                                                  tmp_path: Path) -> None:
    started = time.monotonic()
    a, b = cluster.replicas
    analyst, viewer = walks["analyst"], walks["viewer"]
    av, vp = _page(analyst), _page(viewer)

    # Before: DPIM has no KPI agreement for FY2570 (only its cycle), as the viewer on B sees it.
    choose(vp, sidebar(vp), tr("app.year"), "2570")
    expect(vp.get_by_text(tr("ov.att_missing.kpi_agreement", year=2570, round=12), exact=True)).to_be_visible()
    viewer.shot("B-before")

    # The analyst on A checks a file; the command line imports another organisation's at the same time.
    go_to(av, tr("nav.upload"))
    av.get_by_test_id("stFileUploader").locator('input[type="file"]').set_input_files(GOOD)
    settle(av)
    answer_org_and_year(av, "กพร.", 2570)
    expect(av.get_by_text(tr_pattern("up.valid", rows=".+"))).to_contain_text(
        tr("up.sheet_rows", kind=tr("kind.kpi"), rows="4"))
    other = tmp_path / "kpi_diw_2570.csv"
    other.write_text(GOOD.read_text(encoding="utf-8").replace(",85,95,", ",84,96,"), encoding="utf-8")
    cli = subprocess.Popen([sys.executable, "-m", "analytics", "import", str(other), "--kind", "kpi", "--org", "DIW",
                            "--year", "2570"], cwd=ROOT, env={**os.environ, "PRAMERN_DB": cluster.db},
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    clicked = time.monotonic()
    av.get_by_role("button", name=tr("up.import")).click()
    settle(av)
    imported = av.get_by_text(tr_pattern("up.imported", batch=r"\d+", rows=".+"))
    expect(imported).to_be_visible()
    found = tr_pattern("up.imported", batch=r"\d+", rows=".+").search(imported.inner_text())
    assert found is not None
    batch = int(found.group(1))
    app_done = time.monotonic()
    out, err = cli.communicate(timeout=120)
    cli_done = time.monotonic()
    assert cli.returncode == 0, f"the command-line import failed:\n{out}\n{err}"
    analyst.note(f"app import {app_done - clicked:.1f} s after the click; command line done "
                         f"{cli_done - clicked:.1f} s after it (started just before the click)")

    # The viewer on B: one rerun shows the analyst's import.
    _rerun(vp)
    expect(heading(vp)).to_have_text(tr("ov.heading", year=2570))
    expect(metric(vp, tr("ov.composite"))).to_have_text("92.2500")
    expect(vp.get_by_text(tr("ov.att_missing.kpi_agreement", year=2570, round=12), exact=True)).to_have_count(0)
    viewer.shot("B-after-import-on-A")

    # The analyst undoes it on A; the viewer's next rerun on B shows it gone.
    go_to(av, tr("nav.upload"))
    confirm = av.get_by_text(tr("up.undo_confirm", batch=batch, file=GOOD.name), exact=True)

    def confirm_shown() -> bool:
        try:
            confirm.wait_for(timeout=15_000)
        except Exception:  # noqa: BLE001 - playwright's timeout: not chosen after all
            return False
        return True

    _pick_batch(av, batch, confirm_shown)
    confirm.click()
    undo = av.get_by_role("button", name=tr("up.undo"), exact=True)
    expect(undo).to_be_enabled()
    undo.click()
    settle(av)
    expect(av.get_by_text(tr("up.undone", batch=batch), exact=True)).to_be_visible()
    _rerun(vp)
    expect(vp.get_by_text(tr("ov.att_missing.kpi_agreement", year=2570, round=12), exact=True)).to_be_visible()
    expect(metric(vp, tr("ov.composite"))).to_have_text("–")
    viewer.shot("B-after-undo-on-A")

    # The command line's import landed beside the analyst's, and B shows it too.
    choose(vp, sidebar(vp), tr("app.org"), "กรอ.")
    expect(heading(vp)).to_have_text(tr("ov.heading", year=2570))
    expect(metric(vp, tr("ov.composite"))).not_to_have_text("–")
    expect(vp.get_by_text(tr("ov.att_missing.kpi_agreement", year=2570, round=12), exact=True)).to_have_count(0)
    viewer.shot("B-command-line-import")
    with psycopg.connect(cluster.db) as con:
        kinds = con.execute("SELECT file_name, status, actor FROM batches WHERE batch_id >= %s ORDER BY batch_id",
                            (batch,)).fetchall()
    assert sorted(kinds) == sorted([(GOOD.name, "undone", ANALYST[0]), (other.name, "active", auth.SYSTEM.email)])

    started = _lap(cluster, "import on A, B sees it, undo on A, B sees it, command-line import seen on B", started)

    # Sign-in across replicas: the analyst, in a new browser, starts on A; while at the provider the route
    # cookie moves to B (as when A stops), so the provider's answer reaches B, which finishes the sign-in.
    (cluster.folder / "moved-analyst").mkdir(parents=True, exist_ok=True)
    moved = Journey("analyst moved from A to B", cluster.folder / "moved-analyst", analyst.browser, cluster)
    try:
        on_a, on_b = (cluster.nginx.route_to(r.port, "moved") for r in (a, b))
        mp = moved.open("/", [_cookie(on_a)])
        _sign_in(mp, ANALYST[0], at_provider=lambda: mp.context.add_cookies([_cookie(on_b)]))  # type: ignore[list-item]
        callbacks = [port for line, port, route in cluster.nginx.routes() if " /oauth2callback?" in line]
        logins = [port for line, port, route in cluster.nginx.routes() if " /auth/login?" in line and route == on_a]
        assert callbacks[-1:] == [b.port] and logins[-1:] == [a.port], (callbacks, logins, a.port, b.port)
        assert cluster.provider.issued[-1] == ANALYST[0]
        moved.shot("B-signed-in-after-callback")
        # B serves the original of the file imported through A: PostgreSQL keeps it, not A's disk.
        go_to(mp, tr("nav.upload"))
        # The batch is undone by now: its original is kept (the audit, a download), and no undo is offered.
        got: list[Path] = []

        def original_downloaded() -> bool:  # undone by now, so no undo box: the file's name tells the choice
            try:
                got.append(download(mp, mp.get_by_role("button", name=tr("up.download_original")), moved.folder))
            except Exception as exc:  # noqa: BLE001 - a click that met a rerun: choose and try again
                moved.note(f"download not received: {exc!r}"[:300])
                return False
            return got[-1].name == GOOD.name

        _pick_batch(mp, batch, original_downloaded)
        assert got[-1].read_bytes() == GOOD.read_bytes()
        assert {port for _line, port, route in cluster.nginx.routes() if route == on_b} == {b.port}
        # Back on A (B stopped, say): still signed in, from the identity cookie, with no new visit to the provider.
        issued = len(cluster.provider.issued)
        mp.context.add_cookies([_cookie(on_a)])  # type: ignore[list-item]
        open_app(mp, cluster.url + "/")
        expect(heading(mp)).not_to_have_text(tr("auth.title"))
        expect(sidebar(mp).get_by_text(ANALYST[0])).to_be_visible()
        assert len(cluster.provider.issued) == issued
        assert [port for _line, port, route in cluster.nginx.routes() if route == on_a][-1] == a.port
        moved.shot("A-still-signed-in")
    finally:
        moved.write_log()
        moved.close()
    _lap(cluster, "sign-in finished on the other replica, original from A downloaded on B, back on A", started)


def test_the_database_stopped_mid_session_is_said_plainly_and_the_app_recovers(cluster: Cluster,
                                                                               walks: dict[str, Journey]) -> None:
    started = time.monotonic()
    viewer = walks["viewer"]
    vp = _page(viewer)
    expect(metric(vp, tr("ov.composite"))).to_be_visible()
    cluster.pg.stop()  # as an operator's restart of PostgreSQL: every connection is cut
    try:
        _rerun(vp)
        expect(vp.get_by_text(tr("app.db_unavailable"), exact=True)).to_be_visible()
        expect(vp.get_by_test_id("stException")).to_have_count(0)
        viewer.shot("B-database-down")
        # Still down: trying again says the same, still no traceback.
        vp.get_by_role("button", name=tr("app.db_retry"), exact=True).click()
        settle(vp)
        expect(vp.get_by_text(tr("app.db_unavailable"), exact=True)).to_be_visible()
    finally:
        cluster.pg.start()
    vp.get_by_role("button", name=tr("app.db_retry"), exact=True).click()
    settle(vp)
    expect(metric(vp, tr("ov.composite"))).to_be_visible()
    expect(vp.get_by_text(tr("app.db_unavailable"), exact=True)).to_have_count(0)
    viewer.shot("B-database-back")
    # And the other replica, whose pooled connections were cut as well, serves the analyst again.
    _rerun(_page(walks["analyst"]))
    expect(metric(_page(walks["analyst"]), tr("ov.composite"))).to_be_visible()
    _lap(cluster, "database stopped, message seen on B, database back, B recovered", started)


def test_every_request_of_each_browser_went_to_its_own_replica(cluster: Cluster, walks: dict[str, Journey]) -> None:
    """Sticky sessions: all that the module's two browsers asked for, their WebSockets included, went to the
    replica each was placed on (nginx logs a WebSocket when it closes, so the browsers are closed first)."""
    started = time.monotonic()
    a, b = cluster.replicas
    routes = {who: _route_cookie(_page(walk)) for who, walk in walks.items()}
    for walk in walks.values():
        walk.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len([s for s in _streams(cluster) if s[1] in routes.values()]) < 2:
        time.sleep(0.1)
    served = {who: {port for _line, port, route in cluster.nginx.routes() if route == value}
              for who, value in routes.items()}
    assert served == {"analyst": {a.port}, "viewer": {b.port}}, (served, routes, a.port, b.port)
    streams = [s for s in _streams(cluster) if s[1] in routes.values()]
    assert {(port, route) for port, route in streams} == {(a.port, routes["analyst"]), (b.port, routes["viewer"])}, \
        f"each session's WebSocket went through nginx to its own replica: {streams}, {routes}, {a.port}, {b.port}"
    _lap(cluster, "sticky routes checked", started)
