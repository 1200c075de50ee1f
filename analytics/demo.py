"""Loading the demo data of data/demo/ (seeds and illustrative files) through the importers.

The loader acts as auth.SYSTEM. In demo mode (PRAMERN_DEMO=1, which `make run` sets) it also creates
the demo analyst, whose password is public (auth.DEMO_ANALYST_PASSWORD); outside demo mode it creates
no account, and auth.sign_in refuses that one.
"""

from __future__ import annotations

import json
from pathlib import Path

from analytics import auth
from analytics.auth import User
from analytics.errors import DuplicateFileError
from analytics.importing import import_file
from analytics.store import Store

DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"


def demo_manifest(folder: Path = DEMO_DIR) -> list[dict[str, object]]:
    entries: list[dict[str, object]] = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return entries


def load_demo(store: Store, folder: Path = DEMO_DIR, user: User = auth.SYSTEM) -> list[int]:
    """Import every demo file in manifest order; files already imported are skipped."""
    batch_ids = []
    for entry in demo_manifest(folder):
        path = folder / str(entry["file"])
        try:
            outcome = import_file(store, path.read_bytes(), path.name, user, kind=str(entry["kind"]),
                                  org=entry.get("org"), year=entry.get("year"))  # type: ignore[arg-type]
        except DuplicateFileError:
            continue
        batch_ids.append(outcome.batch_id)
    if auth.demo_mode():
        ensure_demo_analyst(store)
    return batch_ids


def ensure_demo_analyst(store: Store) -> bool:
    """Create the demo analyst (every organisation) unless it exists; True when it was created."""
    if store.account(auth.DEMO_ANALYST_EMAIL) is not None:
        return False
    store.add_user(auth.SYSTEM, auth.DEMO_ANALYST_EMAIL, auth.ANALYST, password=auth.DEMO_ANALYST_PASSWORD)
    return True


def demo_sign_in_hint() -> str:
    return (f"Demo mode: anyone may view. To upload or edit, sign in as {auth.DEMO_ANALYST_EMAIL} "
            f"with the demo password {auth.DEMO_ANALYST_PASSWORD}")


def ensure_demo(store: Store) -> bool:
    """Load the demo data when the database is empty; True when it did."""
    if not store.is_empty():
        if auth.demo_mode():
            ensure_demo_analyst(store)
        return False
    load_demo(store)
    return True
