"""Audit trail (administrators): every sign-in, import, undo, edit, export and account change, filtered and exported."""

import datetime as dt

import pandas as pd
import streamlit as st

from analytics.i18n import has, t
from analytics.store.audit import ChainCheck
from ui.auth import guard
from ui.common import db_key, fmt_date, lang, store, table, tr

LIMIT = 5_000

guard("audit")
language = lang()
st.title(tr("aud.title"))
st.caption(tr("aud.intro"))
if not store().audit_guarded():
    st.warning(tr("aud.unguarded"))


# The hash chain: the first event changed, removed or reordered, by any SQL. Walking it costs about
# 45 µs an event (100,000 events: 4.5 s on a busy machine), so one check serves every visit for a
# minute; "check again" walks it at once.
@st.cache_data(ttl=60, show_spinner=False, max_entries=4)
def _chain_check(db: str, asked: int) -> tuple[ChainCheck, dt.datetime]:
    return store().verify_audit(), dt.datetime.now()


c_check, c_again = st.columns([6, 1], vertical_alignment="center")
if c_again.button(tr("sec.chain.again"), key="aud_chain_again", icon=":material/refresh:"):
    st.session_state["aud_chain_asked"] = st.session_state.get("aud_chain_asked", 0) + 1
with st.spinner(tr("sec.chain.checking")):
    chain, checked_at = _chain_check(db_key(), st.session_state.get("aud_chain_asked", 0))
shown = f"{chain.message(language)} {tr('sec.chain.checked_at', time=f'{checked_at:%H:%M:%S}')}"
if chain.intact:
    c_check.success(shown, icon=":material/verified:")
else:
    c_check.error(shown, icon=":material/gpp_bad:")


def action_label(action: str) -> str:
    # Widgets call their format_func outside the script run too: the language is bound, not looked up.
    return t(f"aud.act.{action}", language) if has(f"aud.act.{action}") else action


actors, actions = store().audit_vocabulary()
c1, c2, c3, c4, c5 = st.columns([1.4, 1.6, 0.8, 0.8, 1.2], vertical_alignment="bottom")
actor = c1.selectbox(tr("aud.actor"), ["", *actors], key="aud_actor",
                     format_func=lambda a: a or t("aud.actor_all", language))
picked = c2.multiselect(tr("aud.action"), actions, key="aud_actions", format_func=action_label)
since = c3.date_input(tr("aud.from"), value=None, key="aud_from")
until = c4.date_input(tr("aud.to"), value=None, key="aud_to")
obj = c5.text_input(tr("aud.object"), key="aud_object").strip()

filters = {
    "actor": actor or None,
    "actions": picked or None,
    "since": dt.datetime.combine(since, dt.time()) if since else None,
    "until": dt.datetime.combine(until + dt.timedelta(days=1), dt.time()) if until else None,
    "object_contains": obj or None,
}
total = store().audit_count(**filters)
if not total:
    st.info(tr("aud.none"))
    st.stop()
events = store().audit_events(**filters, limit=LIMIT)
st.caption(tr("aud.truncated", shown=f"{len(events):,}", n=f"{total:,}") if total > len(events)
           else tr("aud.count", n=f"{total:,}"))

shown = pd.DataFrame({
    "id": events["id"].astype(int),
    "at": [f"{fmt_date(a)} {pd.Timestamp(a):%H:%M:%S}" for a in events["at"]],
    "actor": events["actor"],
    "action": [action_label(a) for a in events["action"]],
    "object": events["object"].fillna(""),
    "batch_id": events["batch_id"].astype("Int64"),
    "detail": events["detail"].fillna(""),
})
table(shown, "pramern_audit", key="aud_table", title=tr("aud.title"), scope=tr("exp.xlsx_scope_system"), headers={
    "id": tr("aud.col_id"), "at": tr("aud.col_at"), "actor": tr("aud.col_actor"), "action": tr("aud.col_action"),
    "object": tr("aud.col_object"), "batch_id": tr("aud.col_batch"), "detail": tr("aud.col_detail")},
    column_config={"detail": st.column_config.TextColumn(tr("aud.col_detail"), width="large")})
