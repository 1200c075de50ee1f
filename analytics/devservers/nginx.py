"""A throw-away nginx serving the shipped site config (deploy/nginx/pramern.conf) with a self-signed certificate."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import ssl
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from analytics.devservers.processes import (
    LOOPBACK,
    NGINX_SITE,
    NGINX_START_S,
    DevServerError,
    Watchdog,
    free_port,
    is_root,
    log_tail,
    port_open,
    stop_process_group,
)


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
    user = "user nobody nogroup;\n" if is_root() else ""
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
                raise DevServerError(f"nginx did not listen on {port}:\n{log_tail(folder / 'error.log')}")
        assert process is not None
        watchdog = Watchdog(groups=[process.pid], remove=[folder])
        yield NginxServer(folder, port, http_port, list(replicas), tls, process)
    finally:
        if process is not None:
            stop_process_group(process)
        shutil.rmtree(folder, ignore_errors=True)
        if watchdog is not None:
            watchdog.release()
