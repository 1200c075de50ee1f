"""Ports, process groups and the watchdog that stops a test run's servers when the run is killed."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
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


def log_tail(path: Path, chars: int = 4000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return "(no log)"


def is_root() -> bool:
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
