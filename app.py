"""Pramern: the entry point. Builds the menu with st.navigation over pages/ and the shared sidebar."""

import streamlit as st

from ui.common import sidebar, tr

st.set_page_config(page_title="Pramern ประเมิน", page_icon=":material/leaderboard:", layout="wide")

selection = sidebar()
st.session_state["_selection"] = selection

PAGES = {
    "nav.section.dashboards": [
        ("pages/1_overview.py", "nav.overview", "overview", ":material/home:"),
        ("pages/2_kpi.py", "nav.kpi", "kpi", ":material/track_changes:"),
        ("pages/3_ita.py", "nav.ita", "ita", ":material/verified_user:"),
        ("pages/4_compare.py", "nav.compare", "compare", ":material/leaderboard:"),
        ("pages/5_actions.py", "nav.actions", "actions", ":material/task_alt:"),
        ("pages/6_cycle.py", "nav.cycle", "cycle", ":material/event:"),
    ],
    "nav.section.data": [
        ("pages/7_upload.py", "nav.upload", "upload", ":material/upload:"),
    ],
}

navigation = {
    tr(section): [st.Page(path, title=tr(title), url_path=url, icon=icon, default=(url == "overview"))
                  for path, title, url, icon in pages]
    for section, pages in PAGES.items()
}
st.navigation(navigation).run()
