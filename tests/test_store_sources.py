"""Store.data_sources: which import batches an export's figures come from."""

from __future__ import annotations

import pytest

from analytics.store import Store


def test_sources_name_the_batches_of_the_rows(demo_store: Store) -> None:
    """The current rows of DPIM's FY2568 KPIs come from one file; the ministry's ITA summaries from another."""
    kpi = demo_store.data_sources(["kpis", "kpi_results"], ["DPIM"], [2568])
    assert kpi["file_name"].tolist() == ["13_kpi_dpim_2568.csv"]
    assert int(kpi["n_rows"].iloc[0]) > 11
    both = demo_store.data_sources(["kpis", "ita_summaries"], ["DPIM", "OMIN"], [2568])
    assert set(both["file_name"]) == {"13_kpi_dpim_2568.csv", "20_ita_summary.csv"}
    assert both["batch_id"].is_monotonic_increasing
    assert demo_store.data_sources(["kpis"], ["DPIM"], [2540]).empty


def test_sources_refuse_a_table_that_is_not_data(demo_store: Store) -> None:
    with pytest.raises(ValueError, match="users"):
        demo_store.data_sources(["users"], ["DPIM"], [2568])
