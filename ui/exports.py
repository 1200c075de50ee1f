"""Download buttons: chart images, tables as Excel, the meeting deck and the PDF briefing.

Every file is produced only when its button is clicked: st.download_button (Streamlit 1.67)
takes a callable as `data` and runs it then, on a thread of its own, so a page rerun renders no
image, workbook or deck nobody asked for. The callables capture plain values (the figure, the
frame, the selection), never widgets or session state, and on_click="ignore" keeps a download
from rerunning the page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import partial
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ui.auth import audited
from ui.common import Selection, data_version, db_key, store, today, tr

# The exporters load python-pptx, openpyxl and the browser drivers when a button is clicked, not before.
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_MIME = "application/pdf"


def _png(fig: go.Figure) -> bytes:
    from analytics.exports.images import to_png
    return to_png(fig)


def _svg(fig: go.Figure) -> bytes:
    from analytics.exports.images import to_svg
    return to_svg(fig)


def image_buttons(fig: go.Figure, name: str, key: str) -> None:
    """PNG (2x) and SVG buttons for a chart, rendered by kaleido on the server when clicked.

    The figure must not be changed after this call: the image is drawn from it at click time.
    """
    with st.container(horizontal=True, gap="small"):
        st.download_button(tr("app.download_png"), data=audited(partial(_png, fig), f"{name}.png"), file_name=f"{name}.png",
                           mime="image/png", key=f"{key}_png", on_click="ignore", icon=":material/image:",
                           help=tr("exp.png_help"), type="tertiary")
        st.download_button(tr("app.download_svg"), data=audited(partial(_svg, fig), f"{name}.svg"), file_name=f"{name}.svg",
                           mime="image/svg+xml", key=f"{key}_svg", on_click="ignore", icon=":material/polyline:",
                           help=tr("exp.svg_help"), type="tertiary")


def _xlsx(df: pd.DataFrame, sheet: str, headers: dict[str, str], formats: dict[str, int | str],
          meta: dict[str, Any]) -> bytes:
    from analytics.exports.excel import SheetMeta, table_to_xlsx
    return table_to_xlsx(df, sheet, headers, formats, meta=SheetMeta(**meta, exported_at=dt.datetime.now()))


def sheet_meta(name: str, title: str | None, scope: str | None = None,
               period: tuple[int | None, int | None] | None = None, sel: Selection | None = None) -> dict[str, Any]:
    """The title block of a table's workbook, as plain values taken now.

    title is the table's readable name (the file name only when none is given). A table of the selected
    unit gets the unit, fiscal year and round of the selection (sel, else the page's selection);
    scope ("Covers: ...") replaces the unit line for a table that is not one unit's (the audit trail, a comparison
    group) and then the year and round appear only when period gives them. period=(year, round)
    overrides the selection's (None leaves that line out). "Exported by" is the signed-in e-mail,
    or the demo viewer's label in demo mode.
    """
    from analytics import auth
    from ui.auth import current_user
    if sel is None:
        found = st.session_state.get("_selection")
        sel = found if isinstance(found, Selection) else None
    from analytics.i18n import t
    user = current_user()
    language = sel.lang if sel else "th"
    by = user.email if user is not None else t("exp.xlsx_demo_viewer", language) if auth.demo_mode() else ""
    meta: dict[str, Any] = {"title": title or name.replace("_", " "), "lang": language,
                            "data_date": today(), "exported_by": by}
    year, round_ = period if period is not None else (None, None)
    if scope is not None:
        meta["scope"] = scope
    elif sel is not None and sel.org:
        meta["unit"] = sel.org_label
        if period is None:
            year, round_ = sel.year, sel.round
    meta.update(fiscal_year=year, round=round_)
    return meta


def excel_button(df: pd.DataFrame, name: str, key: str, headers: Mapping[str, str],
                 formats: Mapping[str, int | str], title: str | None = None, scope: str | None = None,
                 period: tuple[int | None, int | None] | None = None) -> None:
    """An Excel download of exactly these rows and columns, with the headers and decimals shown and a title
    block (title, then the selected unit, year and round, or scope and period: see sheet_meta)."""
    data = audited(partial(_xlsx, df, name[:31], dict(headers), dict(formats), sheet_meta(name, title, scope, period)),
                   f"{name}.xlsx")
    st.download_button(tr("app.download_xlsx"), data=data, file_name=f"{name}.xlsx", mime=XLSX_MIME,
                       key=f"{key}_xlsx", on_click="ignore", icon=":material/table_view:", help=tr("exp.xlsx_help"),
                       type="tertiary")


def column_config(df: pd.DataFrame, headers: Mapping[str, str],
                  formats: Mapping[str, int | str]) -> dict[str, Any]:
    """st.dataframe column settings that show the headers and the decimals the Excel file gets."""
    config: dict[str, Any] = {}
    for col, header in headers.items():
        decimals = formats.get(col)
        if isinstance(decimals, int) and col in df.columns and pd.api.types.is_numeric_dtype(df[col]):
            config[col] = st.column_config.NumberColumn(header, format=f"%,.{decimals}f" if decimals else "%,d")
        else:
            config[col] = st.column_config.Column(header)
    return config


@st.cache_data(show_spinner=False, max_entries=16)
def _deck(db: str, version: int, org: str, year: int, round_: int, lang: str, day: dt.date,
          parts: tuple[str, ...]) -> bytes:
    from analytics.exports.deck import build_deck
    return build_deck(store(), org, year, round_, lang, day, parts)


@st.cache_data(show_spinner=False, max_entries=16)
def _pdf(db: str, version: int, org: str, year: int, round_: int, lang: str, day: dt.date,
         parts: tuple[str, ...]) -> bytes:
    from analytics.exports.pdf import build_pdf
    return build_pdf(store(), org, year, round_, lang, day, parts)


def meeting_buttons(sel: Selection, deck_key: str, pdf_key: str) -> None:
    """The parts to include, then the meeting deck (.pptx) and the PDF briefing of the selected org, year and round."""
    if sel.org is None or sel.year is None:
        return
    from analytics.charts.base import file_stem
    from analytics.exports.briefing import DEFAULT_PARTS, PARTS
    picked = st.pills(tr("exp.parts_label"), PARTS, selection_mode="multi", default=list(DEFAULT_PARTS),
                      format_func=lambda p: tr(f"exp.part.{p}"), key=f"{deck_key}_parts", help=tr("exp.parts_help"))
    parts = tuple(p for p in PARTS if p in (picked or []))
    args = (db_key(), data_version(), sel.org, sel.year, sel.round, sel.lang, today(), parts)
    stem = file_stem(sel.org, sel.year, f"{sel.round}m", "meeting", sel.lang)
    with st.container(horizontal=True, gap="small"):
        st.download_button(tr("exp.deck_button"), data=audited(partial(_deck, *args), f"{stem}.pptx"), file_name=f"{stem}.pptx",
                           mime=PPTX_MIME, key=deck_key, on_click="ignore", icon=":material/slideshow:",
                           help=tr("exp.deck_help"), disabled=not parts)
        st.download_button(tr("exp.pdf_button"), data=audited(partial(_pdf, *args), f"{stem}.pdf"), file_name=f"{stem}.pdf",
                           mime=PDF_MIME, key=pdf_key, on_click="ignore", icon=":material/picture_as_pdf:",
                           help=tr("exp.pdf_help"), disabled=not parts)
    if not parts:
        st.caption(tr("exp.parts_none"))
