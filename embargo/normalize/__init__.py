"""Normalization: any script to comparable name parts, dates, countries, identifiers.

The screening index stores names as this package normalizes them, so an index built
by one version of the rules must not be queried with another: `fingerprint` names
the rules in force, and cached indexes are keyed by it.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A short hash of this package's code and word lists (what indexed names depend on).

    Editing a word list or a romanization rule changes it, so a cached index built
    under the old rules is rebuilt instead of silently disagreeing with the queries.
    """
    digest = hashlib.sha256()
    for path in sorted(_HERE.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".json", ".txt", ".tsv"}:
            digest.update(path.relative_to(_HERE).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
