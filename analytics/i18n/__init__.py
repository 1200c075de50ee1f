"""The one label catalogue: every text a person reads, in Thai and English.

Entries live in the modules of this package by area; `t(key, lang, **params)` formats one,
and tests fail when a key lacks either language or two areas define the same key.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

LANGS = ("th", "en")


def _collect() -> tuple[dict[str, dict[str, str]], list[str]]:
    merged: dict[str, dict[str, str]] = {}
    clashes: list[str] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for key, entry in getattr(module, "ENTRIES", {}).items():
            if key in merged:
                clashes.append(key)
            merged[key] = entry
    return merged, clashes


CATALOGUE, DUPLICATE_KEYS = _collect()


def t(key: str, lang: str = "th", **params: Any) -> str:
    """The text of a catalogue key in a language, with its parameters filled in."""
    entry = CATALOGUE.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["en"]
    return text.format(**params) if params else text


def has(key: str) -> bool:
    return key in CATALOGUE


def missing_keys() -> dict[str, list[str]]:
    """Keys that lack a text in some language (the catalogue test asserts this is empty)."""
    out: dict[str, list[str]] = {}
    for key, entry in CATALOGUE.items():
        lacking = [lang for lang in LANGS if not entry.get(lang)]
        if lacking:
            out[key] = lacking
    return out
