"""Plotly figure builders: pure functions from data to figures, shared by the pages and the exports.

Every builder takes its data and a language and returns a figure with Thai or English labels
from the catalogue and the colours of analytics.palette.
"""
