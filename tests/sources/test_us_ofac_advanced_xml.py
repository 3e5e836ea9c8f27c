"""OFAC ADVANCED_XML parser: golden on the bundled excerpt and on a transcription of two
ENHANCED_XML designations (documents, relations), counts, bad input, sniffing."""

from __future__ import annotations

from pathlib import Path

import pytest

from embargo.exc import ParseError
from embargo.sources import detect_source, get_source
from embargo.sources.io import read_head
from embargo.sources.us_ofac_advanced_xml import OfacAdvancedXml
from embargo.sources.us_ofac_enhanced_xml import OfacEnhancedXml
from tests.conftest import EXCERPTS, FIXTURES, GOLDEN, LISTS, Golden

NAME = "us_ofac_advanced_xml"
EXCERPT = EXCERPTS / "ofac_sdn_advanced_excerpt.xml"
TRANSCRIBED = FIXTURES / NAME / "transcribed_excerpt.xml"


def test_golden_excerpt(golden: Golden) -> None:
    result = OfacAdvancedXml().read(EXCERPT)
    assert not result.skipped
    golden.check_entities(NAME, result.entities)


def test_excerpt_counts_and_values() -> None:
    result = OfacAdvancedXml().read(EXCERPT)
    # SOURCES.md: DateOfIssue 2026-09-09; one DistinctParty of each type.
    assert result.published == "2026-09-09"
    assert result.list_key == "us_ofac_sdn"
    assert [e.id for e in result.entities] == [
        "us_ofac_sdn-36",
        "us_ofac_sdn-2677",
        "us_ofac_sdn-4238",
        "us_ofac_sdn-15432",
    ]
    assert result.count_by_schema() == {
        "Airplane": 1,
        "Organization": 1,
        "Person": 1,
        "Vessel": 1,
    }
    by_id = {e.id: e for e in result.entities}

    # Values SOURCES.md checked against the legacy SDN CSV rows of the same ent_nums.
    zomor = by_id["us_ofac_sdn-2677"]
    assert zomor.caption == "AL-ZOMOR, Abboud Abdul Latif Hassan"  # as sdn.csv prints it
    assert zomor.get("alias")[1:] == [
        "ZUMAR, Abbud",
        "AL-ZUMAR, Abbud",
        "EL-ZOMOR, Aboud Abdul Latif Hasan",
        "AL-ZUMUR, Abood Abdul Latif Hassan",
        "AL-ZAMUR, Abboud Abdul Latif Hassan",
    ]
    arabic = [(v.prop, v.value) for v in zomor.values if v.lang == "Arab"]
    assert arabic == [("alias", "عبود عبداللطيف حسن الزمر")]
    assert zomor.get("birthDate") == ["1947-04-19"]
    assert zomor.get("birthPlace") == ["Nahia, Giza, Egypt"]
    assert zomor.get("nationality") == ["eg"]
    assert zomor.get("gender") == ["male"]
    assert zomor.get("program") == ["SDGT"]
    assert zomor.get("listingDate") == ["1995-01-23"]
    assert zomor.get("authority") == ["Executive Order 13224 (Terrorism)"]

    vessel = by_id["us_ofac_sdn-4238"]
    assert vessel.get("callSign") == ["CL2192"]
    assert vessel.get("type") == ["Tug"]
    assert vessel.get("flag") == ["cu"]
    assert vessel.get("owner") == ["Samir de Navegacion S.A."]
    assert vessel.get("grossRegisteredTonnage") == ["212"]
    assert vessel.get("program") == ["CUBA"]

    aircraft = by_id["us_ofac_sdn-15432"]
    assert aircraft.get("model") == ["IL-76TD"]
    assert aircraft.get("serialNumber") == ["8305", "1013409297"]
    assert aircraft.get("buildDate") == ["1991"]  # a 1 Jan-31 Dec 1991 DatePeriod
    assert aircraft.get("operator") == ["YAS AIR"]
    assert aircraft.get("linkedTo") == []  # the excerpt emptied ProfileRelationships

    airline = by_id["us_ofac_sdn-36"]
    assert airline.get("alias") == ["AERO-CARIBBEAN"]
    assert airline.get("address") == ["Havana, Cuba"]
    assert airline.get("authority") == []  # LegalBasis "Unknown" is left out


