"""The throw-away servers of analytics.devservers: they start, serve, stop and leave nothing behind.

Real PostgreSQL and nginx from Debian's packages; the replicas behind nginx here are two tiny HTTP
servers in this process that say who they are and echo the headers they got, so the sticky routing
and the WebSocket upgrade headers of the shipped nginx config are checked without starting the app
(the multi-server test in tests/e2e does that with the real app).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psycopg
import pytest

from analytics import devservers
from analytics.devservers import (
    NGINX_SITE,
    PostgresServer,
    nginx_main_config,
    nginx_server,
    nginx_site_config,
    nginx_test,
    postgres_server,
    self_signed_certificate,
)


def _alive(pid: int) -> bool:
    """Whether a process exists and is not a zombie waiting for its parent."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


# -- PostgreSQL ----------------------------------------------------------------------------------
def test_postgres_starts_serves_restarts_and_leaves_nothing() -> None:
    with postgres_server() as pg:
        folder, port = pg.folder, pg.port
        postmaster = int((pg.data / "postmaster.pid").read_text().split()[0])
        family = [postmaster, *_children(postmaster)]
        assert len(family) >= 3, "the postmaster and its background workers"

        with psycopg.connect(pg.url()) as con:
            version = con.execute("SHOW server_version_num").fetchone()
            assert version is not None and int(version[0]) // 10000 == pg.version >= 15
            assert con.execute("SHOW listen_addresses").fetchone() == ("127.0.0.1",)
            assert con.execute("SHOW server_encoding").fetchone() == ("UTF8",)
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            psycopg.connect(pg.url(user=pg.user, password="wrong"), connect_timeout=5)

        with pg.database() as url:
            with psycopg.connect(url) as con:
                con.execute("CREATE TABLE t (name text)")
                con.execute("INSERT INTO t VALUES (%s)", ("ประเมิน",))
            pg.stop()  # as an operator's restart: the clients are cut off, the data stays
            assert not pg.running()
            with pytest.raises(psycopg.OperationalError):
                psycopg.connect(url, connect_timeout=5)
            pg.start()
            with psycopg.connect(url) as con:
                assert con.execute("SELECT name FROM t").fetchall() == [("ประเมิน",)]
            name = url.rsplit("/", 1)[1]
        assert pg.execute("SELECT count(*) FROM pg_database WHERE datname = %s", (name,)) == [(0,)], \
            "the test database is dropped after its test"

    assert not folder.exists()
    assert not devservers.port_open(port)
    assert [pid for pid in family if _alive(pid)] == []


def test_postgres_fresh_database_from_template(pg_server: PostgresServer) -> None:
    template = pg_server.create_database()
    try:
        pg_server.execute("CREATE TABLE prepared (n int)", dbname=template)
        pg_server.execute("INSERT INTO prepared VALUES (1), (2)", dbname=template)
        with pg_server.database(template=template) as first, pg_server.database(template=template) as second:
            with psycopg.connect(first) as con:
                con.execute("INSERT INTO prepared VALUES (3)")
            with psycopg.connect(second) as con:  # each copy is its own
                assert con.execute("SELECT count(*) FROM prepared").fetchone() == (2,)
    finally:
        pg_server.drop_database(template)


def test_pg_database_fixture_is_empty_and_reachable(pg_database: str) -> None:
    with psycopg.connect(pg_database) as con:
        tables = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'").fetchone()
        assert tables == (0,)
        assert con.execute("SELECT inet_server_addr()::text").fetchone() == ("127.0.0.1/32",)


# -- nginx ---------------------------------------------------------------------------------------
def test_shipped_nginx_config_passes_nginx_t_and_the_harness_changes_only_site_lines(tmp_path: Path) -> None:
    """deploy/nginx/pramern.conf with a test machine's ports, name and certificate is valid nginx, and
    rendering it for the harness changes nothing but those lines (so the tests serve the shipped file)."""
    tls = self_signed_certificate(tmp_path)
    rendered = nginx_site_config([18501, 18502, 18503], 18443, 18080, tls)
    site = tmp_path / "pramern.conf"
    site.write_text(rendered)
    main = tmp_path / "nginx.conf"
    main.write_text(nginx_main_config(tmp_path, site))
    checked = nginx_test(main, tmp_path)
    assert checked.returncode == 0, checked.stderr

    shipped = NGINX_SITE.read_text().splitlines()
    ours = rendered.splitlines()
    site_line = re.compile(r"\s*(listen |server 127\.0\.0\.1:|server_name |ssl_certificate(_key)? )")
    assert [line for line in shipped if line not in ours and not site_line.match(line)] == []
    assert [line for line in ours if line not in shipped and not site_line.match(line)] == []
    assert "    server 127.0.0.1:18503 max_fails=3 fail_timeout=10s;" in ours


