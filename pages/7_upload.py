"""Upload: templates, checking, preview, import, history and undo."""


import pandas as pd
import streamlit as st

from analytics.charts.base import file_stem
from analytics.errors import PramernError
from analytics.i18n import t
from analytics.importing import KINDS, MB, Limits, Parsed, has_original, parse_file, read_original
from analytics.importing.preview import preview_table
from analytics.templates import template_bytes
from ui.auth import audited, guard
from ui.common import data_version, lang, org_choices, org_labels, selection, store, tr
from ui.common import table as show_table
from ui.uploads import do_import, do_undo, may_undo, problems_frame, uploader_css

user = guard("import")
PREVIEW_ROWS = 200


@st.cache_data(show_spinner=False)
def template(kind: str) -> bytes:
    """The template workbook of a kind: the same for everyone, so built once, not on every rerun."""
    return template_bytes(kind)


sel = selection()
st.title(tr("up.title"))
st.caption(tr("up.intro"))
limits = Limits(max_bytes=int(st.get_option("server.maxUploadSize")) * MB)

with st.expander(tr("up.templates")):
    st.caption(tr("up.templates_help"))
    cols = st.columns(3)
    for i, kind in enumerate(KINDS):
        cols[i % 3].download_button(tr("up.template_button", kind=tr(f"kind.{kind}")), template(kind),
                                    file_name=f"pramern_template_{kind}.xlsx", key=f"up_tpl_{kind}",
                                    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    st.download_button(tr("up.template_all"), template("all"), file_name="pramern_template_all.xlsx", key="up_tpl_all",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

st.markdown(uploader_css(lang(), limits.max_bytes // MB, ["xlsx", "csv"]), unsafe_allow_html=True)
uploaded = st.file_uploader(tr("up.file", mb=limits.max_bytes // MB), type=["xlsx", "csv"], key="up_file")
# Labels are fixed at render time: a format_func must not read the session when it is called.
kind_labels = {"auto": tr("up.kind_auto"), **{k: f"{tr(f'kind.{k}')} ({k})" for k in KINDS}}
kind_choice = st.selectbox(tr("up.kind"), list(kind_labels), key="up_kind", format_func=kind_labels.__getitem__)


@st.cache_data(show_spinner=False, max_entries=16)
def _parse(data: bytes, name: str, kind: str | None, org: str | None, year: int | None, db: str,
           version: int) -> Parsed:
    return parse_file(data, name, store(), kind, org, year, limits)


if uploaded is not None:
    data = uploaded.getvalue()
    kind = None if kind_choice == "auto" else kind_choice
    version = data_version()
    first = _parse(data, uploaded.name, kind, None, None, str(store().path), version)
    needs = {p.column for p in first.problems if p.code == "missing_org_year"}
    org: str | None = None
    year: int | None = None
    if needs:
        # The file names neither organisation nor year: ask, and keep asking on every rerun.
        if "org_code" in needs:
            labels = org_labels()
            offered = org_choices("up_org_search", [st.session_state.get("up_org") or ""])
            org = st.selectbox(tr("up.org"), offered, key="up_org", index=None, format_func=labels.__getitem__)
        if "fiscal_year" in needs:
            chosen = st.number_input(tr("up.year"), min_value=2500, max_value=2700, value=None, step=1, key="up_year")
            year = int(chosen) if chosen is not None else None
        if ("org_code" in needs and org is None) or ("fiscal_year" in needs and year is None):
            st.stop()
        parsed = _parse(data, uploaded.name, kind, org, year, str(store().path), version)
    else:
        parsed = first
    if parsed.parts:
        sheets = ", ".join(tr("up.sheet_kind", sheet=p.sheet, kind=tr(f"kind.{p.kind}")) for p in parsed.parts)
        st.info(tr("up.sheets_found", n=len(parsed.parts), sheets=sheets) if len(parsed.parts) > 1 else
                tr("up.detected", kind=tr(f"kind.{parsed.parts[0].kind}"), sheet=parsed.parts[0].sheet))
    for note in parsed.notes:
        st.caption(note.what(lang()))
    errors, warnings = parsed.errors, parsed.warnings
    stem = uploaded.name.rsplit(".", 1)[0]
    if errors:
        st.error(tr("up.errors", n=len(errors)))
        error_rows = problems_frame(errors, lang())
        show_table(error_rows, file_stem("upload", stem, "errors"), "up_errors", {c: c for c in error_rows.columns},
                   title=tr("exp.xlsx_t_up_errors"), scope=tr("exp.xlsx_scope_file", file=uploaded.name))
    if warnings:
        st.warning(tr("up.warnings", n=len(warnings)))
        warning_rows = problems_frame(warnings, lang())
        show_table(warning_rows, file_stem("upload", stem, "warnings"), "up_warnings",
                   {c: c for c in warning_rows.columns}, title=tr("exp.xlsx_t_up_warnings"),
                   scope=tr("exp.xlsx_scope_file", file=uploaded.name))
    for i, part in enumerate(parsed.parts):
        if part.preview is None:
            continue
        rows = len(part.preview)
        st.caption(tr("up.preview_sheet", sheet=part.sheet, kind=tr(f"kind.{part.kind}"), rows=f"{rows:,}"))
        st.dataframe(preview_table(part, lang(), PREVIEW_ROWS), hide_index=True, key=f"up_preview_{i}")
        if rows > PREVIEW_ROWS:
            st.caption(tr("up.preview_more", shown=PREVIEW_ROWS, rows=f"{rows:,}"))
    if parsed.ok:
        counts = ", ".join(tr("up.sheet_rows", kind=tr(f"kind.{p.kind}"), rows=f"{len(p.preview):,}")
                           for p in parsed.parts if p.preview is not None)
        st.success(tr("up.valid", rows=counts))
        replaced = [s for p in parsed.plans for s in store().existing_scopes(p.kind, p.scopes)]
        confirmed = True
        if replaced:
            st.warning(tr("up.replace_warning", scopes="; ".join("/".join(str(v) for v in s) for s in replaced)))
            confirmed = st.checkbox(tr("up.replace_confirm"), key="up_replace")
        if st.button(tr("up.import"), type="primary", disabled=not confirmed, key="up_import"):
            try:
                outcome = do_import(data, uploaded.name, kind, org, year, bool(replaced), limits)
            except PramernError as exc:
                st.error(exc.message(lang()))
            else:
                st.success(tr("up.imported", batch=", ".join(map(str, outcome.batch_ids)), rows=counts))
                st.session_state["up_last_batch"] = outcome.batch_id
                st.write(tr("up.see_pages"))
                st.page_link("pages/1_overview.py", label=tr("nav.overview"), icon=":material/home:")

# -- history and undo ---------------------------------------------------------------------------
st.subheader(tr("up.history"))
if flash := st.session_state.pop("up_flash", None):
    st.success(flash)
batches = store().batches()
if not batches:
    st.info(tr("up.no_history"))
    st.stop()
history = pd.DataFrame([{
    tr("up.h_id"): b.batch_id, tr("up.h_kind"): t(f"kind.{b.kind}", lang()), tr("up.h_file"): b.file_name,
    tr("up.h_rows"): b.rows, tr("up.h_actor"): b.actor, tr("up.h_when"): b.created_at.strftime("%Y-%m-%d %H:%M"),
    tr("up.h_status"): tr(f"up.status_{b.status}") if b.status in ("active", "undone") else b.status,
    tr("up.h_scope"): b.scope or "", tr("up.h_sha"): b.sha256} for b in batches])
show_table(history, file_stem("upload", "history"), "up_history", {c: c for c in history.columns}, {tr("up.h_rows"): 0},
           title=tr("up.history"), scope=tr("exp.xlsx_scope_system"), column_config={tr("up.h_rows"): st.column_config.NumberColumn(format="localized")})
by_id = {b.batch_id: b for b in batches}
active = [b.batch_id for b in batches if b.status == "active"]
batch_labels = {i: f"{i}: {b.file_name} ({tr(f'up.status_{b.status}')})" for i, b in by_id.items()}
pick = st.selectbox(tr("up.undo_pick"), list(by_id), key="up_undo_pick", format_func=batch_labels.__getitem__)
chosen = by_id[pick]
# The original comes from the shared store on PostgreSQL, so any replica serves it; read only when clicked.
kept = chosen.stored_file
if kept and has_original(store(), kept):
    target = store()
    st.download_button(tr("up.download_original"), audited(lambda: read_original(target, kept) or b"", chosen.file_name),
                       file_name=chosen.file_name, key="up_download_original", on_click="ignore")
if pick in active and may_undo(user, chosen):
    sure = st.checkbox(tr("up.undo_confirm", batch=pick, file=chosen.file_name), key="up_undo_confirm")
    if st.button(tr("up.undo"), disabled=not sure, key="up_undo"):
        try:
            do_undo(pick)
        except PramernError as exc:
            st.error(exc.message(lang()))
        else:
            st.session_state["up_flash"] = tr("up.undone", batch=pick)
            st.rerun()

