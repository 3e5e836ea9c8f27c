"""UK Sanctions List (FCDO) XML: golden excerpt, counts, bad input.

FORMAT TESTS ONLY. The only bundled UK Sanctions List file is a hand-altered composite
(see data/lists/SOURCES.md, "Excerpts"): its structure is the real FCDO format, but
several entries mix data of different persons. These tests check how each part of the
format is read; none of the asserted values is a fact about a designated person.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from embargo.exc import ParseError
from embargo.sources.base import ParseResult
from embargo.sources.gb_fcdo_xml import GbFcdoXml
from tests.conftest import EXCERPTS, FIXTURES, Golden

BUNDLED = EXCERPTS / "uk_sanctions_list_excerpt.xml"
FIXTURE = FIXTURES / "gb_fcdo_xml" / "uk_sanctions_list_excerpt.xml"


@pytest.fixture(scope="module")
def bundled() -> ParseResult:
    return GbFcdoXml().read(BUNDLED)


def test_golden_excerpt(golden: Golden) -> None:
    result = GbFcdoXml().read(FIXTURE)
    golden.check_entities(GbFcdoXml.NAME, result.entities)


def test_bundled_counts(bundled: ParseResult) -> None:
    # SOURCES.md: 5 Designation (2 Individual, 2 Entity, 1 Ship); DateGenerated 10/09/2026.
    assert bundled.published == "2026-09-10"  # day first, not 9 October
    assert bundled.count_by_schema() == {"Organization": 2, "Person": 2, "Vessel": 1}
    assert [e.record_id for e in bundled.entities] == [
        "AFG0001",
        "AFG0006",
        "BEL0107",
        "DPR0075",
        "AQD0195",
    ]
    assert not bundled.skipped


def test_format_parts(bundled: ParseResult) -> None:
    """Each part of the format lands in the right property (values are format samples)."""
    records = {e.record_id: e for e in bundled.entities}
    person = records["AFG0006"]
    assert person.id == "gb_fcdo-AFG0006"
    assert person.get("name") == ["MOHAMMAD HASSAN AKHUND"]  # Name1 Name2 Name6
    assert person.get("alias") == ["Mohammad Akhwand", "محمد حسن آخوند"]
    assert [v.lang for v in person.values if v.note == "non-Latin script"] == ["Arab"]
    assert person.get("birthDate") == ["1958-05-12", "1945", "1946"]  # dd/mm/1945: year only
    assert person.get("passportNumber") == ["P04581926"]  # repeated element, one value
    assert person.get("unscId") == ["TAi.002"]
    assert person.get("authority") == ["UK", "UN"]  # "UK|UN"

    bank = records["BEL0107"]
    assert bank.get("alias") == ["BNK UK Limited"]
    assert bank.get("weakAlias") == ["BNK"]  # AliasStrength "Low quality a.k.a"
    assert bank.get("address") == [
        "Salatin House, 19 Cedar Road, Sutton, Surrey, SM2 5DA, United Kingdom"
    ]
    assert bank.get("parent") == ["CJSC Belarusian Oil Company", "Belneftekhim"]

    ship = records["DPR0075"]
    assert ship.schema == "Vessel"
    assert ship.get("imoNumber") == ["9562233"]  # "IMO9562233"
    assert ship.get("flag") == ["km"]
    assert ship.get("owner") == ["Global United Shipping India"]


def test_truncated_file_is_refused(tmp_path: Path) -> None:
    data = BUNDLED.read_bytes()
    broken = tmp_path / "UK-Sanctions-List.xml"
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(ParseError) as info:
        GbFcdoXml().read(broken)
    assert str(broken) in str(info.value)


def test_wrong_format_is_refused(tmp_path: Path) -> None:
    other = EXCERPTS / "un_consolidated_excerpt.xml"
    with pytest.raises(ParseError) as info:
        GbFcdoXml().read(other)
    assert str(other) in str(info.value)
    assert "Designations" in str(info.value)

    page = tmp_path / "UK-Sanctions-List.xml"
    page.write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><title>Page not found - GOV.UK</title>'
        "</head><body><h1>Page not found</h1></body></html>\n",
        encoding="utf-8",
    )
    with pytest.raises(ParseError) as info:
        GbFcdoXml().read(page)
    assert str(page) in str(info.value)


def test_unreadable_gender_and_imo_are_counted(tmp_path: Path) -> None:
    """A gender that is neither male nor female and an IMO number that is not seven
    digits are not stored but counted (the bundled excerpt, two values altered)."""
    text = BUNDLED.read_text(encoding="utf-8")
    assert "<Gender>Male</Gender>" in text and "<IMONumber>IMO9562233</IMONumber>" in text
    text = text.replace("<Gender>Male</Gender>", "<Gender>Unknown</Gender>", 1)
    text = text.replace("<IMONumber>IMO9562233</IMONumber>", "<IMONumber>IMO 95622</IMONumber>")
    altered = tmp_path / "uk_sanctions_list.xml"
    altered.write_text(text, encoding="utf-8")
    result = GbFcdoXml().read(altered)
    assert result.skipped["unknown Gender"] == 1
    assert result.skipped["unreadable IMONumber"] == 1
    assert not any(e.get("imoNumber") for e in result.entities)
    assert GbFcdoXml().read(BUNDLED).skipped == {}
