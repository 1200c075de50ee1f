"""Session figures: many people at once, driven through Streamlit's own WebSocket protocol.

Each simulated person is one WebSocket session speaking the protobuf messages that ship with the
streamlit package (BackMsg out, ForwardMsg back), as the browser does, without a browser: it opens
the overview, then switches pages, units and years with think time between, and times each rerun
from the request to Streamlit's `script_finished`. A rerun that shows an exception, finishes with
an error or times out counts as an error.

The one-person baseline clicks with a short think time (a lone user's latency does not depend on
how long they read); the crowd thinks as people do, and arrives spread over the first think time.
The protocol client lives in ui/bench_sessions.py and runs as a child process (`python -m
ui.bench_sessions`): it speaks Streamlit's protobuf, and the domain package never imports streamlit.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from analytics.bench.core import BENCH_ORG, BENCH_YEAR, ROOT, BenchConfig, Figure, peak_rss_kib
from analytics.bench.pages import PROTOCOL


@dataclass(frozen=True)
class LoadPlan:
    """How many people, for how long, thinking how long between clicks (seconds)."""

    sessions: int
    seconds: float
    think: tuple[float, float]
    min_clicks: int = 0  # clicks each person makes however long they take (a slow machine still measures)
    seed: int = 2568


@dataclass
class SessionLog:
    """What one simulated person saw: each rerun's latency and every error."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def server_cpu_seconds(pids: Sequence[int]) -> float:
    """User and system CPU seconds the server processes have used so far (/proc/PID/stat)."""
    total = 0.0
    for pid in pids:
        try:
            fields = open(f"/proc/{pid}/stat", encoding="ascii").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def drive(base: str, plan: LoadPlan, orgs: Sequence[str], years: Sequence[int],
          cafile: Path | None = None) -> list[SessionLog]:
    """Run plan.sessions people against the app at base for plan.seconds; one log each.

    The crowd runs in a child process (ui.bench_sessions), so its own CPU is not the server's and
    this package stays free of streamlit. cafile: the one certificate to trust for https (nginx).
    """
    request = {"base": base, "plan": asdict(plan), "orgs": list(orgs), "years": list(years),
               "cafile": str(cafile) if cafile else None}
    done = subprocess.run([sys.executable, "-m", "ui.bench_sessions"], cwd=ROOT, input=json.dumps(request),
                          capture_output=True, text=True, check=False)
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(PROTOCOL):
            return [SessionLog(**log) for log in json.loads(line[len(PROTOCOL):])]
    raise RuntimeError(f"the session child stopped (exit {done.returncode}):\n{done.stderr[-3000:]}")


