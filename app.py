"""Pramern: the entry point. Builds the menu with st.navigation over pages/ and the shared sidebar."""

import streamlit as st

from ui.common import sidebar, tr

st.set_page_config(page_title="Pramern ประเมิน", page_icon="📊", layout="wide")

selection = sidebar()
st.session_state["_selection"] = selection

PAGES = {
    "nav.section.dashboards": [
        ("pages/1_overview.py", "nav.overview", "overview", "🏠"),
    ],
}

navigation = {
    tr(section): [st.Page(path, title=tr(title), url_path=url, icon=icon, default=(url == "overview"))
                  for path, title, url, icon in pages]
    for section, pages in PAGES.items()
}
st.navigation(navigation).run()
