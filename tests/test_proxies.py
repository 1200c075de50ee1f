"""Which address a browser has behind nginx: X-Forwarded-For is believed only from a trusted proxy.

Unit cases of analytics.proxies (a spoofed header from an untrusted peer is ignored; from the
trusted proxy the right-most untrusted hop is the browser), then the whole chain: the app behind
the shipped nginx site, where two browsers forwarded from different addresses are slowed apart
and the audit trail records each one's address.
"""

from __future__ import annotations

import asyncio
import json
import ssl
from pathlib import Path
from typing import Any

import pytest

from analytics import auth, proxies
from analytics.proxies import client_address, forwarded_hops, parse_proxies, trusted_proxies

LOOPBACK = parse_proxies(None)
NOBODY = parse_proxies("none")


# -- the setting -------------------------------------------------------------------------------------
def test_unset_trusts_loopback_only_and_none_trusts_nobody() -> None:
    assert [str(n) for n in LOOPBACK.networks] == ["127.0.0.1/32", "::1/128"]
    assert NOBODY.networks == () and parse_proxies("").networks == ()
    assert [str(n) for n in parse_proxies(" 10.20.0.5, 10.30.0.0/24;fd00::/48 ").networks] == [
        "10.20.0.5/32", "10.30.0.0/24", "fd00::/48"]


@pytest.mark.parametrize("entry", ["0.0.0.0/0", "10.0.0.0/7", "::/0", "2001:db8::/31", "nginx", "999.1.1.1", "*"])
def test_anything_but_an_address_or_a_narrow_network_is_refused(entry: str) -> None:
    """A whole Internet's worth of 'proxies' would let any browser choose its address: refused, and said."""
    found = parse_proxies(f"127.0.0.1,{entry}")
    assert [str(n) for n in found.networks] == ["127.0.0.1/32"]
    assert found.refused == (entry,)


def test_streamlits_own_trusted_addresses_are_trusted_too() -> None:
    """Streamlit's server (uvicorn) rewrites the peer of FORWARDED_ALLOW_IPS (loopback unless set) before
    the app sees it; the app cannot undo that, so it counts them among the trusted and says when '*'."""
    assert [str(n) for n in trusted_proxies({"PRAMERN_TRUSTED_PROXIES": "none"}).networks] == [
        "127.0.0.1/32", "::1/128"]
    assert trusted_proxies({"PRAMERN_TRUSTED_PROXIES": "none", "FORWARDED_ALLOW_IPS": ""}).networks == ()
    both = trusted_proxies({"PRAMERN_TRUSTED_PROXIES": "10.1.2.3", "FORWARDED_ALLOW_IPS": "127.0.0.1"})
    assert [str(n) for n in both.networks] == ["10.1.2.3/32", "127.0.0.1/32"]
    star = trusted_proxies({"FORWARDED_ALLOW_IPS": "*"})
    assert star.refused and "FORWARDED_ALLOW_IPS=*" in star.refused[0]


def test_the_launcher_gives_streamlits_server_the_same_proxies() -> None:
    """ui/serve.py sets FORWARDED_ALLOW_IPS from PRAMERN_TRUSTED_PROXIES (what was accepted of it), unless
    the operator set it: so `none` is none in Streamlit's server too."""
    from ui.serve import trust_the_same_proxies

    for setting, expected in ((None, "127.0.0.1/32,::1/128"), ("none", ""), ("10.0.0.5, 0.0.0.0/0", "10.0.0.5/32")):
        env = {} if setting is None else {"PRAMERN_TRUSTED_PROXIES": setting}
        trust_the_same_proxies(env)
        assert env["FORWARDED_ALLOW_IPS"] == expected
        assert [str(n) for n in trusted_proxies(env).networks] == [n for n in expected.split(",") if n]
    env = {"PRAMERN_TRUSTED_PROXIES": "none", "FORWARDED_ALLOW_IPS": "10.1.1.1"}
    trust_the_same_proxies(env)
    assert env["FORWARDED_ALLOW_IPS"] == "10.1.1.1"


