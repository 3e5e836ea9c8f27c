"""Checks that content sniffing picks the right parser for every bundled list file.

`detect_source` imports every registered parser module; while some are still being
written the registry cannot import them all, so the per-parser sniff check below runs
over the modules that do import and the full `detect_source` check says (by skipping
with the list of missing modules) when it cannot run yet.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from embargo.sources import _PARSERS, detect_source
from embargo.sources.base import SourceParser
from embargo.sources.io import read_head
from tests.conftest import EXCERPTS, LISTS


def bundled_files() -> list[Path]:
    """Every list file shipped in data/lists (full files and excerpts)."""
    files = [p for p in LISTS.iterdir() if p.is_file() and p.suffix != ".md"]
    files += [p for p in EXCERPTS.iterdir() if p.is_file()]
    return sorted(files)


def importable_parsers() -> tuple[list[type[SourceParser]], list[str]]:
    """Registered parser classes whose module imports, and the modules that do not."""
    classes: list[type[SourceParser]] = []
    missing: list[str] = []
    for module_name, class_name in _PARSERS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            missing.append(module_name)
            continue
        classes.append(getattr(module, class_name))
    return classes, missing


def check_sniffing(parser: type[SourceParser], own: set[Path]) -> None:
    """``parser`` recognises exactly its own bundled files; no other parser claims them."""
    own = {p.resolve() for p in own}
    others, _ = importable_parsers()
    for path in bundled_files():
        head = read_head(path)
        assert parser.sniff(path, head) == (path.resolve() in own), path.name
        if path.resolve() in own:
            for other in others:
                if other is not parser:
                    assert not other.sniff(path, head), f"{other.NAME} claims {path.name}"


def check_detect_source(parser: type[SourceParser], own: set[Path]) -> None:
    """`detect_source` returns ``parser`` for its files (needs the whole registry)."""
    _, missing = importable_parsers()
    if missing:
        pytest.skip(f"registry incomplete, not yet importable: {', '.join(missing)}")
    for path in own:
        assert type(detect_source(path)) is parser
