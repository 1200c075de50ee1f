"""Pramern's domain: the rules of DOMAIN.md, the store and the importers. Never imports streamlit."""
