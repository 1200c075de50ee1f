"""Throw-away servers for the tests and the benchmark: PostgreSQL, nginx and `streamlit run` replicas.

Every server here lives in a temporary folder of its own, listens on a free loopback port and is
stopped and removed when its `with` block ends, also when the block fails; a small watchdog process
does it when the whole test run is killed (by `timeout`, SIGKILL) and no `finally` runs. Nothing is downloaded:
PostgreSQL and nginx come from Debian's packages (`make system` installs them), the app is this
repository's app.py run by this virtualenv's Python.

- `postgres_server()`: initdb + pg_ctl from /usr/lib/postgresql/<version>/bin in a temp folder, password
  (SCRAM) authentication on 127.0.0.1 only, no durability (fsync off: the data is thrown away).
  initdb refuses to run as root, so as root the server runs as the `postgres` account (`runuser`),
  in a folder that account owns.
- `nginx_server()`: Debian's nginx in the foreground (`daemon off`) with a main config written in its
  temp folder that includes the shipped site config, deploy/nginx/pramern.conf, rendered for the
  harness by `nginx_site_config()` (the same file an IT officer installs, not a copy).
- `streamlit_server()` / `streamlit_replicas()`: the app as the README serves it, one process or N
  replicas on one database (a DuckDB path or a postgresql:// URL), each answering /_stcore/health.

This module never imports streamlit (the app runs in child processes).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
NGINX_SITE = ROOT / "deploy" / "nginx" / "pramern.conf"
LOOPBACK = "127.0.0.1"
STREAMLIT_START_S = 90.0
POSTGRES_START_S = 60.0
NGINX_START_S = 15.0


class DevServerError(RuntimeError):
    """A throw-away server did not start (what failed and the tail of its log)."""


# -- processes and ports ---------------------------------------------------------------------------
def free_port() -> int:
    """A loopback TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return int(s.getsockname()[1])


