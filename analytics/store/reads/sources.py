"""Reads: which import batches the figures of an export come from (the deck's speaker notes)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analytics.store.connection import StoreBase, quote_ident
from analytics.store.schema import DATA_TABLES


class SourceReads(StoreBase):
    def data_sources(self, tables: Sequence[str], org_codes: Sequence[str], fiscal_years: Sequence[int]) -> pd.DataFrame:
        """The batches whose current rows of these tables hold these orgs' data for these years, oldest first.

        Columns: batch_id, kind, file_name, created_at, actor, n_rows (the rows of the tables asked for).
        """
        unknown = [t for t in tables if t not in DATA_TABLES or t == "orgs"]
        if unknown:
            raise ValueError(f"No data table {', '.join(unknown)}")
        if not tables or not org_codes or not fiscal_years:
            return pd.DataFrame(columns=["batch_id", "kind", "file_name", "created_at", "actor", "n_rows"])
        parts = " UNION ALL ".join(
            f"SELECT batch_id FROM {quote_ident(t)} WHERE replaced_by IS NULL "
            "AND org_code = ANY(CAST($orgs AS VARCHAR[])) AND fiscal_year = ANY(CAST($years AS INTEGER[]))"
            for t in tables)
        return self.df(f"""
            SELECT b.batch_id, b.kind, b.file_name, b.created_at, b.actor, count(*) AS n_rows
            FROM ({parts}) used JOIN batches b ON b.batch_id = used.batch_id
            GROUP BY b.batch_id, b.kind, b.file_name, b.created_at, b.actor
            ORDER BY b.batch_id""", {"orgs": list(org_codes), "years": [int(y) for y in fiscal_years]})
