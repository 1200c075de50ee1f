"""The original files of imports, named by their SHA-256: only those of committed batches.

On PostgreSQL (the shared store of several servers) the originals are kept in the database itself,
written by the import's own transaction (Store.apply_imports with original=...), so any replica behind
the load balancer serves them and nothing is staged on a disk: `stage_original` hands the bytes over
instead of writing a file. A database migrated from a Pramern that kept them as files still finds those
files (`read_original` looks there when the table has no such original).

On DuckDB (one server) they are files beside the database. An original is first written to the staging folder beside the kept-files folder (<db>_incoming/),
named with the process id; it is moved into the kept-files folder (<db>_files/) only after its
batches commit, and removed when the import fails. A process killed in between leaves its staged file
behind: the next import sweeps it away, or moves it in when its batch did commit (killed between the
commit and the move). So the kept-files folder holds the originals of committed batches and nothing else.
"""

from __future__ import annotations

import hashlib
import os
import socket
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from analytics.store import Store

# The extensions an original is kept with (the guard accepts no other); anything else is kept as .bin.
KEPT_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".tsv", ".txt")
_HOST = socket.gethostname().replace("~", "-") or "host"
STALE_SECONDS = 24 * 3600  # a staged file of another server older than this belongs to no running import


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def files_dir(store: Store) -> Path:
    """Original files are kept beside the database, named by their SHA-256."""
    return store.path.parent / f"{store.path.stem}_files"


def staging_dir(store: Store) -> Path:
    """Where an original waits while its import runs (same file system, so moving it in is atomic)."""
    return store.path.parent / f"{store.path.stem}_incoming"


def kept_name(file_name: str, sha256: str) -> str:
    suffix = Path(file_name.replace("\\", "/")).suffix.lower()
    return f"{sha256}{suffix if suffix in KEPT_SUFFIXES else '.bin'}"


@dataclass(frozen=True)
class Staged:
    """An original waiting for its batch to commit: written to the staging folder (DuckDB), or its bytes,
    which the import's transaction stores with the batch (PostgreSQL: path None, data the bytes)."""

    path: Path | None
    target: Path | None
    kept: str = ""
    data: bytes | None = None

    @property
    def name(self) -> str:
        return self.target.name if self.target is not None else self.kept


def stage_original(store: Store, data: bytes, file_name: str, sha256: str) -> Staged | None:
    """Write the original to the staging folder (flushed to disk) before its batches are stored; in a
    database that keeps originals, only name it: the import's transaction stores the bytes."""
    if store.originals_in_database:
        return Staged(None, None, kept_name(file_name, sha256), data)
    if str(store.path) == ":memory:":
        return None
    name = kept_name(file_name, sha256)
    folder = staging_dir(store)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}~{_HOST}~{os.getpid()}~{uuid.uuid4().hex[:12]}"
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return Staged(path, files_dir(store) / name)


def commit_original(staged: Staged | None) -> None:
    """Move a staged original into the kept-files folder once its batches committed."""
    if staged is None or staged.path is None or staged.target is None:
        return
    staged.target.parent.mkdir(parents=True, exist_ok=True)
    if staged.target.exists():  # the same file kept for an earlier batch: one copy is enough
        staged.path.unlink(missing_ok=True)
    else:
        os.replace(staged.path, staged.target)


def discard_original(staged: Staged | None) -> None:
    """Remove a staged original whose import failed."""
    if staged is not None and staged.path is not None:
        staged.path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_staged(store: Store) -> list[str]:
    """Settle what killed imports left in the staging folder; returns the originals moved in.

    A staged file of a process still running on this server is its import at work and is left alone (one
    of another server sharing the folder, for a day). Otherwise, a file
    some batch names (its process died after the commit) is moved into the kept-files folder, and any
    other (its process died before the commit) is removed.
    """
    folder = staging_dir(store)
    if str(store.path) == ":memory:" or store.originals_in_database or not folder.is_dir():
        return []
    moved: list[str] = []
    now = time.time()
    for path in folder.iterdir():
        parts = path.name.rsplit("~", 3)
        if len(parts) != 4 or not parts[2].isdigit():
            continue  # not a staged original
        kept, host, pid = parts[0], parts[1], int(parts[2])
        if host == _HOST:
            if _alive(pid):
                continue  # an import at work in this host's process
        else:
            # Another server's (sharing the folder): its processes cannot be seen from here, so its file
            # is settled only when no import could still be running with it.
            try:
                if now - path.stat().st_mtime < STALE_SECONDS:
                    continue
            except FileNotFoundError:
                continue
        if store.batches_keeping(kept):
            commit_original(Staged(path, files_dir(store) / kept))
            moved.append(kept)
        else:
            path.unlink(missing_ok=True)
    return moved


def keep_original(store: Store, data: bytes, file_name: str, sha256: str) -> str | None:
    """Keep an original at once (for batches already committed, such as the demo loader's)."""
    staged = stage_original(store, data, file_name, sha256)
    if staged is not None and staged.data is not None:
        store.keep_original_now(staged.name, sha256, staged.data)
    commit_original(staged)
    return staged.name if staged is not None else None


def _kept_file(store: Store, stored_file: str) -> Path | None:
    if str(store.path) == ":memory:" or not stored_file or "/" in stored_file or "\\" in stored_file:
        return None
    path = files_dir(store) / stored_file
    return path if path.is_file() else None


def has_original(store: Store, stored_file: str | None) -> bool:
    """Whether the original a batch names is kept (without reading it)."""
    if not stored_file:
        return False
    return store.has_original_in_database(stored_file) or _kept_file(store, stored_file) is not None


def read_original(store: Store, stored_file: str) -> bytes | None:
    """The bytes of a kept original: from the database where it keeps them, else (and for originals kept
    as files before it did) from the kept-files folder; None when neither has it."""
    found = store.original_in_database(stored_file)
    if found is not None:
        return found
    path = _kept_file(store, stored_file)
    if path is None:
        return None
    data = path.read_bytes()
    sha256 = stored_file.split(".", 1)[0]
    if store.originals_in_database and sha256_of(data) == sha256:
        # A file an earlier Pramern kept, which `migrate` could not read: into the database now, so that
        # every replica serves it from here on.
        store.keep_original_now(stored_file, sha256, data)
    return data
