"""PostgreSQL stopped under a running store: a clear error naming the database (password masked), and
the first use after the server is back works, on every pooled connection the restart cut."""

from __future__ import annotations

import time

import pytest

from analytics.devservers import postgres_server
from analytics.errors import StoreUnavailableError
from analytics.store import Store


def test_a_restarted_server_is_used_again_at_once_and_its_outage_is_said_plainly(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRAMERN_DB_WAIT", "1")
    with postgres_server() as pg:  # its own server: stopping the session's would disturb other tests
        url = pg.url(pg.create_database())
        store = Store(url)
        try:
            before = store.data_version()
            with store.cursor() as first, store.cursor() as second:  # two pooled connections, both to be cut
                first.execute("SELECT 1").fetchall()
                second.execute("SELECT 1").fetchall()

            pg.stop()
            down_since = time.monotonic()
            while time.monotonic() - down_since < 12:  # people retrying while it is down, for a while
                with pytest.raises(StoreUnavailableError) as down:
                    store.data_version()
            for text in (down.value.message("en"), down.value.message("th")):
                assert f"127.0.0.1:{pg.port}" in text and pg.password not in text

            pg.start()
            for _ in range(3):  # every dead connection is replaced, none handed out
                assert store.data_version() == before
            with store.cursor() as first, store.cursor() as second:
                assert first.execute("SELECT 1").fetchall() == [(1,)] == second.execute("SELECT 1").fetchall()
        finally:
            store.close()
