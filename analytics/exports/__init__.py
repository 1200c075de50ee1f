"""Meeting exports: chart images, the PowerPoint deck, Excel tables and the PDF briefing.

Everything here takes data (a Store, a frame, a figure) and returns bytes; nothing renders in
Streamlit. `briefing.py` gathers what the deck and the PDF show from analytics.report, so both
carry the numbers the dashboard shows.
"""

from __future__ import annotations

from analytics.errors import PramernError


class ExportError(PramernError):
    """An export could not be produced (no browser, a render that failed or timed out)."""


class NoDataError(PramernError):
    """The organisation has no data for the year asked for."""


def change_format(decimals: int) -> str:
    """An Excel number format for a change: sign and arrow, green up, red down (▲ +0.74, ▼ -1.20, ► 0.00).

    Here rather than in excel.py so a page can name it without loading openpyxl.
    """
    body = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return f'[Color10]"▲ "+{body};[Red]"▼ "-{body};"► "{body}'