def port_open(port: int, host: str = LOOPBACK) -> bool:
    """Whether something accepts TCP connections on host:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def stop_process_group(process: subprocess.Popen[Any], term_wait: float = 15, kill_wait: float = 5) -> None:
    """Stop a process started with start_new_session=True and everything it started (kaleido's
    Chromium, nginx's workers), politely first."""
    if process.poll() is not None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # leftovers of a group whose leader exited
        return
    for sig, wait in ((signal.SIGTERM, term_wait), (signal.SIGKILL, kill_wait)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


def stop_process_groups(processes: Sequence[subprocess.Popen[Any]], term_wait: float = 15) -> None:
    """stop_process_group for several at once: all are asked to stop first, then each is waited for."""
    for process in processes:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + term_wait
    for process in processes:
        stop_process_group(process, term_wait=max(0.1, deadline - time.monotonic()))


def _tail(path: Path, chars: int = 4000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return "(no log)"


def _is_root() -> bool:
    return os.geteuid() == 0


# A process that cleans up after a test run that was killed (`timeout`'s SIGTERM, SIGKILL, a crash), when
# no `finally` runs: it waits on a pipe from its owner; the owner writing "done" (its own cleanup ran)
# ends it, the pipe closing without that (the owner is gone) makes it stop the servers and remove
# their folders. Its own session, so a signal to the owner's process group does not end it first.
_WATCHDOG = """
import json, os, shutil, signal, subprocess, sys, time
spec = json.loads(sys.argv[1])
if sys.stdin.readline().strip() == "done":
    sys.exit(0)
for command in spec.get("commands", []):
    try:
        subprocess.run(command, timeout=60, capture_output=True)
    except Exception:
        pass
for pidfile in spec.get("pidfiles", []):
    try:
        os.kill(int(open(pidfile).read().split()[0]), signal.SIGKILL)
    except Exception:
        pass
groups = spec.get("groups", [])
for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 0)):
    for group in groups:
        try:
            os.killpg(group, sig)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        alive = []
        for group in groups:
            try:
                os.killpg(group, 0)
                alive.append(group)
            except ProcessLookupError:
                pass
        if not alive:
            break
        time.sleep(0.2)
for folder in spec.get("remove", []):
    shutil.rmtree(folder, ignore_errors=True)
"""


class Watchdog:
    """Cleans up servers whose owner dies without cleaning up (see _WATCHDOG); `release()` when it did."""

    def __init__(self, commands: Sequence[Sequence[str]] = (), pidfiles: Sequence[Path] = (),
                 groups: Sequence[int] = (), remove: Sequence[Path] = ()):
        import json
        spec = {"commands": [list(c) for c in commands], "pidfiles": [str(p) for p in pidfiles],
                "groups": list(groups), "remove": [str(p) for p in remove]}
        self.process = subprocess.Popen([sys.executable, "-c", _WATCHDOG, json.dumps(spec)], stdin=subprocess.PIPE,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def release(self) -> None:
        """The owner cleaned up itself: the watchdog ends without doing anything."""
        if self.process.stdin is not None:
            with contextlib.suppress(OSError):
                self.process.stdin.write(b"done\n")
                self.process.stdin.close()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# -- PostgreSQL -------------------------------------------------------------------------------------
def postgres_bin_dir() -> Path:
    """The newest /usr/lib/postgresql/<version>/bin with initdb and pg_ctl (Debian's layout)."""
    found = []
    for candidate in Path("/usr/lib/postgresql").glob("*/bin"):
        if (candidate / "initdb").is_file() and (candidate / "pg_ctl").is_file():
            with contextlib.suppress(ValueError):
                found.append((int(candidate.parent.name), candidate))
    if not found:
        raise DevServerError("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): "
                             "run `make system`, which installs Debian's postgresql package")
    return max(found)[1]


@dataclass
class PostgresServer:
    """A throw-away PostgreSQL cluster: superuser `user` with `password`, on 127.0.0.1:`port`."""

    folder: Path
    port: int
    bin_dir: Path
    user: str = "postgres"
    password: str = field(default_factory=lambda: secrets.token_urlsafe(18))
    host: str = LOOPBACK
    run_as: str | None = None  # the OS account that owns the cluster when we are root

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def log(self) -> Path:
        return self.folder / "server.log"

    @property
    def version(self) -> int:
        return int(self.bin_dir.parent.name)

    def url(self, dbname: str = "postgres", user: str | None = None, password: str | None = None) -> str:
        """A postgresql:// URL for a database of this server (the superuser's unless user is given)."""
        if user is None:
            user, password = self.user, self.password
        auth = quote(user, safe="") + (":" + quote(password, safe="") if password else "")
        return f"postgresql://{auth}@{self.host}:{self.port}/{quote(dbname, safe='')}"

    # -- lifecycle --
    def _command(self, *args: str) -> list[str]:
        prefix = ["runuser", "-u", self.run_as, "--"] if self.run_as else []
        return [*prefix, *args]

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self._command(*args), cwd=self.folder, capture_output=True, text=True,
                              timeout=timeout, check=False)

    def init(self) -> None:
        """initdb: UTF-8, C.UTF-8 collation (code-point order, as DuckDB sorts text), SCRAM passwords
        over TCP, peer authentication on the folder's Unix socket."""
        pwfile = self.folder / "pwfile"
        pwfile.write_text(self.password + "\n")
        self._chown(pwfile)
        pwfile.chmod(0o600)
        try:
            done = self._run(str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", self.user,
                             f"--pwfile={pwfile}", "--auth-host=scram-sha-256", "--auth-local=peer",
                             "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions")
        finally:
            pwfile.unlink(missing_ok=True)
        if done.returncode != 0:
            raise DevServerError(f"initdb failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
        settings = {
            "listen_addresses": f"'{self.host}'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.folder}'",
            "max_connections": "200",
            "shared_buffers": "64MB",
            # Thrown away at the end: no durability work (a killed client still loses nothing committed).
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "log_min_messages": "warning",
            "timezone": "'Asia/Bangkok'",
        }
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write("\n# pramern devservers\n" + "".join(f"{k} = {v}\n" for k, v in settings.items()))

    def _chown(self, path: Path) -> None:
        if self.run_as:
            shutil.chown(path, self.run_as, self.run_as)

    def start(self, timeout: float = POSTGRES_START_S) -> None:
        """pg_ctl start, waiting until the server accepts connections (also after stop(): same data, same port)."""
        done = self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w",
                         "-t", str(int(timeout)), "start", timeout=timeout + 10)
        if done.returncode != 0:
            raise DevServerError(f"PostgreSQL did not start on {self.host}:{self.port} ({done.returncode}): "
                                 f"{done.stderr.strip()}\n{_tail(self.log)}")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists() and port_open(self.port, self.host)

    def stop(self, mode: str = "fast") -> None:
        """pg_ctl stop (fast: disconnects clients, as an operator's restart does); kill if that fails."""
        if not (self.data / "postmaster.pid").exists():
            return
        done = self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop",
                         timeout=40)
        if done.returncode != 0 and (self.data / "postmaster.pid").exists():
            with contextlib.suppress(ValueError, OSError, ProcessLookupError):
                pid = int((self.data / "postmaster.pid").read_text().split()[0])
                os.kill(pid, signal.SIGKILL)
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
                    time.sleep(0.05)

    # -- databases and statements --
    def connect(self, dbname: str = "postgres", **kwargs: Any) -> Any:
        """A psycopg connection as the superuser, autocommit (CREATE DATABASE needs it)."""
        import psycopg
        return psycopg.connect(self.url(dbname), autocommit=True, connect_timeout=10, **kwargs)

    def execute(self, sql: str, params: Sequence[Any] = (), dbname: str = "postgres") -> list[tuple[Any, ...]]:
        """Run one statement as the superuser (autocommit); the rows it returns, if any."""
        with self.connect(dbname) as con, con.cursor() as cur:
            cur.execute(sql, params)  # type: ignore[arg-type]
            return list(cur.fetchall()) if cur.description else []

    def create_database(self, name: str | None = None, template: str | None = None, owner: str | None = None) -> str:
        """CREATE DATABASE (a copy of `template` when given, which nobody may be connected to); its name."""
        from psycopg import sql
        name = name or f"t_{secrets.token_hex(6)}"
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        if owner:
            statement += sql.SQL(" OWNER {}").format(sql.Identifier(owner))
        with self.connect() as con:
            con.execute(statement)
        return name

    def drop_database(self, name: str) -> None:
        from psycopg import sql
        with self.connect() as con:
            con.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    @contextlib.contextmanager
    def database(self, template: str | None = None, owner: str | None = None) -> Iterator[str]:
        """A fresh database (empty, or a copy of `template`) for one test; its URL; dropped afterwards."""
        name = self.create_database(template=template, owner=owner)
        try:
            yield self.url(name)
        finally:
            self.drop_database(name)


@contextlib.contextmanager
def postgres_server(port: int | None = None, attempts: int = 3) -> Iterator[PostgresServer]:
    """A throw-away PostgreSQL from Debian's package; stopped and its folder removed on exit."""
    bin_dir = postgres_bin_dir()
    run_as = "postgres" if _is_root() else None
    folder = Path(tempfile.mkdtemp(prefix="pramern-pg-"))
    server: PostgresServer | None = None
    prefix = ["runuser", "-u", run_as, "--"] if run_as else []
    watchdog = Watchdog(commands=[[*prefix, str(bin_dir / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate",
                                   "-w", "-t", "30", "stop"]], pidfiles=[folder / "data" / "postmaster.pid"],
                        remove=[folder])
    try:
        folder.chmod(0o700)
        if run_as:
            shutil.chown(folder, run_as, run_as)
        for attempt in range(attempts):
            server = PostgresServer(folder, port or free_port(), bin_dir, run_as=run_as)
            if attempt == 0:
                server.init()
            else:  # the port was taken between free_port() and the start: move to another
                with open(server.data / "postgresql.conf", "a", encoding="utf-8") as conf:
                    conf.write(f"port = {server.port}\n")
            try:
                server.start()
                break
            except DevServerError:
                if port is not None or attempt == attempts - 1:
                    raise
        assert server is not None
        yield server
    finally:
        if server is not None:
            server.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)
        watchdog.release()


# -- nginx ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TlsFiles:
    certificate: Path
    key: Path


def self_signed_certificate(folder: Path, host: str = LOOPBACK) -> TlsFiles:
    """A one-day self-signed certificate for `host` (an IP address SAN), made with openssl."""
    cert, key = folder / "tls.crt", folder / "tls.key"
    done = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", f"/CN={host}",
         "-addext", f"subjectAltName=IP:{host}"], capture_output=True, text=True, check=False, timeout=60)
    if done.returncode != 0:
        raise DevServerError(f"openssl could not make a test certificate: {done.stderr[-2000:]}")
    return TlsFiles(cert, key)


