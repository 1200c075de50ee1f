"""The benchmark's session child: a crowd of simulated people speaking Streamlit's WebSocket protocol.

Each person is one WebSocket session with the protobuf messages that ship with the streamlit package
(BackMsg out, ForwardMsg back), as the browser does, without a browser. It sits in ui/ because it
speaks Streamlit; analytics.bench.sessions runs it as `python -m ui.bench_sessions`, sends one JSON
request on stdin (base URL, plan, units, years, the certificate to trust) and reads one line back:
every person's log.
"""

from __future__ import annotations

import asyncio
import json
import random
import ssl
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlencode

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from analytics.bench import BENCH_ORG, BENCH_ROUND, BENCH_YEAR, PROTOCOL
from analytics.bench.sessions import LoadPlan, SessionLog

RERUN_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class AppPage:
    script_hash: str
    url: str


class StreamlitSession:
    """One browser tab's worth of protocol: a WebSocket to /_stcore/stream and its reruns."""

    def __init__(self, base_url: str, tls: ssl.SSLContext | None = None):
        scheme, rest = base_url.split("://", 1)
        self.url = ("wss://" if scheme == "https" else "ws://") + rest.rstrip("/") + "/_stcore/stream"
        self.tls = tls
        self.pages: list[AppPage] = []
        self._ws: Any = None

    async def __aenter__(self) -> StreamlitSession:
        from websockets.asyncio.client import connect
        extra: dict[str, Any] = {"ssl": self.tls} if self.tls is not None else {}
        self._ws = await connect(self.url, subprotocols=["streamlit"], max_size=None,  # type: ignore[list-item]
                                 open_timeout=RERUN_TIMEOUT_S, ping_interval=None, **extra)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._ws is not None:
            await self._ws.close()

    async def rerun(self, query: dict[str, Any], page: AppPage | None = None) -> tuple[float, str | None]:
        """Ask for one run of the app; (seconds to script_finished, the error if any)."""
        msg = BackMsg()
        msg.rerun_script.query_string = urlencode(query)
        msg.rerun_script.page_script_hash = page.script_hash if page else ""
        started = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        error: str | None = None
        while True:
            raw = await asyncio.wait_for(self._ws.recv(), timeout=RERUN_TIMEOUT_S)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            kind = fwd.WhichOneof("type")
            if kind == "navigation":
                self.pages = [AppPage(p.page_script_hash, p.url_pathname) for p in fwd.navigation.app_pages]
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                element = fwd.delta.new_element
                if element.WhichOneof("type") == "exception" and error is None:
                    error = f"exception: {element.exception.type}: {element.exception.message[:200]}"
            elif kind == "script_finished":
                if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the app asked for a rerun (st.rerun): the page is the next run's
                seconds = time.perf_counter() - started
                if fwd.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY and error is None:
                    error = f"script finished with status {fwd.script_finished}"
                return seconds, error


def _views(pages: Sequence[AppPage], orgs: Sequence[str], years: Sequence[int], rng: random.Random,
           query: dict[str, Any]) -> tuple[dict[str, Any], AppPage | None]:
    """The next click: another page, another unit or another year."""
    what = rng.random()
    query = dict(query)
    page = rng.choice(list(pages)) if pages else None
    if what < 0.25:
        query["org"] = rng.choice(list(orgs))
    elif what < 0.4:
        query["year"] = rng.choice(list(years))
    return query, page


async def _person(base: str, plan: LoadPlan, index: int, orgs: Sequence[str], years: Sequence[int],
                  deadline: float, log: SessionLog, tls: ssl.SSLContext | None) -> None:
    rng = random.Random(plan.seed * 1000 + index)
    if plan.sessions > 1:  # a crowd does not arrive in the same millisecond
        await asyncio.sleep(rng.uniform(0, plan.think[1]))
    query: dict[str, Any] = {"org": BENCH_ORG, "year": BENCH_YEAR, "round": BENCH_ROUND, "lang": "th"}
    try:
        async with StreamlitSession(base, tls) as session:
            seconds, error = await session.rerun(query)
            log.latencies.append(seconds)
            if error:
                log.errors.append(error)
            clicks = 0
            while time.monotonic() < deadline or clicks < plan.min_clicks:
                clicks += 1
                await asyncio.sleep(rng.uniform(*plan.think))
                query, page = _views(session.pages, orgs, years, rng, query)
                seconds, error = await session.rerun(query, page)
                log.latencies.append(seconds)
                if error:
                    log.errors.append(error)
    except (OSError, TimeoutError) as exc:
        log.errors.append(f"connection: {type(exc).__name__}: {exc}")
    except Exception as exc:  # a closed socket or a protocol error is the server's failure, not the run's
        log.errors.append(f"{type(exc).__name__}: {exc}")


def crowd(base: str, plan: LoadPlan, orgs: Sequence[str], years: Sequence[int],
          tls: ssl.SSLContext | None = None) -> list[SessionLog]:
    """Run plan.sessions people against the app at base for plan.seconds; one log each."""
    logs = [SessionLog() for _ in range(plan.sessions)]

    async def everyone() -> None:
        deadline = time.monotonic() + plan.seconds
        await asyncio.gather(*(_person(base, plan, i, orgs, years, deadline, logs[i], tls)
                               for i in range(plan.sessions)))

    asyncio.run(everyone())
    return logs



def main() -> None:
    """One request on stdin, every person's log on stdout (one line after PROTOCOL)."""
    request = json.load(sys.stdin)
    tls = ssl.create_default_context(cafile=request["cafile"]) if request.get("cafile") else None
    plan = LoadPlan(**{**request["plan"], "think": tuple(request["plan"]["think"])})
    logs = crowd(request["base"], plan, request["orgs"], request["years"], tls)
    print(PROTOCOL + json.dumps([asdict(log) for log in logs]), flush=True)


if __name__ == "__main__":
    main()
