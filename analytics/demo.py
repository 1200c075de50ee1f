"""Loading the demo data of data/demo/ (seeds and illustrative files) through the importers."""

from __future__ import annotations

import json
from pathlib import Path

from analytics.errors import DuplicateFileError
from analytics.importers import import_file
from analytics.store import Store

DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"
DEMO_ACTOR = "demo"


def demo_manifest(folder: Path = DEMO_DIR) -> list[dict[str, object]]:
    entries: list[dict[str, object]] = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return entries


def load_demo(store: Store, folder: Path = DEMO_DIR, actor: str = DEMO_ACTOR) -> list[int]:
    """Import every demo file in manifest order; files already imported are skipped."""
    batch_ids = []
    for entry in demo_manifest(folder):
        path = folder / str(entry["file"])
        try:
            outcome = import_file(store, path.read_bytes(), path.name, actor, kind=str(entry["kind"]),
                                  org=entry.get("org"), year=entry.get("year"))  # type: ignore[arg-type]
        except DuplicateFileError:
            continue
        batch_ids.append(outcome.batch_id)
    return batch_ids


def ensure_demo(store: Store) -> bool:
    """Load the demo data when the database is empty; True when it did."""
    if not store.is_empty():
        return False
    load_demo(store)
    return True
