"""Streamlit glue shared by the pages: the store, the sidebar selection, cached reads, rendering."""