def percentile(samples: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), linear between ranks; one sample is its own percentile."""
    if len(samples) == 1:
        return float(samples[0])
    return float(statistics.quantiles(samples, n=100, method="inclusive")[int(q) - 1])


def summary(logs: Sequence[SessionLog]) -> dict[str, Any]:
    latencies = [s for log in logs for s in log.latencies]
    errors = [e for log in logs for e in log.errors]
    out: dict[str, Any] = {"sessions": len(logs), "reruns": len(latencies), "errors": len(errors),
                           "error_examples": sorted(set(errors))[:5]}
    if latencies:
        out.update({f"p{q}_s": round(percentile(latencies, q), 4) for q in (50, 95, 99)})
        out["max_s"] = round(max(latencies), 4)
    return out


def load_figures(base: str, pids: Sequence[int], cfg: BenchConfig, orgs: Sequence[str], years: Sequence[int],
                 suffix: str, log: Callable[[str], None], cafile: Path | None = None) -> list[Figure]:
    """sessions_p95_ratio and sessions_rss_ratio for one running app (one process, or replicas behind nginx:
    their peak RSS added up)."""
    one = LoadPlan(1, cfg.load_seconds, cfg.solo_think, cfg.min_clicks)
    many = LoadPlan(cfg.load_sessions, cfg.load_seconds, cfg.crowd_think, cfg.min_clicks)
    warm = drive(base, LoadPlan(1, 0, (0, 0)), orgs, years, cafile)  # the first page after a start, not counted
    cpu = server_cpu_seconds(pids)
    solo = summary(drive(base, one, orgs, years, cafile))
    solo_kib = sum(peak_rss_kib(pid) for pid in pids)  # VmHWM: each server's peak so far
    now = server_cpu_seconds(pids)
    solo["server_cpu_s"], cpu = round(now - cpu, 2), now
    crowd = summary(drive(base, many, orgs, years, cafile))
    crowd_kib = sum(peak_rss_kib(pid) for pid in pids)
    crowd["server_cpu_s"] = round(server_cpu_seconds(pids) - cpu, 2)
    for phase in (solo, crowd):  # what bounds the crowd: CPU per rerun against the one core a process's GIL gives
        if phase["reruns"]:
            phase["server_cpu_ms_per_rerun"] = round(1000 * phase["server_cpu_s"] / phase["reruns"], 1)
    log(f"sessions{suffix}: 1 -> p95 {solo.get('p95_s')} s; {many.sessions} -> p95 {crowd.get('p95_s')} s, "
        f"{crowd['errors']} errors, RSS {solo_kib // 1024} -> {crowd_kib // 1024} MiB")
    first = summary(warm)
    errors = solo["errors"] + crowd["errors"] + first["errors"]
    examples = first["error_examples"] + solo["error_examples"] + crowd["error_examples"]
    note = None if not errors else f"{errors} errors: " + "; ".join(examples)
    detail = {"one_session": solo, "sessions": crowd, "think_s": {"one": one.think, "many": many.think},
              "seconds": cfg.load_seconds, "server": suffix.lstrip(":") or "one process"}
    p95 = (round(crowd["p95_s"] / solo["p95_s"], 3) if solo.get("p95_s") and crowd.get("p95_s") and not errors
           else None)
    return [
        Figure(f"sessions_p95_ratio{suffix}", p95, note=note, detail={
            **detail, "numerator": f"p95 rerun, {many.sessions} concurrent sessions", "numerator_s": crowd.get("p95_s"),
            "denominator": "p95 rerun, one session", "denominator_s": solo.get("p95_s")}),
        Figure(f"sessions_rss_ratio{suffix}", round(crowd_kib / solo_kib, 3) if solo_kib else None, detail={
            "numerator": f"server peak RSS after {many.sessions} sessions", "numerator_mib": crowd_kib / 1024,
            "denominator": "server peak RSS after one session", "denominator_mib": solo_kib / 1024}),
    ]


def _choices(big: Path) -> tuple[list[str], list[int]]:
    """The units and years the crowd clicks through: the first 200 units, the bench unit's years."""
    from analytics.store import Store

    store = Store(big)
    try:
        return store.orgs()["org_code"].head(200).tolist(), store.years(BENCH_ORG) or [BENCH_YEAR]
    finally:
        store.close()


def bench_sessions(cfg: BenchConfig, big: Path, log: Callable[[str], None]) -> list[Figure]:
    """Many sessions against `streamlit run` on the big database (embedded DuckDB)."""
    from analytics.bench.rss import app_server

    orgs, years = _choices(big)
    with app_server(big) as (proc, base):
        return load_figures(base, [proc.pid], cfg, orgs, years, "", log)


def bench_sessions_replicas(cfg: BenchConfig, big: Path, log: Callable[[str], None]) -> list[Figure]:
    """The same crowd against PostgreSQL (a copy of the big database) with two replicas behind nginx."""
    from analytics.bench.pages import app_env
    from analytics.bench.postgres import postgres_copy
    from analytics.devservers import nginx_server, streamlit_replicas

    orgs, years = _choices(big)
    env = {k: v for k, v in app_env(big).items() if k != "PRAMERN_DB"}
    with postgres_copy(big, log) as url, tempfile.TemporaryDirectory(prefix="pramern-replicas-") as logs, \
            streamlit_replicas(2, url, Path(logs), env=env) as replicas, \
            nginx_server([r.port for r in replicas]) as nginx:
        return load_figures(nginx.url, [r.process.pid for r in replicas], cfg, orgs, years, ":postgres_2_replicas",
                            log, cafile=nginx.tls.certificate)
