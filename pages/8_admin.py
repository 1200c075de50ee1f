"""Users and settings (administrators): accounts, roles, organisation limits, passwords, locks; idle time and scoring."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from analytics import auth, settings
from analytics.calendar import be_to_ce, ce_to_be, format_date
from analytics.errors import PramernError
from analytics.i18n import t
from analytics.importing import scheme_configs
from analytics.scoring import FIVE_LEVEL, THREE_LEVEL
from ui.auth import guard, role_label, session_user
from ui.common import callback, fmt_date, lang, org_choices, org_labels, store, table, tr

user = guard("manage_users")
language = lang()
st.title(tr("adm.title"))
if flash := st.session_state.pop("adm_flash", None):
    (st.success if flash[0] == "success" else st.error)(flash[1])


def _flash(kind: str, text: str) -> None:
    st.session_state["adm_flash"] = (kind, text)


def _when(value: Any) -> str:
    """A timestamp as a Thai user reads it: the date in BE and the time."""
    if value is None or pd.isna(value):
        return ""
    stamp = pd.Timestamp(value)
    return f"{fmt_date(stamp)} {stamp:%H:%M}"


# -- accounts ------------------------------------------------------------------------------------------
st.subheader(tr("adm.users"))
accounts = store().accounts()
if not accounts.empty:
    shown = pd.DataFrame({
        "email": accounts["email"],
        "role": [role_label(r) for r in accounts["role"]],
        "orgs": [o or tr("adm.all_orgs") for o in accounts["orgs"]],
        "source": [tr(f"adm.source.{s}") for s in accounts["source"]],
        "state": [tr("adm.state.disabled") if d else tr("adm.state.locked") if lk else tr("adm.state.active")
                  for d, lk in zip(accounts["disabled"], accounts["locked"], strict=True)],
        "failed": accounts["failed_count"].astype(int),
        "created": [_when(v) for v in accounts["created_at"]],
        "created_by": accounts["created_by"],
    })
    table(shown, "pramern_accounts", key="adm_users", title=tr("adm.users"), scope=tr("exp.xlsx_scope_system"), headers={
        "email": tr("adm.col_email"), "role": tr("adm.col_role"), "orgs": tr("adm.col_orgs"),
        "source": tr("adm.col_source"), "state": tr("adm.col_state"), "failed": tr("adm.col_failed"),
        "created": tr("adm.col_created"), "created_by": tr("adm.col_created_by")})

org_names = org_labels()  # cached per data version; a picker with many organisations searches them (org_choices)


def _org_name(code: str) -> str:
    return org_names.get(code, code)


@callback
def _add_account() -> None:
    """The add form's callback: passwords are read once and blanked before anything else runs."""
    ss = st.session_state
    password, repeat = str(ss.get("adm_add_password") or ""), str(ss.get("adm_add_repeat") or "")
    ss["adm_add_password"] = ss["adm_add_repeat"] = ""
    actor = session_user()
    if actor is None:
        return
    source = ss.get("adm_add_source") or auth.LOCAL
    if source == auth.LOCAL and password != repeat:
        _flash("error", t("auth.passwords_differ", language))
        return
    try:
        added = store().add_user(actor, str(ss.get("adm_add_email") or ""), str(ss.get("adm_add_role")),
                                 ss.get("adm_add_orgs") or [], password if source == auth.LOCAL else None, source)
    except PramernError as exc:
        _flash("error", exc.message(language))
    else:
        _flash("success", t("adm.added", language, email=added.email))
        ss["adm_add_email"] = ""
        ss["adm_add_orgs"] = []


with st.expander(tr("adm.add"), icon=":material/person_add:"):
    # Outside the form, so that searching (which reruns at once) keeps the organisations already chosen.
    add_orgs = org_choices("adm_add_orgs_search", st.session_state.get("adm_add_orgs") or [])
    st.multiselect(tr("adm.col_orgs"), add_orgs, key="adm_add_orgs", help=tr("adm.orgs_help"), format_func=_org_name)
    with st.form("adm_add_form", border=False):
        st.text_input(tr("auth.email"), key="adm_add_email", max_chars=auth.MAX_EMAIL)
        c1, c2 = st.columns(2)
        c1.selectbox(tr("adm.col_role"), auth.ROLES, key="adm_add_role", format_func=lambda r: t(f"auth.role.{r}", language))
        c2.radio(tr("adm.col_source"), auth.SOURCES, key="adm_add_source", horizontal=True,
                 format_func=lambda s: t(f"adm.source.{s}", language))
        c1, c2 = st.columns(2)
        c1.text_input(tr("auth.new_password", n=auth.MIN_PASSWORD), key="adm_add_password", type="password",
                      autocomplete="new-password", help=tr("adm.password_local_only"))
        c2.text_input(tr("auth.repeat_password"), key="adm_add_repeat", type="password", autocomplete="new-password")
        st.form_submit_button(tr("adm.add_submit"), key="adm_add_submit", type="primary", on_click=_add_account)

