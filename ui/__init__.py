"""Streamlit glue shared by the pages: the store, the sidebar selection, cached reads, rendering."""


def _leave_pages_folder_mode() -> None:
    """Run every page through app.py, also when a server's first visitor opens a page's own URL.

    With a pages/ folder beside app.py, Streamlit starts a fresh server in its old multipage mode: a
    first request for /kpi or /upload runs that page script alone, without app.py's sign-in gate,
    menu and sidebar, and keeps doing so for later visitors until someone opens the root URL. The
    first import of this package (by that page script) turns the old mode off and asks Streamlit to
    run the same request again, now through app.py and st.navigation.
    """
    try:
        from streamlit.commands.execution_control import _force_yield_point
        from streamlit.runtime.pages_manager import PagesManager
        from streamlit.runtime.scriptrunner import get_script_run_ctx
        from streamlit.runtime.scriptrunner_utils.script_requests import RerunData
    except ImportError:  # Streamlit reorganised: nothing to undo
        return
    if not PagesManager.uses_pages_directory:
        return
    PagesManager.uses_pages_directory = False
    ctx = get_script_run_ctx()
    if ctx is None or ctx.script_requests is None:
        return
    ctx.script_requests.request_rerun(RerunData(query_string=ctx.query_string,
                                                page_name=ctx.pages_manager.intended_page_name or "",
                                                context_info=ctx.context_info))
    _force_yield_point()


_leave_pages_folder_mode()