def test_golden_transcribed_documents_and_relations(golden: Golden) -> None:
    result = OfacAdvancedXml().read(TRANSCRIBED)
    assert not result.skipped
    assert len(result.entities) == 6
    golden.check_rows(GOLDEN / f"{NAME}_transcribed.jsonl", (e.to_dict() for e in result.entities))
    by_id = {e.id: e for e in result.entities}
    pouya = by_id["us_ofac_sdn-13109"]
    ids = {(v.prop, v.value, v.country, v.note) for v in pouya.values if v.country}
    assert ids == {
        ("idNumber", "10102315647", "ir", "National ID No."),
        ("registrationNumber", "189556", "ir", "Registration Number"),
    }
    # A relation to a profile in the file names it; one outside the file gives its id.
    assert by_id["us_ofac_sdn-24475"].get("linkedTo") == ["POUYA AIR"]
    assert pouya.get("linkedTo") == ["us_ofac_sdn-12055"]


def test_transcription_agrees_with_enhanced_xml() -> None:
    """The two transcribed designations read the same from both formats, except what
    the transcription left out (second legal basis) and the relation target that is
    only named in the ENHANCED_XML export."""
    advanced = {e.id: e for e in OfacAdvancedXml().read(TRANSCRIBED).entities}
    enhanced = {
        e.id: e
        for e in OfacEnhancedXml().read(LISTS / "ofac_sdn_enhanced_program_IRGC.xml.gz").entities
    }
    for entity_id in ("us_ofac_sdn-13109", "us_ofac_sdn-24475"):
        adv = {(v.prop, v.value, v.lang) for v in advanced[entity_id].values}
        enh = {(v.prop, v.value, v.lang) for v in enhanced[entity_id].values}
        assert advanced[entity_id].schema == enhanced[entity_id].schema
        if entity_id == "us_ofac_sdn-24475":
            assert adv == enh
        else:
            assert adv - enh == {("linkedTo", "us_ofac_sdn-12055", None)}
            assert enh - adv == {
                ("authority", "Executive Order 13382 (Non-proliferation)", None),
                ("linkedTo", "ISLAMIC REVOLUTIONARY GUARD CORPS AIR FORCE", None),
            }


def test_truncated_file_is_refused(tmp_path: Path) -> None:
    data = EXCERPT.read_bytes()
    for size in (len(data) // 2, len(data) - 40):
        cut = tmp_path / "sdn_advanced.xml"
        cut.write_bytes(data[:size])
        with pytest.raises(ParseError) as err:
            OfacAdvancedXml().read(cut)
        assert str(cut) in str(err.value)


def test_wrong_format_is_refused(tmp_path: Path) -> None:
    html = tmp_path / "SDN_ADVANCED.XML"
    html.write_text(
        "<html><body>Request Rejected. The requested URL was rejected.</body></html>",
        encoding="utf-8",
    )
    with pytest.raises(ParseError) as err:
        OfacAdvancedXml().read(html)
    assert str(html) in str(err.value)
    enhanced = LISTS / "ofac_sdn_enhanced_program_YEMEN.xml.gz"
    with pytest.raises(ParseError, match="expected an OFAC ADVANCED_XML <Sanctions>") as err:
        OfacAdvancedXml().read(enhanced)
    assert str(enhanced) in str(err.value)


def test_missing_reference_values_is_refused(tmp_path: Path) -> None:
    text = EXCERPT.read_text(encoding="utf-8")
    start = text.index("<ReferenceValueSets")
    end = text.index("</ReferenceValueSets>") + len("</ReferenceValueSets>")
    broken = tmp_path / "sdn_advanced.xml"
    broken.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ParseError, match="PartySubTypeID") as err:
        OfacAdvancedXml().read(broken)
    assert str(broken) in str(err.value)


def test_sniff() -> None:
    assert OfacAdvancedXml.sniff(EXCERPT, read_head(EXCERPT))
    for other in (
        LISTS / "ofac_consolidated.xml.gz",
        LISTS / "ofac_sdn_enhanced_program_IRGC.xml.gz",
        EXCERPTS / "eu_fsf_excerpt.xml",
        EXCERPTS / "un_consolidated_excerpt.xml",
    ):
        assert not OfacAdvancedXml.sniff(other, read_head(other)), other


def test_detect_source() -> None:
    assert isinstance(detect_source(EXCERPT), OfacAdvancedXml)
    assert isinstance(detect_source(TRANSCRIBED), OfacAdvancedXml)
    assert isinstance(get_source("ofac_advanced"), OfacAdvancedXml)