# -- one account: role, organisations, lock, password, enabled --------------------------------------------
if not accounts.empty:
    st.subheader(tr("adm.manage"))
    pick = st.selectbox(tr("adm.pick"), accounts["email"].tolist(), key="adm_pick")
    account = store().account(pick)
    if account is not None:
        suffix = account.email  # widget keys per account, so switching accounts shows that account's values

        def _act(what: str, change: Callable[[], None]) -> None:
            try:
                change()
            except PramernError as exc:
                _flash("error", exc.message(language))
            else:
                _flash("success", tr("adm.done", what=what))
            st.rerun()

        c1, c2 = st.columns(2)
        role = c1.selectbox(tr("adm.col_role"), auth.ROLES, index=auth.ROLES.index(account.role),
                            key=f"adm_role_{suffix}", format_func=lambda r: t(f"auth.role.{r}", language))
        if c1.button(tr("adm.save_role"), key="adm_save_role", disabled=role == account.role):
            _act(tr("adm.save_role"), lambda: store().set_role(user, account.email, role))
        with c2:
            chosen_orgs = st.session_state.get(f"adm_orgs_{suffix}", list(account.orgs))
            offered = org_choices(f"adm_orgs_search_{suffix}", [*chosen_orgs, *account.orgs])
        orgs = c2.multiselect(tr("adm.col_orgs"), list(dict.fromkeys([*offered, *account.orgs, *chosen_orgs])),
                              default=list(account.orgs), key=f"adm_orgs_{suffix}", help=tr("adm.orgs_help"),
                              format_func=_org_name)
        if c2.button(tr("adm.save_orgs"), key="adm_save_orgs", disabled=tuple(sorted(orgs)) == account.orgs):
            _act(tr("adm.save_orgs"), lambda: store().set_orgs(user, account.email, orgs))

        c1, c2 = st.columns(2)
        if account.locked_until is not None and auth.is_locked(account.locked_until, auth.now()):
            c1.warning(tr("adm.locked_until", time=_when(account.locked_until)))
            if c1.button(tr("adm.unlock"), key="adm_unlock"):
                _act(tr("adm.unlock"), lambda: store().unlock_user(user, account.email))
        if account.disabled:
            if c2.button(tr("adm.enable"), key="adm_enable"):
                _act(tr("adm.enable"), lambda: store().enable_user(user, account.email))
        elif c2.button(tr("adm.disable"), key="adm_disable", disabled=account.email == user.email):
            _act(tr("adm.disable"), lambda: store().disable_user(user, account.email))

        if account.source == auth.LOCAL:
            @callback
            def _reset_password(email: str) -> None:
                ss = st.session_state
                password, repeat = str(ss.get("adm_reset_password") or ""), str(ss.get("adm_reset_repeat") or "")
                ss["adm_reset_password"] = ss["adm_reset_repeat"] = ""
                actor = session_user()
                if actor is None:
                    return
                if password != repeat:
                    _flash("error", t("auth.passwords_differ", language))
                    return
                try:
                    store().reset_password(actor, email, password)
                except PramernError as exc:
                    _flash("error", exc.message(language))
                else:
                    _flash("success", t("adm.done", language, what=t("adm.reset_password", language)))

            with st.expander(tr("adm.reset_password"), icon=":material/key:"):
                with st.form("adm_reset_form", border=False):
                    st.text_input(tr("auth.new_password", n=auth.MIN_PASSWORD), key="adm_reset_password",
                                  type="password", autocomplete="new-password")
                    st.text_input(tr("auth.repeat_password"), key="adm_reset_repeat", type="password",
                                  autocomplete="new-password")
                    st.form_submit_button(tr("adm.reset_password"), key="adm_reset_submit",
                                          on_click=_reset_password, args=(account.email,))

