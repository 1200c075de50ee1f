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

This package never imports streamlit (the app runs in child processes). Its parts:
`processes` (ports, process groups, the watchdog), `postgres`, `nginx` and `apps`.
"""

from __future__ import annotations

from analytics.devservers.apps import (
    AppServer,
    start_streamlit,
    streamlit_command,
    streamlit_healthy,
    streamlit_replicas,
    streamlit_server,
    wait_healthy,
)
from analytics.devservers.nginx import (
    NginxServer,
    TlsFiles,
    nginx_bin,
    nginx_main_config,
    nginx_server,
    nginx_site_config,
    nginx_test,
    self_signed_certificate,
)
from analytics.devservers.postgres import (
    PostgresServer,
    postgres_bin_dir,
    postgres_server,
)
from analytics.devservers.processes import (
    APP,
    LOOPBACK,
    NGINX_SITE,
    NGINX_START_S,
    POSTGRES_START_S,
    ROOT,
    STREAMLIT_START_S,
    DevServerError,
    Watchdog,
    free_port,
    is_root,
    log_tail,
    port_open,
    stop_process_group,
    stop_process_groups,
)

__all__ = ["APP", "AppServer", "DevServerError", "LOOPBACK", "NGINX_SITE", "NGINX_START_S", "NginxServer", "POSTGRES_START_S", "PostgresServer", "ROOT", "STREAMLIT_START_S", "TlsFiles", "Watchdog", "free_port", "is_root", "log_tail", "nginx_bin", "nginx_main_config", "nginx_server", "nginx_site_config", "nginx_test", "port_open", "postgres_bin_dir", "postgres_server", "self_signed_certificate", "start_streamlit", "stop_process_group", "stop_process_groups", "streamlit_command", "streamlit_healthy", "streamlit_replicas", "streamlit_server", "wait_healthy"]