def _replace_exactly(pattern: str, replacement: str, text: str, count: int, what: str) -> str:
    new, found = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    if found != count:
        raise DevServerError(f"{NGINX_SITE.name}: expected {count} {what}, found {found}; the harness "
                             "renders the shipped file and must be told when its shape changes")
    return new


def nginx_site_config(replicas: Sequence[int], https_port: int, http_port: int, tls: TlsFiles,
                      template: Path = NGINX_SITE, host: str = LOOPBACK) -> str:
    """deploy/nginx/pramern.conf with what differs on a test machine substituted, nothing else:
    the replicas' ports, the listening ports (loopback only), the server name and the certificate.
    Each substitution must match the shipped file as many times as expected, or this fails."""
    text = template.read_text(encoding="utf-8")
    servers = "".join(f"    server {host}:{port} max_fails=3 fail_timeout=10s;\n" for port in replicas)
    text = _replace_exactly(r"^    server 127\.0\.0\.1:\d+ [^\n]*\n(?:    server 127\.0\.0\.1:\d+ [^\n]*\n)*",
                            servers.replace("\\", "\\\\"), text, 1, "block of upstream server lines")
    text = _replace_exactly(r"^([ \t]*)listen \[::\]:\d+[^;]*;\n", "", text, 2, "IPv6 listen lines")
    text = _replace_exactly(r"^([ \t]*)listen 80;", rf"\g<1>listen {host}:{http_port};", text, 1, "`listen 80;`")
    text = _replace_exactly(r"^([ \t]*)listen 443 ssl http2;", rf"\g<1>listen {host}:{https_port} ssl http2;", text, 1,
                            "`listen 443 ssl http2;`")
    text = _replace_exactly(r"^([ \t]*)server_name [^;]+;", rf"\g<1>server_name {host};", text, 2, "server_name lines")
    text = _replace_exactly(r"^([ \t]*)ssl_certificate [^;]+;", rf"\g<1>ssl_certificate {tls.certificate};", text, 1,
                            "ssl_certificate lines")
    text = _replace_exactly(r"^([ \t]*)ssl_certificate_key [^;]+;", rf"\g<1>ssl_certificate_key {tls.key};", text, 1,
                            "ssl_certificate_key lines")
    return text


