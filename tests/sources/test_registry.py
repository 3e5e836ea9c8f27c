"""The parser registry: names, aliases, and content detection of every bundled file.

Detection is checked as a matrix: for every file shipped in ``data/lists/`` (and its
``excerpts/``), the set of parsers whose `sniff` says yes must be exactly the expected
one, so the registry order never decides between two formats, and files embargo has
no parser for must be claimed by none. The expected formats come from the bundle table
the CLI loads (`embargo.services.bundle.BUNDLED`) plus the files it does not load; a
new file in ``data/lists/`` without an entry here fails the test.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from embargo.exc import ParseError
from embargo.services.bundle import BUNDLED
from embargo.sources import (
    FORMAT_ALIASES,
    describe_content,
    detect_source,
    get_source,
    import_failures,
    parser_classes,
    source_names,
)
from embargo.sources.io import read_head
from tests.conftest import EXCERPTS, LISTS

#: Bundled files the CLI does not load (see embargo/services/bundle.py), by format.
NOT_LOADED: dict[str, str] = {
    "ofac_sdn_enhanced_program_IRGC.xml.gz": "us_ofac_enhanced_xml",
    "ofac_sdn_enhanced_program_YEMEN.xml.gz": "us_ofac_enhanced_xml",
    "excerpts/ofac_sdn_advanced_excerpt.xml": "us_ofac_advanced_xml",
    "excerpts/un_consolidated_excerpt.xml": "un_sc_xml",
    "excerpts/uk_sanctions_list_excerpt.xml": "gb_fcdo_xml",
}

#: Files embargo has no parser for (not lists it reads), with what the refusal says.
REFUSED: dict[str, str] = {
    "us_congress_senzing.json.gz": "JSON with keys DATA_SOURCE, RECORD_ID",
    "jp_export_trade_control_order_egov.xml.gz": "XML with root element <Law>",
}

#: Companion files of the OFAC legacy CSV publications: read with their designations
#: file, refused alone with a message naming the file to load.
COMPANIONS: dict[str, str] = {
    "ofac_add.csv.gz": "addresses file of an OFAC legacy CSV publication",
    "ofac_alt.csv.gz": "alternate names file",
    "ofac_sdn_comments.csv": "remarks overflow file",
    "ofac_cons_add.csv": "addresses file",
    "ofac_cons_alt.csv": "alternate names file",
    "ofac_cons_comments.csv": "remarks overflow file",
}

EXPECTED: dict[str, str] = {item.file: item.format for item in BUNDLED} | NOT_LOADED


def _relative(path: Path) -> str:
    return path.relative_to(LISTS).as_posix()


def bundled_files() -> list[Path]:
    """Every list file shipped in data/lists and data/lists/excerpts."""
    files = [p for p in LISTS.iterdir() if p.is_file() and p.suffix != ".md"]
    files += [p for p in EXCERPTS.iterdir() if p.is_file()]
    return sorted(files)


def test_every_bundled_file_has_an_expectation() -> None:
    names = {_relative(p) for p in bundled_files()}
    covered = set(EXPECTED) | set(REFUSED) | set(COMPANIONS)
    assert names == covered, {"not covered": names - covered, "missing": covered - names}


@pytest.mark.parametrize("path", bundled_files(), ids=_relative)
def test_exactly_the_right_parser_recognises_each_bundled_file(path: Path) -> None:
    head = read_head(path)
    claiming = {cls.NAME for cls in parser_classes() if cls.sniff(path, head)}
    expected = EXPECTED.get(_relative(path))
    assert claiming == ({expected} if expected else set())


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_detect_source_picks_the_bundled_format(relative: str) -> None:
    assert detect_source(LISTS / relative).NAME == EXPECTED[relative]


@pytest.mark.parametrize("relative", sorted(REFUSED))
def test_files_without_a_parser_are_refused_clearly(relative: str) -> None:
    path = LISTS / relative
    with pytest.raises(ParseError) as info:
        detect_source(path)
    message = str(info.value)
    assert "cannot tell the list format" in message
    assert REFUSED[relative] in message
    assert "none of embargo's parsers recognises it" in message
    assert str(path) in message
    assert "us_ofac_sdn_csv" in message  # the formats one could force


@pytest.mark.parametrize("relative", sorted(COMPANIONS))
def test_companion_files_are_refused_naming_the_file_to_load(relative: str) -> None:
    path = LISTS / relative
    with pytest.raises(ParseError) as info:
        detect_source(path)
    message = str(info.value)
    assert COMPANIONS[relative] in message
    primary = "cons_prim.csv" if "cons" in relative else "sdn.csv"
    assert f"load its designations file ({primary})" in message
    assert str(path) in message


def test_names_are_unique_and_aliases_point_to_names() -> None:
    names = source_names()
    assert len(names) == len(set(names)), names
    assert len(names) == len(parser_classes()) == 16
    assert set(FORMAT_ALIASES.values()) <= set(names)
    assert not set(FORMAT_ALIASES) & set(names)  # an alias never shadows a name
    for alias, name in FORMAT_ALIASES.items():
        assert get_source(alias).NAME == name
    for name in names:
        assert get_source(name).NAME == name


def test_every_registered_module_imports() -> None:
    assert import_failures() == {}


def test_unknown_format_lists_the_known_ones() -> None:
    with pytest.raises(ParseError) as info:
        get_source("un_sc_csv")
    message = str(info.value)
    assert "unknown format 'un_sc_csv'" in message
    for name in source_names():
        assert name in message
    assert "failed to import" not in message


def test_get_source_passes_the_list_key() -> None:
    assert get_source("un", list_key="un_test").list_key_for(LISTS / "x.xml") == "un_test"


def test_a_module_that_fails_to_import_does_not_break_the_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One broken parser module: every other format is still detected; a file only the
    broken parser could read is refused with a message naming the module."""
    broken = "embargo.sources.eu_fsf_xml"
    # None in sys.modules makes the next import of the module raise ImportError.
    monkeypatch.setitem(sys.modules, broken, None)
    assert list(import_failures()) == [broken]
    assert "eu_fsf_xml" not in source_names()

    assert detect_source(LISTS / "un_consolidated.xml.gz").NAME == "un_sc_xml"
    assert detect_source(LISTS / "ofac_sdn.csv.gz").NAME == "us_ofac_sdn_csv"
    assert detect_source(LISTS / "jp_meti_end_user_list.xlsx").NAME == "jp_meti_eul_xlsx"
    assert get_source("un").NAME == "un_sc_xml"

    eu_file = EXCERPTS / "eu_fsf_excerpt.xml"
    with pytest.raises(ParseError) as info:
        detect_source(eu_file)
    message = str(info.value)
    assert "failed to import and could not be tried" in message
    assert f"{broken} (ModuleNotFoundError: import of {broken} halted" in message
    assert str(eu_file) in message

    with pytest.raises(ParseError, match=r"unknown format 'eu'.*embargo\.sources\.eu_fsf_xml"):
        get_source("eu")


def test_a_failing_sniff_does_not_hide_the_other_formats(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    un = get_source("un_sc_xml")

    def broken_sniff(path: Path, head: bytes) -> bool:
        raise ValueError("sniff bug")

    monkeypatch.setattr(type(un), "sniff", staticmethod(broken_sniff))
    assert detect_source(LISTS / "ofac_sdn.csv.gz").NAME == "us_ofac_sdn_csv"
    with pytest.raises(ParseError, match=r"un_sc_xml \(ValueError: sniff bug\)"):
        detect_source(LISTS / "un_consolidated.xml.gz")


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"", "an empty file"),
        (b"<!DOCTYPE html><html><body>502 Bad Gateway", "an HTML page (an error page?)"),
        (
            b'<?xml version="1.0"?>\n<!-- c -->\n<sdnList xmlns="x">',
            "XML with root element <sdnList>",
        ),
        (b'{"a": 1, "b": {"c": 2}}\n', "JSON with keys a, b, c"),
        (b"PK\x03\x04rest", "a ZIP container (XLSX workbook?)"),
        (b"Name\tStreet_Address\n", "text starting 'Name\\tStreet_Address'"),
    ],
)
def test_describe_content(head: bytes, expected: str) -> None:
    assert describe_content(head) == expected