def test_what_is_refused_goes_to_the_server_log(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("WARNING", logger="pramern.proxies"):
        proxies.log_refused(parse_proxies("127.0.0.1,0.0.0.0/0"))
    assert "PRAMERN_TRUSTED_PROXIES" in caplog.text and "0.0.0.0/0" in caplog.text


# -- the address chosen ------------------------------------------------------------------------------
CASES: list[tuple[str, str | None, list[str], str | None, proxies.TrustedProxies, str]] = [
    # (what, peer, X-Forwarded-For headers, X-Real-IP, trusted, the address used)
    ("a browser with no proxy", "203.0.113.5", [], None, LOOPBACK, "203.0.113.5"),
    ("a spoofed header from an untrusted peer is ignored", "203.0.113.5", ["198.51.100.1"], "198.51.100.2",
     LOOPBACK, "203.0.113.5"),
    ("nginx on loopback: the address it appended", None, ["198.51.100.7"], "198.51.100.7", LOOPBACK, "198.51.100.7"),
    ("what the browser wrote to the left is never read", "127.0.0.1", ["10.9.9.9, 127.0.0.1, 198.51.100.7"],
     None, LOOPBACK, "198.51.100.7"),
    ("the right-most untrusted hop behind two trusted proxies", "127.0.0.1", ["1.2.3.4, 203.0.113.9, 10.0.0.5"],
     None, parse_proxies("127.0.0.1,10.0.0.0/24"), "203.0.113.9"),
    ("several headers are one list", "127.0.0.1", ["1.2.3.4", "198.51.100.7"], None, LOOPBACK, "198.51.100.7"),
    ("a hop that is no address ends the walk at the last trusted one", "127.0.0.1", ["198.51.100.7, unknown"],
     None, LOOPBACK, "localhost"),
    ("a trusted proxy's address behind a garbage hop", "10.0.0.5", ["198.51.100.7, <script>"], None,
     parse_proxies("10.0.0.5"), "10.0.0.5"),
    ("every hop trusted: the left-most (the machine itself through nginx)", None, ["127.0.0.1"], None, LOOPBACK,
     "localhost"),
    ("X-Real-IP from the trusted proxy when there is no X-Forwarded-For", None, [], "198.51.100.8", LOOPBACK,
     "198.51.100.8"),
    ("no header: the proxy itself", None, [], None, LOOPBACK, "localhost"),
    ("trusting nobody, nginx's own address for everyone", None, ["198.51.100.7"], "198.51.100.7", NOBODY,
     "localhost"),
    ("IPv6 with a port, and an IPv4-mapped address", "::1", ["[2001:db8::1]:443"], None, LOOPBACK, "2001:db8::1"),
    ("an IPv4-mapped peer is its IPv4 address", "::ffff:203.0.113.5", ["198.51.100.1"], None, LOOPBACK,
     "203.0.113.5"),
    ("a port on an IPv4 hop", "127.0.0.1", ["198.51.100.7:51234"], None, LOOPBACK, "198.51.100.7"),
]


@pytest.mark.parametrize(("peer", "forwarded", "real_ip", "trusted", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_the_address_chosen(peer: str | None, forwarded: list[str], real_ip: str | None,
                            trusted: proxies.TrustedProxies, expected: str) -> None:
    assert client_address(peer, forwarded, real_ip, trusted) == expected


def test_ipv6_is_slowed_per_64_network_and_ipv4_per_address() -> None:
    assert proxies.slowing_key("2001:db8:1:2:aaaa::1") == proxies.slowing_key("2001:db8:1:2::9") == "2001:db8:1:2::/64"
    assert proxies.slowing_key("203.0.113.5") == "203.0.113.5"
    assert proxies.slowing_key("localhost") == "localhost"


def test_a_huge_header_reads_only_its_right_end() -> None:
    """A browser's megabyte of hops costs nothing, and the hop nginx appended still decides."""
    header = ", ".join(f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}" for i in range(100_000))
    assert client_address(None, [header + ", 198.51.100.7"], None, LOOPBACK) == "198.51.100.7"
    hops = forwarded_hops([header])
    assert len(", ".join(hops)) <= proxies.MAX_HEADER and all(proxies.parse_address(h) for h in hops)


# -- through nginx -----------------------------------------------------------------------------------
class SignInSession:
    """One browser tab on the real app.py, speaking Streamlit's WebSocket protocol, sending its own
    X-Forwarded-For (as a client behind another trusted proxy would arrive at nginx)."""

    def __init__(self, url: str, tls: ssl.SSLContext, forwarded_for: str):
        self.url = "wss://" + url.split("://", 1)[1] + "/_stcore/stream"
        self.tls, self.forwarded_for = tls, forwarded_for
        self.ids: dict[str, str] = {}

    async def __aenter__(self) -> SignInSession:
        from websockets.asyncio.client import connect
        self.ws = await connect(self.url, subprotocols=["streamlit"], max_size=None,  # type: ignore[list-item]
                                ssl=self.tls, ping_interval=None, open_timeout=60,
                                additional_headers={"X-Forwarded-For": self.forwarded_for})
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.ws.close()

    async def run(self, widgets: list[Any] | None = None) -> list[str]:
        """One rerun (with the widget values given); the texts of the alerts it drew."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        msg.rerun_script.query_string = "lang=en"
        if widgets:
            msg.rerun_script.widget_states.widgets.extend(widgets)
        await self.ws.send(msg.SerializeToString())
        alerts: list[str] = []
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await asyncio.wait_for(self.ws.recv(), timeout=120))
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                element = fwd.delta.new_element
                what = element.WhichOneof("type")
                assert what != "exception", element.exception.message
                if what == "alert":
                    alerts.append(element.alert.body)
                elif what in ("text_input", "button"):
                    widget = getattr(element, what)
                    self.ids[widget.id.rsplit("-", 1)[-1]] = widget.id
            elif kind == "script_finished" and fwd.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return alerts

    async def sign_in(self, email: str, password: str) -> list[str]:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        states = [WidgetState(id=self.ids["auth_email"], string_value=email),
                  WidgetState(id=self.ids["auth_password"], string_value=password),
                  WidgetState(id=self.ids["auth_submit"], trigger_value=True)]
        return await self.run(states)


SETTINGS = {
    # name: (the replica's environment, whether the two browsers are told apart)
    "the default (loopback trusted)": ({}, True),
    "Pramern alone reads the header (Streamlit's server trusts nobody)": (
        {"FORWARDED_ALLOW_IPS": "", "PRAMERN_TRUSTED_PROXIES": "127.0.0.1"}, True),
    "no proxy trusted: everyone has nginx's address": ({"PRAMERN_TRUSTED_PROXIES": "none"}, False),
}


@pytest.mark.parametrize("setting", list(SETTINGS), ids=list(SETTINGS))
def test_two_forwarded_browsers_behind_nginx_are_slowed_apart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              setting: str) -> None:
    """Through the shipped nginx site to the real app (not demo mode): one address that fails past its
    free attempts is slowed, another address is not, and the audit trail names each address; trusting
    no proxy, both are nginx's own address and slowed together."""
    from analytics.devservers import nginx_server, streamlit_server
    from analytics.store import Store

    extra, apart = SETTINGS[setting]
    db = tmp_path / "pramern.duckdb"
    Store(db).close()
    for name in ("PRAMERN_TRUSTED_PROXIES", "FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    env = {"PRAMERN_DEMO": "0", "PRAMERN_WARM_EXPORTS": "0", "PRAMERN_DB_WAIT": "10", **extra}
    wrong = "not-the-password-2568"

    async def attempts(url: str, tls: ssl.SSLContext) -> tuple[list[list[str]], list[list[str]]]:
        async with SignInSession(url, tls, "198.51.100.1") as first, SignInSession(url, tls, "198.51.100.2") as second:
            await first.run()
            await second.run()
            seen_first = [await first.sign_in(f"user{i}@dpim.go.th", wrong) for i in range(auth.CLIENT_FREE + 1)]
            seen_second = [await second.sign_in("someone@dpim.go.th", wrong)]
            return seen_first, seen_second

    with streamlit_server(db, tmp_path / "app.log", env) as app, nginx_server([app.port]) as ng:
        seen_first, seen_second = asyncio.run(attempts(ng.url, ng.ssl_context()))
    throttled = "Too many sign-in attempts from this computer"
    assert all(any("is not correct" in a for a in alerts) for alerts in seen_first[:auth.CLIENT_FREE]), seen_first
    assert any(throttled in a for a in seen_first[-1]), seen_first[-1]
    assert any(throttled in a for a in seen_second[0]) is not apart, seen_second

    s = Store(db)
    try:
        events = s.rows("SELECT detail FROM audit_log WHERE action = 'sign_in_failed' ORDER BY id")
    finally:
        s.close()
    clients = [json.loads(detail)["client"] for (detail,) in events]
    first, second = ("198.51.100.1", "198.51.100.2") if apart else ("localhost", "localhost")
    assert clients == [first] * (auth.CLIENT_FREE + 1) + [second]
    assert "Traceback" not in (tmp_path / "app.log").read_text(errors="replace")
