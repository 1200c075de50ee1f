"""The app as the README serves it: `python -m ui.serve app.py`, one process or N replicas on one database."""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from analytics.devservers.processes import (
    APP,
    LOOPBACK,
    ROOT,
    STREAMLIT_START_S,
    DevServerError,
    Watchdog,
    free_port,
    log_tail,
    stop_process_group,
    stop_process_groups,
)


def streamlit_command(port: int | str, app: Path | str = APP, python: str | None = None) -> list[str]:
    """`streamlit run app.py` as the tests, the benchmark and deploy/systemd/pramern@.service run it
    (through ui/serve.py, which keeps Streamlit's old pages/ mode off from the first request):
    loopback only, headless, and no rerun when a source file changes under the running server."""
    return [python or sys.executable, "-m", "ui.serve", str(app), "--server.port", str(port),
            "--server.address", LOOPBACK, "--server.headless", "true", "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false"]


@dataclass
class AppServer:
    """One `streamlit run` process: its URL, log and database (a path or a postgresql:// URL)."""

    url: str
    port: int
    log: Path
    db: str
    process: subprocess.Popen[bytes]

    def healthy(self) -> bool:
        return streamlit_healthy(self.url)


def streamlit_healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return bool(response.status == 200 and response.read().strip() == b"ok")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def start_streamlit(db: str | Path, log: Path, env: Mapping[str, str] | None = None,
                    port: int | None = None, app: Path | str = APP) -> AppServer:
    """Start `streamlit run app.py` (or another script: the benchmark's bare app) on a free port against
    `db` (no wait; see wait_healthy)."""
    port = port or free_port()
    environment = {**os.environ, **(env or {}), "PRAMERN_DB": str(db), "PYTHONUNBUFFERED": "1"}
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        process = subprocess.Popen(streamlit_command(port, app), cwd=ROOT, env=environment, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    return AppServer(f"http://{LOOPBACK}:{port}", port, log, str(db), process)


def wait_healthy(servers: Sequence[AppServer], timeout: float = STREAMLIT_START_S, poll: float = 0.2) -> None:
    """Wait until every server answers /_stcore/health (asking every `poll` seconds); raise with its log
    when one exits or times out."""
    deadline = time.monotonic() + timeout
    waiting = list(servers)
    while waiting:
        for server in list(waiting):
            if server.healthy():
                waiting.remove(server)
            elif server.process.poll() is not None:
                raise DevServerError(f"streamlit on port {server.port} exited with {server.process.returncode} "
                                     f"before answering /_stcore/health:\n{log_tail(server.log)}")
        if waiting and time.monotonic() > deadline:
            raise DevServerError(f"streamlit did not answer {waiting[0].url}/_stcore/health within {timeout:.0f} s:\n"
                                 + log_tail(waiting[0].log))
        if waiting:
            time.sleep(poll)


@contextlib.contextmanager
def streamlit_replicas(count: int, db: str | Path, log_dir: Path, env: Mapping[str, str] | None = None,
                       timeout: float = STREAMLIT_START_S,
                       ports: Sequence[int] | None = None) -> Iterator[list[AppServer]]:
    """`count` replicas of the app on one database, started together, as a deployment runs them: the
    same environment for all, including one cookie secret (so a browser's XSRF cookie from one replica
    is valid on the others). Logs go to log_dir/replica-N.log; all stop on exit. `ports` (free_port()s)
    lets nginx be started first, when the app's own configuration must name nginx's address."""
    shared = {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_urlsafe(32), **(env or {})}
    servers: list[AppServer] = []
    watchdog: Watchdog | None = None
    try:
        for n in range(count):
            servers.append(start_streamlit(db, log_dir / f"replica-{n + 1}.log", shared,
                                           port=ports[n] if ports else None))
        watchdog = Watchdog(groups=[server.process.pid for server in servers])
        wait_healthy(servers, timeout)
        yield servers
    finally:
        stop_process_groups([server.process for server in servers])
        if watchdog is not None:
            watchdog.release()


@contextlib.contextmanager
def streamlit_server(db: str | Path, log: Path, env: Mapping[str, str] | None = None,
                     timeout: float = STREAMLIT_START_S) -> Iterator[AppServer]:
    """One `streamlit run app.py` on a free port against `db`; stopped (with its children) on exit."""
    server = start_streamlit(db, log, env)
    watchdog = Watchdog(groups=[server.process.pid])
    try:
        wait_healthy([server], timeout)
        yield server
    finally:
        stop_process_group(server.process)
        watchdog.release()
