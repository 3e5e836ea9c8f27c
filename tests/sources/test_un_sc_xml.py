"""UN Security Council Consolidated List XML: golden excerpt, full-file counts, bad input."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest

from embargo.exc import ParseError
from embargo.model.entity import Entity
from embargo.sources.base import ParseResult
from embargo.sources.un_sc_xml import UnScXml
from tests.conftest import EXCERPTS, FIXTURES, LISTS, Golden

FULL = LISTS / "un_consolidated.xml.gz"
NEW_FORMAT = EXCERPTS / "un_consolidated_excerpt.xml"
FIXTURE = FIXTURES / "un_sc_xml" / "consolidated_excerpt.xml"


@pytest.fixture(scope="module")
def full() -> ParseResult:
    return UnScXml().read(FULL)


def by_id(result: ParseResult) -> dict[str, Entity]:
    return {e.record_id: e for e in result.entities}


def test_golden_excerpt(golden: Golden) -> None:
    result = UnScXml().read(FIXTURE)
    assert result.published == "2026-02-27"
    assert result.count_by_schema() == {"Organization": 3, "Person": 11}
    golden.check_entities(UnScXml.NAME, result.entities)


@pytest.mark.slow
def test_full_file_counts(full: ParseResult) -> None:
    # SOURCES.md: 730 INDIVIDUAL + 273 ENTITY = 1,003; DPRK 80 KPi + 75 KPe; Iran 43 + 78.
    assert full.published == "2026-02-27"
    assert full.count_by_schema() == {"Organization": 273, "Person": 730}
    prefixes = Counter(e.record_id[:3] for e in full.entities)
    assert (prefixes["KPi"], prefixes["KPe"]) == (80, 75)
    assert (prefixes["IRi"], prefixes["IRe"]) == (43, 78)
    ids = [e.record_id for e in full.entities]
    assert len(set(ids)) == len(ids) == 1003
    assert all(i == i.strip() for i in ids)
    # 378 records have NAME_ORIGINAL_SCRIPT; one of them (QDe.164) is in Latin letters.
    originals = [e for e in full.entities if any(v.note == "original script" for v in e.values)]
    assert len(originals) == 378
    scripts = Counter(v.lang for e in originals for v in e.values if v.note == "original script")
    assert scripts == {"Arab": 366, "Cyrl": 11, None: 1}
    # What could not be read is counted, not lost silently.
    assert full.skipped == {"document without NUMBER": 14, "unreadable date of birth": 3}


@pytest.mark.slow
def test_full_file_spot_checks(full: ParseResult) -> None:
    records = by_id(full)
    ri = records["KPi.033"]
    assert ri.id == "un_sc-KPi.033"
    assert ri.schema == "Person"
    assert ri.get("name") == ["RI WON HO"]
    assert (ri.get("lastName"), ri.get("firstName")) == (["RI"], ["WON HO"])
    assert ri.get("birthDate") == ["1964-07-17"]
    assert ri.get("passportNumber") == ["381310014"]
    assert ri.get("nationality") == ["kp"]
    assert ri.get("program") == ["DPRK"]
    assert ri.get("unscId") == ["KPi.033"]  # the cross-list key, as EU and UK entries cite it
    assert ri.get("listingDate") == ["2016-11-30"]

    akhund = records["TAi.002"]
    assert akhund.get("birthDate") == ["1955/1958", "1945/1950"]
    assert akhund.get("title") == ["Mullah", "Haji"]
    assert akhund.get("alias") == ["محمد حسن آخوند"]

    bank = records["KPe.033"]  # published as "KPe.033 " with a trailing space
    assert bank.schema == "Organization"
    assert bank.get("name") == ["KOREA UNITED DEVELOPMENT BANK"]

    listed_with_zone = records["SSi.001"]  # LISTED_ON 2015-07-01-04:00
    assert listed_with_zone.get("listingDate") == ["2015-07-01"]


def test_newer_format_excerpt() -> None:
    """Mid-2026 files add HAS_INTERPOL_LINK, INTERPOL_LINK and LAST_REVIEWED_ON."""
    result = UnScXml().read(NEW_FORMAT)
    assert result.published == "2026-09-09"
    assert [e.record_id for e in result.entities] == [
        "QDi.335",
        "QDi.314",
        "QDi.356",
        "TAi.019",
        "QDe.144",
        "IRe.001",
        "KPe.033",
    ]
    assert result.count_by_schema() == {"Organization": 3, "Person": 4}
    records = by_id(result)
    anizi = records["QDi.335"]
    assert anizi.get("name") == ["‘ABD AL-RAHMAN KHALAF ‘UBAYD JUDAY’ AL-‘ANIZI"]
    assert anizi.get("modifiedAt") == ["2023-02-02"]  # the latest LAST_DAY_UPDATED
    assert anizi.get("idNumber") == ["273030601222"]
    assert anizi.get("weakAlias")[0] == "Abu Usamah al-Rahman"
    amar = records["QDi.314"]
    assert amar.get("birthDate") == ["1977/1982"]
    assert [(v.value, v.lang) for v in amar.values if v.note == "original script"] == [
        ("عبد الرحمن ولد العامر", "Arab")
    ]


def test_truncated_file_is_refused(tmp_path: Path) -> None:
    data = FULL.read_bytes()
    broken = tmp_path / "un_consolidated.xml.gz"
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(ParseError) as info:
        UnScXml().read(broken)
    assert str(broken) in str(info.value)

    plain = tmp_path / "consolidated.xml"
    text = gzip.decompress(data)
    plain.write_bytes(text[: len(text) // 2])
    with pytest.raises(ParseError) as info:
        UnScXml().read(plain)
    assert str(plain) in str(info.value)


def test_wrong_format_is_refused(tmp_path: Path) -> None:
    other = LISTS / "ca_sema-lmes.xml.gz"
    with pytest.raises(ParseError) as info:
        UnScXml().read(other)
    assert str(other) in str(info.value)
    assert "CONSOLIDATED_LIST" in str(info.value)

    page = tmp_path / "consolidated.xml"
    page.write_text(
        "<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head>"
        "<body><h1>Service Unavailable</h1></body></html>\n",
        encoding="utf-8",
    )
    with pytest.raises(ParseError) as info:
        UnScXml().read(page)
    assert str(page) in str(info.value)


def test_unreadable_values_are_counted(tmp_path: Path) -> None:
    """A gender that is neither male nor female, an update date that is no date and a
    document country that is no country are counted, not stored (the bundled newer-format
    excerpt with three values altered); the document number itself is kept."""
    text = NEW_FORMAT.read_text(encoding="utf-8")
    for old, new in (
        ("<GENDER>Female</GENDER>", "<GENDER>Unknown</GENDER>"),
        (
            "<ISSUING_COUNTRY>Kuwait</ISSUING_COUNTRY>",
            "<ISSUING_COUNTRY>Atlantis</ISSUING_COUNTRY>",
        ),
    ):
        assert text.count(old) == 1
        text = text.replace(old, new)
    first_update = text.index("<LAST_DAY_UPDATED>")
    value = text.index("<VALUE>", first_update) + len("<VALUE>")
    text = text[:value] + "soon" + text[text.index("</VALUE>", value) :]
    altered = tmp_path / "un_consolidated.xml"
    altered.write_text(text, encoding="utf-8")
    result = UnScXml().read(altered)
    assert result.skipped == {
        "unknown GENDER": 1,
        "unknown document country": 1,
        "unreadable LAST_DAY_UPDATED": 1,
    }
    assert UnScXml().read(NEW_FORMAT).skipped == {}
    assert not any(e.get("gender") == ["unknown"] for e in result.entities)
    [holder] = [e for e in result.entities if e.get("idNumber") == ["273030601222"]]
    assert [v.country for v in holder.values if v.prop == "idNumber"] == [None]
