"""Organisation pickers on a database of many organisations: a search box finds them, the pickers offer the matches.

Past ui.common.ORG_LIST_MAX organisations (a national office holds 8,300), listing every one in a picker would
send all their labels to the browser on every rerun; the sidebar, the upload page's organisation question and the
administrator's organisation limits search instead. Up to that many (the demo's 9), they list them all as before.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics import auth
from analytics.importing import import_file
from analytics.store import Store
from tests.conftest import run_app
from ui.common import ORG_LIST_MAX, ORG_MATCHES

MANY = ORG_LIST_MAX + 100


@pytest.fixture
def many_orgs(app_env: Path) -> Path:
    """The demo database with MANY more organisations (T0001 ... หน่วยทดสอบที่ 0001 ...)."""
    rows = ["org_code,abbr_th,name_th,name_en,ministry,org_group"]
    rows += [f"T{i:04d},ทส.{i},หน่วยทดสอบที่ {i:04d},Test Unit {i:04d},กระทรวงทดสอบ,local" for i in range(1, MANY + 1)]
    s = Store(app_env)
    try:
        import_file(s, ("\n".join(rows) + "\n").encode(), "many_orgs.csv", auth.SYSTEM)
    finally:
        s.close()
    return app_env


def _offered(at, key: str) -> list[str]:  # type: ignore[no-untyped-def]
    return list(at.selectbox(key=key).options)


def test_the_demo_sidebar_lists_every_organisation_without_a_search_box(app_env: Path) -> None:
    at = run_app(lang="en", params={"org": "DPIM"})
    assert not at.exception
    s = Store(app_env)
    try:
        assert len(_offered(at.sidebar, "sb_org")) == len(s.orgs()) <= ORG_LIST_MAX
    finally:
        s.close()
    assert not [w for w in at.sidebar.text_input if w.key == "sb_org_search"]


def test_the_sidebar_finds_an_organisation_among_many_and_keeps_the_recent_ones(many_orgs: Path) -> None:
    at = run_app(lang="en", params={"org": "DPIM", "year": "2568"})
    assert not at.exception
    picker = at.sidebar.selectbox(key="sb_org")
    assert picker.value == "DPIM" and len(picker.options) == 1  # only the unit on view until a search
    assert at.sidebar.text_input(key="sb_org_search").placeholder == \
        f"Type a name, abbreviation or code, then Enter ({MANY + 9:,} organisations)"

    at.sidebar.text_input(key="sb_org_search").input("unit 0123").run()
    assert _offered(at.sidebar, "sb_org")[1:] == ["ทส.123 Test Unit 0123"]
    at.sidebar.selectbox(key="sb_org").set_value("T0123").run()
    assert not at.exception
    assert at.query_params["org"] == "T0123"

    # A broad search offers the first ORG_MATCHES and says how many matched; Thai names are searched too.
    at.sidebar.text_input(key="sb_org_search").input("หน่วยทดสอบ").run()
    offered = _offered(at.sidebar, "sb_org")  # the unit on view, the one viewed before, then the first matches
    assert offered == ["ทส.123 Test Unit 0123", "กพร. Department of Primary Industries and Mines",
                       *(f"ทส.{i} Test Unit {i:04d}" for i in range(1, ORG_MATCHES + 1))]
    assert f"The first {ORG_MATCHES} of {MANY:,} matching organisations; type more to narrow it down." in \
        [c.value for c in at.sidebar.caption]
    at.sidebar.text_input(key="sb_org_search").input("no such unit").run()
    assert "No organisation matches “no such unit”." in [c.value for c in at.sidebar.caption]
    # The units viewed before stay on offer without searching again: T0123 then DPIM.
    at.sidebar.text_input(key="sb_org_search").input("").run()
    assert at.sidebar.selectbox(key="sb_org").value == "T0123"
    assert [o.split(" ")[0] for o in _offered(at.sidebar, "sb_org")] == ["ทส.123", "กพร."]


def test_a_link_to_any_of_many_organisations_opens_it(many_orgs: Path) -> None:
    at = run_app(lang="en", params={"org": "T0399"})
    assert not at.exception
    assert at.sidebar.selectbox(key="sb_org").value == "T0399"


def test_an_admin_limits_an_account_to_an_organisation_found_by_search(many_orgs: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRAMERN_DEMO")
    at = run_app("pages/8_admin.py", "en", user="admin")
    assert not at.exception
    assert at.multiselect(key="adm_add_orgs").options == []  # nothing listed before a search
    at.text_input(key="adm_add_orgs_search").input("T0042").run()
    assert at.multiselect(key="adm_add_orgs").options == ["ทส.42 Test Unit 0042"]
    at.multiselect(key="adm_add_orgs").set_value(["T0042"]).run()
    at.text_input(key="adm_add_orgs_search").input("T0043").run()  # a second search keeps the first choice
    assert at.multiselect(key="adm_add_orgs").value == ["T0042"]
    at.multiselect(key="adm_add_orgs").set_value(["T0042", "T0043"])
    at.text_input(key="adm_add_email").input("far.analyst@example.go.th")
    at.selectbox(key="adm_add_role").set_value(auth.ANALYST)
    at.text_input(key="adm_add_password").input("a-fresh-passphrase-1")
    at.text_input(key="adm_add_repeat").input("a-fresh-passphrase-1")
    at.button(key="adm_add_submit").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Added far.analyst@example.go.th."]
    s = Store(many_orgs)
    try:
        account = s.account("far.analyst@example.go.th")
        assert account is not None and account.orgs == ("T0042", "T0043")
    finally:
        s.close()


def test_an_admin_adds_an_organisation_found_by_search_to_an_accounts_limits(many_orgs: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRAMERN_DEMO")
    at = run_app("pages/8_admin.py", "en", user="admin")
    email = "dlpw.analyst@test.pramern"  # limited to DLPW
    at.selectbox(key="adm_pick").set_value(email).run()
    picker = at.multiselect(key=f"adm_orgs_{email}")
    assert picker.value == ["DLPW"] and len(picker.options) == 1  # its own organisation, nothing else listed
    at.text_input(key=f"adm_orgs_search_{email}").input("test unit 0007").run()
    assert "ทส.7 Test Unit 0007" in at.multiselect(key=f"adm_orgs_{email}").options
    at.multiselect(key=f"adm_orgs_{email}").set_value(["DLPW", "T0007"]).run()
    at.button(key="adm_save_orgs").click().run()
    assert not at.exception
    s = Store(many_orgs)
    try:
        account = s.account(email)
        assert account is not None and account.orgs == ("DLPW", "T0007")
    finally:
        s.close()