def nginx_main_config(folder: Path, site: Path) -> str:
    """A main nginx.conf for a throw-away server: pid, logs and temp files in `folder`, the site included
    in the http block as Debian's /etc/nginx/nginx.conf includes conf.d/*.conf."""
    user = "user nobody nogroup;\n" if _is_root() else ""
    temps = "".join(f"    {name}_temp_path {folder / name};\n"
                    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (f"{user}worker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} info;\n"
            "events { worker_connections 512; }\n"
            "http {\n"
            # Which replica served each request, and for which route cookie: the tests read it to
            # place a browser on a given replica and to check that it stayed there.
            "    log_format pramern_route '$remote_addr \"$request\" $status "
            "upstream=$upstream_addr route=$cookie_pramern_route';\n"
            f"    access_log {folder / 'access.log'} pramern_route;\n"
            f"{temps}"
            f"    include {site};\n"
            "}\n")


def nginx_bin() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
    if not found:
        raise DevServerError("nginx is not installed: run `make system`, which installs Debian's nginx package")
    return found


def nginx_test(main_config: Path, prefix: Path) -> subprocess.CompletedProcess[str]:
    """`nginx -t` on a main config (the exit code and nginx's own words)."""
    return subprocess.run([nginx_bin(), "-t", "-q", "-p", str(prefix), "-e", str(prefix / "error.log"),
                           "-c", str(main_config)], capture_output=True, text=True, check=False, timeout=30)


@dataclass
class NginxServer:
    """A throw-away nginx in front of `replicas`: HTTPS on `port`, the HTTP redirect on `http_port`."""

    folder: Path
    port: int
    http_port: int
    replicas: list[int]
    tls: TlsFiles
    process: subprocess.Popen[bytes]
    host: str = LOOPBACK

    @property
    def url(self) -> str:
        return f"https://{self.host}:{self.port}"

    @property
    def error_log(self) -> Path:
        return self.folder / "error.log"

    @property
    def access_log(self) -> Path:
        return self.folder / "access.log"

    def ssl_context(self) -> ssl.SSLContext:
        """A client TLS context that trusts this server's certificate (and nothing else)."""
        return ssl.create_default_context(cafile=str(self.tls.certificate))

    def get(self, path: str = "/", timeout: float = 5,
            headers: Mapping[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        """An HTTPS GET through nginx: status, headers, body (redirects are not followed)."""
        request = urllib.request.Request(self.url + path, headers=dict(headers or {}))
        try:
            with urllib.request.urlopen(request, timeout=timeout, context=self.ssl_context()) as response:
                return response.status, dict(response.headers.items()), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers.items()), error.read()


    def routes(self) -> list[tuple[str, int, str]]:
        """(request line, replica port, route cookie) of every proxied request so far, from the access log."""
        found = []
        for line in self.access_log.read_text(errors="replace").splitlines():
            match = re.search(r'"([^"]*)" \d+ upstream=[\d.]+:(\d+) route=(\S*)$', line)
            if match:
                found.append((match[1], int(match[2]), match[3]))
        return found

    def route_to(self, replica: int, prefix: str = "probe") -> str:
        """A pramern_route cookie value that nginx sends to the replica on port `replica` (found by asking)."""
        for n in range(200):
            value = f"{prefix}-{n}"
            before = len(self.routes())
            self.get("/_stcore/health", headers={"Cookie": f"pramern_route={value}"})
            deadline = time.monotonic() + 2
            while len(self.routes()) == before and time.monotonic() < deadline:
                time.sleep(0.02)  # nginx writes the log line after answering
            served = [port for _line, port, route in self.routes()[before:] if route == value]
            if served and served[-1] == replica:
                return value
        raise DevServerError(f"no route cookie reached the replica on port {replica}")


@contextlib.contextmanager
def nginx_server(replicas: Sequence[int], template: Path = NGINX_SITE, attempts: int = 3) -> Iterator[NginxServer]:
    """Debian's nginx serving the shipped site config in front of the replicas' ports, on free ports,
    in the foreground; stopped and its folder removed on exit."""
    binary = nginx_bin()
    folder = Path(tempfile.mkdtemp(prefix="pramern-nginx-"))
    process: subprocess.Popen[bytes] | None = None
    watchdog: Watchdog | None = None
    try:
        folder.chmod(0o755)  # the workers (nobody when we are root) read the temp paths under it
        tls = self_signed_certificate(folder)
        main = folder / "nginx.conf"
        for attempt in range(attempts):
            port, http_port = free_port(), free_port()
            site = folder / "pramern.conf"
            site.write_text(nginx_site_config(replicas, port, http_port, tls, template), encoding="utf-8")
            main.write_text(nginx_main_config(folder, site), encoding="utf-8")
            checked = nginx_test(main, folder)
            if checked.returncode != 0:
                raise DevServerError(f"nginx -t refused the rendered {template}:\n{checked.stderr}")
            with open(folder / "stderr.log", "wb") as err:
                process = subprocess.Popen([binary, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(main),
                                            "-g", "daemon off;"], cwd=folder, stdout=subprocess.DEVNULL,
                                           stderr=err, start_new_session=True)
            deadline = time.monotonic() + NGINX_START_S
            while process.poll() is None and not port_open(port) and time.monotonic() < deadline:
                time.sleep(0.05)
            if process.poll() is None and port_open(port):
                break
            stop_process_group(process)
            if attempt == attempts - 1:
                raise DevServerError(f"nginx did not listen on {port}:\n{_tail(folder / 'error.log')}")
        assert process is not None
        watchdog = Watchdog(groups=[process.pid], remove=[folder])
        yield NginxServer(folder, port, http_port, list(replicas), tls, process)
    finally:
        if process is not None:
            stop_process_group(process)
        shutil.rmtree(folder, ignore_errors=True)
        if watchdog is not None:
            watchdog.release()


# -- the app: streamlit run ---------------------------------------------------------------------------
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
                                     f"before answering /_stcore/health:\n{_tail(server.log)}")
        if waiting and time.monotonic() > deadline:
            raise DevServerError(f"streamlit did not answer {waiting[0].url}/_stcore/health within {timeout:.0f} s:\n"
                                 + _tail(waiting[0].log))
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
