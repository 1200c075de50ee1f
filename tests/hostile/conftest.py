"""Shared by the hostile-file tests: a demo database every refused case must leave as it was."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from analytics.importing import files_dir
from analytics.importing.originals import staging_dir
from analytics.store import Store


def snapshot(path: Path) -> dict:
    """Every table of the database at path (Store.snapshot), the store closed again."""
    s = Store(path)
    try:
        return s.snapshot()
    finally:
        s.close()


def kept_files(path: Path) -> list[str]:
    """The files in the kept-files folder and the staging folder of the database at path."""
    s = Store(path)
    try:
        folders = [files_dir(s), staging_dir(s)]
    finally:
        s.close()
    return sorted(p.name for folder in folders if folder.exists() for p in folder.iterdir())


@pytest.fixture(scope="module")
def hostile_db(demo_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict]]:
    """A copy of the demo database and its snapshot; every case must leave both as they were."""
    target = tmp_path_factory.mktemp("hostile") / "hostile.duckdb"
    shutil.copy(demo_db_file, target)
    yield target, snapshot(target)
