"""SourceParser.read: the cyclic collector is paused during a parse and restored."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from embargo.exc import ParseError
from embargo.sources import get_source
from embargo.sources.base import cyclic_gc_paused
from tests.conftest import EXCERPTS


@pytest.fixture
def gc_enabled() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_collector_paused_and_resumed(gc_enabled: None) -> None:
    with cyclic_gc_paused():
        assert not gc.isenabled()
        with cyclic_gc_paused():  # nested (another parse): left as it is
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_collector_resumed_after_an_error(gc_enabled: None, tmp_path: Path) -> None:
    with pytest.raises(ValueError), cyclic_gc_paused():
        raise ValueError("boom")
    assert gc.isenabled()
    broken = tmp_path / "consolidated.xml"
    broken.write_bytes((EXCERPTS / "un_consolidated_excerpt.xml").read_bytes()[:3000])
    with pytest.raises(ParseError):
        get_source("un_sc_xml").read(broken)
    assert gc.isenabled()


def test_collector_left_off_when_the_application_turned_it_off(gc_enabled: None) -> None:
    gc.disable()
    result = get_source("un_sc_xml").read(EXCERPTS / "un_consolidated_excerpt.xml")
    assert len(result.entities) == 7
    assert not gc.isenabled()
    gc.enable()
