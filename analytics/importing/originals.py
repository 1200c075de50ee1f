"""The original files, kept beside the database and named by their SHA-256."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from analytics.store import Store


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def files_dir(store: Store) -> Path:
    """Original files are kept beside the database, named by their SHA-256."""
    return store.path.parent / f"{store.path.stem}_files"


def keep_original(store: Store, data: bytes, file_name: str, sha256: str) -> str | None:
    if str(store.path) == ":memory:":
        return None
    folder = files_dir(store)
    folder.mkdir(parents=True, exist_ok=True)
    suffix = Path(file_name).suffix.lower() or ".bin"
    target = folder / f"{sha256}{suffix}"
    if not target.exists():
        tmp = target.with_suffix(target.suffix + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
    return target.name