# -- settings ------------------------------------------------------------------------------------------
if user.may("settings"):
    st.subheader(tr("adm.settings"))
    stored_idle = store().setting(settings.IDLE_MINUTES)
    idle_now = auth.idle_minutes(stored_idle) or int(auth.idle_limit(None).total_seconds() // 60)
    schemes = scheme_configs(store())
    three, five = schemes[THREE_LEVEL], schemes[FIVE_LEVEL]
    low, high = auth.IDLE_RANGE
    idle = st.number_input(tr("adm.idle_minutes"), min_value=low, max_value=high, value=idle_now, step=5,
                           key="adm_idle")
    st.markdown(f"**{tr('adm.three_level')}**")
    c1, c2, c3 = st.columns(3)
    basic = c1.number_input(tr("adm.score_basic"), min_value=0.0, value=float(three.scores[0]), key="adm_s1")
    standard = c2.number_input(tr("adm.score_standard"), min_value=0.0, value=float(three.scores[1]), key="adm_s2")
    advanced = c3.number_input(tr("adm.score_advanced"), min_value=0.0, value=float(three.scores[2]), key="adm_s3")
    st.markdown(f"**{tr('adm.below_first')}**")
    c1, c2 = st.columns(2)
    below5 = c1.number_input(tr("adm.below_first_5"), min_value=0.0, value=float(five.below_first), key="adm_below5")
    below3 = c2.number_input(tr("adm.below_first_3"), min_value=0.0, value=float(three.below_first), key="adm_below3")
    if st.button(tr("adm.save_settings"), key="adm_save_settings", type="primary"):
        try:
            minutes = settings.check_idle_minutes(idle)
            wanted = settings.scheme_settings((basic, standard, advanced), below5, below3)
            if minutes != stored_idle:
                store().change_setting(user, settings.IDLE_MINUTES, minutes)
            if wanted != store().setting(settings.SCHEMES):
                store().change_setting(user, settings.SCHEMES, wanted)
        except PramernError as exc:
            st.error(exc.message(language))
        else:
            st.cache_data.clear()  # every cached score was computed with the old points
            _flash("success", tr("adm.settings_saved"))
            st.rerun()


# -- government days off (the working days of the evaluation cycle) -----------------------------------
if user.may("settings"):
    st.subheader(tr("adm.days_off"))
    st.caption(tr("adm.days_off_intro"))
    this_year = ce_to_be(dt.date.today().year)
    year_be = int(st.selectbox(tr("adm.days_off_year"), list(range(this_year + 1, this_year - 4, -1)), index=1,
                               key="adm_days_off_year"))
    listed = store().days_off(be_to_ce(year_be))
    weekdays = {"th": ("จ.", "อ.", "พ.", "พฤ.", "ศ.", "ส.", "อา."), "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}
    if listed.empty:
        st.info(tr("adm.days_off_none"))
    else:
        table(pd.DataFrame({
            "day": [format_date(d, language) for d in listed["day"]],
            "weekday": [weekdays[language][d.weekday()] for d in listed["day"]],
            "name": listed["name_th" if language == "th" else "name_en"].fillna(""),
            "source": [tr(f"adm.days_off_source.{s}") for s in listed["source"]],
            "by": [b if isinstance(b, str) else "" for b in listed["changed_by"]],
        }), f"pramern_days_off_{year_be}", key="adm_days_off_table", title=tr("exp.xlsx_t_days_off", year=year_be),
            scope=tr("exp.xlsx_scope_system"), headers={
            "day": tr("adm.days_off_col_day"), "weekday": tr("adm.days_off_col_weekday"),
            "name": tr("adm.days_off_col_name"), "source": tr("adm.days_off_col_source"), "by": tr("adm.days_off_col_by")})
    c1, c2 = st.columns(2)
    with c1.form("adm_days_off_add_form", clear_on_submit=True):
        st.markdown(f"**{tr('adm.days_off_add')}**")
        new_day = st.date_input(tr("adm.days_off_add_day"), value=None, key="adm_days_off_new_day",
                                min_value=dt.date(be_to_ce(year_be), 1, 1), max_value=dt.date(be_to_ce(year_be), 12, 31),
                                format="DD/MM/YYYY")
        new_name = st.text_input(tr("adm.days_off_add_name"), key="adm_days_off_new_name")
        if st.form_submit_button(tr("adm.days_off_add"), key="adm_days_off_add_submit") and new_day is not None:
            try:
                store().add_day_off(user, new_day, new_name)
            except PramernError as exc:
                st.error(exc.message(language))
            else:
                st.cache_data.clear()  # every cached working-day count used the old calendar
                _flash("success", tr("adm.days_off_added", day=format_date(new_day, language)))
                st.rerun()
    current = listed[listed["source"] != "removed"] if not listed.empty else listed
    with c2.form("adm_days_off_remove_form"):
        st.markdown(f"**{tr('adm.days_off_remove')}**")
        options = {f"{format_date(r.day, language)} {r.name_th if language == 'th' else r.name_en}": r.day
                   for r in current.itertuples()}
        picked = st.selectbox(tr("adm.days_off_remove_pick"), list(options), index=None, key="adm_days_off_pick")
        if st.form_submit_button(tr("adm.days_off_remove"), key="adm_days_off_remove_submit") and picked:
            day = options[picked]
            try:
                store().remove_day_off(user, day)
            except PramernError as exc:
                st.error(exc.message(language))
            else:
                st.cache_data.clear()
                _flash("success", tr("adm.days_off_removed", day=format_date(day, language)))
                st.rerun()
