"""BIS Denied Persons List (dpl.txt): golden excerpt, full-file counts, bad input."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from embargo.exc import ParseError
from embargo.model.entity import Entity
from embargo.sources.base import ParseResult
from embargo.sources.us_bis_dpl_txt import UsBisDplTxt, record_id
from tests.conftest import FIXTURES, LISTS, Golden

FULL = LISTS / "us_bis_dpl.txt"
FIXTURE = FIXTURES / "us_bis_dpl_txt" / "dpl_excerpt.txt"


@pytest.fixture(scope="module")
def full() -> ParseResult:
    return UsBisDplTxt().read(FULL)


def by_name(result: ParseResult) -> dict[str, list[Entity]]:
    out: dict[str, list[Entity]] = {}
    for entity in result.entities:
        out.setdefault(entity.caption, []).append(entity)
    return out


def test_golden_excerpt(golden: Golden) -> None:
    result = UsBisDplTxt().read(FIXTURE)
    # 18 rows: I. ASH under two orders, three addresses of AL-NASER AIRLINES, two of
    # ABDULAH AL NASSER and ALI M HIJAZI, NEI-CHIEN CHU's row printed twice → 12.
    assert len(result.entities) == 12
    assert result.count_by_schema() == {"LegalEntity": 9, "Organization": 3}
    assert result.published == "2023-11-02"  # JOSE ERNESTO GARCIA's 3033-09-30 is refused
    assert result.skipped == {"Last_Update: not a plausible date": 1}
    golden.check_entities(UsBisDplTxt.NAME, result.entities)


@pytest.mark.slow
def test_full_file_counts(full: ParseResult) -> None:
    assert full.list_key == "us_bis_dpl"
    # The latest Last_Update is 3033-09-30 (as published); the latest real one is the proxy.
    assert full.published == "2023-11-28"
    rows = list(csv.DictReader(FULL.open(encoding="utf-8", newline=""), delimiter="\t"))
    assert len(rows) == 665  # SOURCES.md
    # One entity per (name, effective date): 547 denials of 545 distinct names.
    assert len(full.entities) == 547
    assert len({e.caption.casefold() for e in full.entities}) == 545
    assert len({e.id for e in full.entities}) == 547
    assert full.count_by_schema() == {"LegalEntity": 459, "Organization": 88}
    # Every distinct address of a denial is kept: rows that differ only in their
    # Federal Register citation or action, and the two exact duplicate rows, add none.
    parts = ("Street_Address", "City", "State", "Postal_Code", "Country")
    pairs = {
        (" ".join(r["Name"].split()).casefold(), r["Effective_Date"])
        + tuple(" ".join(r[p].split()) for p in parts)
        for r in rows
    }
    assert sum(len(e.get("address")) for e in full.entities) == len(pairs)
    assert full.skipped == {
        "Last_Update: not a plausible date": 1,
        "Country: not a country": 1,
    }


@pytest.mark.slow
def test_full_file_spot_checks(full: ParseResult) -> None:
    names = by_name(full)
    ash = sorted(names["I. ASH"], key=lambda e: e.get("listingDate"))
    assert [e.get("listingDate") for e in ash] == [["2002-03-04"], ["2003-06-19"]]
    assert len(ash[0].get("address")) == 2

    naser = names["AL-NASER AIRLINES"][0]
    assert naser.schema == "Organization"
    assert len(naser.get("address")) == 3
    assert naser.get("country") == ["iq", "ae"]
    assert naser.get("listingDate") == ["2023-10-31"]

    s7 = names["SIBERIAN AIRLINES D/B/A S7 AIRLINES"][0]
    assert s7.get("alias") == ["SIBERIAN AIRLINES", "S7 AIRLINES"]
    assert s7.get("sanctionsList") == ["Denied Persons List"]
    assert s7.get("authority") == ["Bureau of Industry and Security"]

    garcia = names["JOSE ERNESTO GARCIA"][0]
    assert garcia.get("modifiedAt") == []  # Last_Update 3033-09-30 refused
    assert garcia.get("listingDate") == ["2022-09-26"]
    assert garcia.id == "us_bis_dpl-" + record_id("JOSE ERNESTO GARCIA", "2022-09-26")

    # The id does not depend on spacing or case of the name.
    assert record_id(" I. ASH", "2003-06-19") == record_id("i.  ash", "2003-06-19")
    assert ash[1].record_id == record_id("I. ASH", "2003-06-19")

    counts = Counter(len(e.get("address")) for e in full.entities)
    assert counts[1] == 462


def test_truncated_file_is_refused(tmp_path: Path) -> None:
    data = FULL.read_bytes()
    broken = tmp_path / "dpl.txt"
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(ParseError) as info:
        UsBisDplTxt().read(broken)
    assert str(broken) in str(info.value)
    assert "truncated" in str(info.value)


def test_wrong_format_is_refused(tmp_path: Path) -> None:
    other = LISTS / "us_csl_consolidated.csv.gz"
    with pytest.raises(ParseError) as info:
        UsBisDplTxt().read(other)
    assert str(other) in str(info.value)
    assert "header lacks columns" in str(info.value)

    page = tmp_path / "dpl.txt"
    page.write_text(
        "<!DOCTYPE html>\n<html><head><title>Access Denied</title></head>"
        "<body><h1>Access Denied</h1></body></html>\n",
        encoding="utf-8",
    )
    with pytest.raises(ParseError) as info:
        UsBisDplTxt().read(page)
    assert str(page) in str(info.value)