class _Backend(BaseHTTPRequestHandler):
    """Answers any GET with its replica's name and the request headers it received, as JSON."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        body = json.dumps({"replica": self.server.name,  # type: ignore[attr-defined]
                           "path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def backends() -> Iterator[list[ThreadingHTTPServer]]:
    servers = []
    for name in ("A", "B"):
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Backend)
        server.name = name  # type: ignore[attr-defined]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    yield servers
    for server in servers:
        server.shutdown()
        server.server_close()


def _get(ng: devservers.NginxServer, path: str, cookie: str | None = None,
         headers: dict[str, str] | None = None) -> tuple[dict[str, object], dict[str, str]]:
    request = urllib.request.Request(ng.url + path, headers={**({"Cookie": cookie} if cookie else {}), **(headers or {})})
    with urllib.request.urlopen(request, timeout=10, context=ng.ssl_context()) as response:
        return json.loads(response.read()), dict(response.headers.items())


def test_nginx_serves_the_shipped_config_sticky_and_leaves_nothing(backends: list[ThreadingHTTPServer]) -> None:
    ports = [server.server_address[1] for server in backends]
    with nginx_server(ports) as ng:
        folder, pid, port = ng.folder, ng.process.pid, ng.port
        workers = _children(pid)
        assert workers, "nginx runs its worker"

        # A first visit gets the route cookie; sending it back lands on the same replica every time.
        first, headers = _get(ng, "/")
        cookie = re.fullmatch(r"pramern_route=([0-9a-f]{32}); Path=/; Secure; HttpOnly; SameSite=Lax",
                              headers["Set-Cookie"])
        assert cookie, headers["Set-Cookie"]
        for _ in range(5):
            again, headers = _get(ng, "/_stcore/health", f"pramern_route={cookie[1]}")
            assert again["replica"] == first["replica"]
            assert headers["Set-Cookie"].startswith(f"pramern_route={cookie[1]};")
        # The harness finds a cookie for a given replica in nginx's log, and it holds.
        for index, name in enumerate(("A", "B")):
            value = ng.route_to(ports[index], f"to-{name}")
            assert _get(ng, "/", f"pramern_route={value}")[0]["replica"] == name
            assert {port for _line, port, route in ng.routes() if route == value} == {ports[index]}
        # Many browsers spread over both replicas.
        seen = {_get(ng, "/", f"pramern_route=visitor-{n}")[0]["replica"] for n in range(24)}
        assert seen == {"A", "B"}

        # The session's WebSocket: the upgrade reaches the replica with the proxy's headers.
        sent, _ = _get(ng, "/_stcore/stream", "pramern_route=x",
                       {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
                        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="})
        got = sent["headers"]
        assert isinstance(got, dict)
        assert got["upgrade"] == "websocket" and got["connection"] == "upgrade"
        assert got["x-forwarded-proto"] == "https" and got["x-forwarded-for"] == "127.0.0.1"
        assert got["host"] == "127.0.0.1"

        # Plain HTTP is sent to HTTPS.
        plain = urllib.request.Request(f"http://127.0.0.1:{ng.http_port}/kpi")
        opener = urllib.request.build_opener(_NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirect:
            opener.open(plain, timeout=10)
        assert redirect.value.code == 301 and redirect.value.headers["Location"] == "https://127.0.0.1/kpi"

    assert not folder.exists()
    assert not devservers.port_open(port)
    assert [p for p in [pid, *workers] if _alive(p)] == []


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def test_nginx_with_a_replica_down_sends_its_visitors_to_the_other(backends: list[ThreadingHTTPServer]) -> None:
    ports = [server.server_address[1] for server in backends]
    with nginx_server(ports) as ng:
        placed = {name: next(f"v{n}" for n in range(100) if _get(ng, "/", f"pramern_route=v{n}")[0]["replica"] == name)
                  for name in ("A", "B")}
        backends[0].shutdown()
        backends[0].server_close()
        assert _get(ng, "/", f"pramern_route={placed['A']}")[0]["replica"] == "B"
        assert _get(ng, "/", f"pramern_route={placed['B']}")[0]["replica"] == "B"


KILLED_OWNER = """
import json, sys, time
from analytics.devservers import free_port, nginx_server, postgres_server
with postgres_server() as pg, nginx_server([free_port(), free_port()]) as ng:
    postmaster = int((pg.data / "postmaster.pid").read_text().split()[0])
    print(json.dumps({"pg_folder": str(pg.folder), "pg_port": pg.port, "postmaster": postmaster,
                      "nginx_folder": str(ng.folder), "nginx_port": ng.port, "nginx": ng.process.pid}), flush=True)
    time.sleep(600)
"""


def test_servers_of_a_killed_test_run_are_stopped_and_removed_by_their_watchdog() -> None:
    """`timeout` or a SIGKILL ends a test run without its `finally`: the watchdogs clean up instead."""
    owner = subprocess.Popen([sys.executable, "-c", KILLED_OWNER], cwd=devservers.ROOT, stdout=subprocess.PIPE,
                             text=True)
    try:
        assert owner.stdout is not None
        started = json.loads(owner.stdout.readline())
        assert devservers.port_open(started["pg_port"]) and devservers.port_open(started["nginx_port"])
    finally:
        owner.kill()
        owner.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (_alive(started["postmaster"]) or _alive(started["nginx"])
                                           or Path(started["pg_folder"]).exists()
                                           or Path(started["nginx_folder"]).exists()):
        time.sleep(0.2)
    assert not _alive(started["postmaster"]) and not _alive(started["nginx"])
    assert not Path(started["pg_folder"]).exists() and not Path(started["nginx_folder"]).exists()
    assert not devservers.port_open(started["pg_port"]) and not devservers.port_open(started["nginx_port"])
