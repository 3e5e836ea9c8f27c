"""OFAC sdnList XML parser: golden excerpt, full bundled file, bad input, sniffing."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from embargo.exc import ParseError
from embargo.sources import detect_source, get_source
from embargo.sources.io import read_head
from embargo.sources.us_ofac_xml import OfacSdnListXml
from tests.conftest import EXCERPTS, FIXTURES, LISTS, Golden

NAME = "us_ofac_xml"
FULL = LISTS / "ofac_consolidated.xml.gz"
EXCERPT = FIXTURES / NAME / "consolidated_excerpt.xml"


def test_golden_excerpt(golden: Golden) -> None:
    result = OfacSdnListXml().read(EXCERPT)
    assert result.published == "2025-03-28"
    assert result.list_key == "us_ofac_cons"  # the file name says "consolidated"
    assert [e.record_id for e in result.entities] == [
        "9639",
        "9647",
        "9659",
        "17016",
        "18812",
        "23554",
        "26182",
        "27016",
        "30924",
        "50476",
    ]
    assert not result.skipped
    golden.check_entities(NAME, result.entities)


def test_full_file_counts() -> None:
    result = OfacSdnListXml().read(FULL)
    # SOURCES.md: Publish_Date 03/28/2025, Record_Count 443, 443 sdnEntry.
    assert result.published == "2025-03-28"
    assert result.list_key == "us_ofac_cons"
    assert len(result.entities) == 443
    assert len({e.id for e in result.entities}) == 443
    assert result.count_by_schema() == {"Organization": 363, "Person": 80}
    assert all(e.version == "2025-03-28" for e in result.entities)
    assert not result.skipped
    by_id = {e.id: e for e in result.entities}

    gazprombank = by_id["us_ofac_cons-17016"]
    assert gazprombank.caption == "GAZPROMBANK JOINT STOCK COMPANY"
    assert gazprombank.get("program") == ["UKRAINE-EO13662", "RUSSIA-EO14024"]
    assert gazprombank.get("previousName") == [
        "GAZPROMBANK OPEN JOINT STOCK COMPANY",
        "JOINT STOCK BANK OF THE GAS INDUSTRY GAZPROMBANK",
    ]
    assert gazprombank.get("alias") == ["BANK GPB JSC"]
    assert gazprombank.get("swiftBic") == ["GAZPRUMM"]
    assert gazprombank.get("leiCode") == ["253400WSS48YWMBUA688"]
    tax = next(gazprombank.iter_values(["taxNumber"]))
    assert (tax.value, tax.country, tax.note) == ("7744001497", "ru", "Tax ID No.")
    assert gazprombank.get("incorporationDate") == ["1990-07-31"]
    assert "16 Nametkina Street, Bldg. 1, Moscow 117420, Russia" in gazprombank.get("address")

    haniya = by_id["us_ofac_cons-9639"]
    assert haniya.schema == "Person"
    assert haniya.caption == "HANIYA, Ismail Abdul Salah"
    assert haniya.get("alias") == ["HANIYA, Ismail", "HANIYYA, Ismaeel"]
    assert haniya.get("birthDate") == ["1962"]
    assert haniya.get("birthPlace") == ["Shati"]
    assert haniya.get("program") == ["NS-PLC"]

    nmz = by_id["us_ofac_cons-18812"]
    assert nmz.get("weakAlias") == ["NMZ OJSC", "NMZ OAO"]
    assert nmz.get("linkedTo") == ["STATE CORPORATION ROSTEC"]

    # Aggregates over the whole file, counted independently from the XML text.
    raw = gzip.open(FULL, "rt", encoding="utf-8").read()
    weak = raw.count("<category>weak</category>")
    assert sum(len(e.get("weakAlias")) for e in result.entities) == weak == 70
    assert sum(len(e.get("program")) for e in result.entities) == raw.count("<program>")


def test_list_key_from_file_name(tmp_path: Path) -> None:
    sdn = tmp_path / "sdn.xml"
    sdn.write_bytes(EXCERPT.read_bytes())
    assert OfacSdnListXml().read(sdn).list_key == "us_ofac_sdn"
    assert OfacSdnListXml(list_key="custom").read(sdn).entities[0].id == "custom-9639"


def test_truncated_file_is_refused(tmp_path: Path) -> None:
    data = gzip.decompress(FULL.read_bytes())
    cut = tmp_path / "consolidated.xml"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ParseError) as err:
        OfacSdnListXml().read(cut)
    assert str(cut) in str(err.value)
    # A truncated .gz fails in the decompressor.
    cut_gz = tmp_path / "consolidated.xml.gz"
    cut_gz.write_bytes(FULL.read_bytes()[: FULL.stat().st_size // 2])
    with pytest.raises(ParseError) as err:
        OfacSdnListXml().read(cut_gz)
    assert str(cut_gz) in str(err.value)


def test_record_count_mismatch_is_refused(tmp_path: Path) -> None:
    """A file cut at an entry boundary and closed again is well-formed: only
    Record_Count tells it is incomplete."""
    text = EXCERPT.read_text(encoding="utf-8")
    last = text.rindex("  <sdnEntry>")
    closed = tmp_path / "consolidated.xml"
    closed.write_text(text[:last] + "</sdnList>", encoding="utf-8")
    with pytest.raises(ParseError, match="Record_Count says 10 entries but the file holds 9"):
        OfacSdnListXml().read(closed)


def test_wrong_format_is_refused(tmp_path: Path) -> None:
    html = tmp_path / "sdn.xml"
    html.write_text(
        "<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head>"
        "<body>The service is down.</body></html>",
        encoding="utf-8",
    )
    with pytest.raises(ParseError) as err:
        OfacSdnListXml().read(html)
    assert str(html) in str(err.value)
    other = EXCERPTS / "un_consolidated_excerpt.xml"
    with pytest.raises(ParseError, match="expected an OFAC <sdnList> root element") as err:
        OfacSdnListXml().read(other)
    assert str(other) in str(err.value)


def test_sniff() -> None:
    for path in (FULL, EXCERPT):
        assert OfacSdnListXml.sniff(path, read_head(path)), path
    for other in (
        LISTS / "ofac_CONS_ENHANCED.ZIP",
        LISTS / "ofac_sdn_enhanced_program_IRGC.xml.gz",
        EXCERPTS / "ofac_sdn_advanced_excerpt.xml",
        LISTS / "un_consolidated.xml.gz",
        LISTS / "ofac_cons_prim.csv",
    ):
        assert not OfacSdnListXml.sniff(other, read_head(other)), other


def test_detect_source() -> None:
    assert isinstance(detect_source(FULL), OfacSdnListXml)
    assert isinstance(detect_source(EXCERPT), OfacSdnListXml)
    assert isinstance(get_source("sdnlist_xml"), OfacSdnListXml)


def test_sdn_transcription_agrees_with_legacy_csv() -> None:
    """SDN-only parts of the format (vesselInfo, IMO/MMSI, passports with dates, crypto
    addresses), on two designations transcribed from the bundled legacy SDN CSV (see
    the fixture README): both parsers must read the same values."""
    xml = OfacSdnListXml().read(FIXTURES / NAME / "sdn_transcribed.xml")
    assert xml.list_key == "us_ofac_sdn"
    assert xml.published == "2024-05-03"
    assert not xml.skipped
    legacy = {
        e.id: e for e in get_source("us_ofac_sdn_csv").read(LISTS / "ofac_sdn.csv.gz").entities
    }
    for entity in xml.entities:
        other = legacy[entity.id]
        assert entity.schema == other.schema
        assert {(v.prop, v.value, v.country) for v in entity.values} == {
            (v.prop, v.value, v.country) for v in other.values
        }, entity.id
    vessel, person = xml.entities
    assert vessel.get("imoNumber") == ["9187629"]
    assert vessel.get("mmsi") == ["572469210"]
    assert vessel.get("callSign") == ["T2EU4"]
    assert vessel.get("flag") == ["ir"]
    assert vessel.get("tonnage") == ["99,144"]
    assert vessel.get("previousName") == ["ABADAN", "SHONA"]
    assert vessel.get("weakAlias") == ["ALPHA"]
    assert vessel.get("linkedTo") == ["NATIONAL IRANIAN TANKER COMPANY"]
    key = next(person.iter_values(["publicKey"]))
    assert (key.value, key.note) == ("149w62rY42aZBox8fGcmqNsXUzSStKeq8C", "XBT")
    passport = next(person.iter_values(["passportNumber"]))
    assert (passport.value, passport.country) == ("T14553558", "ir")
