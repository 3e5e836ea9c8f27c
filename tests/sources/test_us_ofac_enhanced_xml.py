"""OFAC ENHANCED_XML parser: golden excerpts, full bundled files, bad input, sniffing."""

from __future__ import annotations

import gzip
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from embargo.exc import ParseError
from embargo.sources import detect_source, get_source
from embargo.sources.io import read_head
from embargo.sources.us_ofac_enhanced_xml import OfacEnhancedXml
from tests.conftest import EXCERPTS, FIXTURES, GOLDEN, LISTS, Golden

NAME = "us_ofac_enhanced_xml"
CONS = LISTS / "ofac_CONS_ENHANCED.ZIP"
IRGC = LISTS / "ofac_sdn_enhanced_program_IRGC.xml.gz"
YEMEN = LISTS / "ofac_sdn_enhanced_program_YEMEN.xml.gz"
IRGC_EXCERPT = FIXTURES / NAME / "irgc_excerpt.xml.gz"
CONS_EXCERPT = FIXTURES / NAME / "CONS_ENHANCED_excerpt.ZIP"


def test_golden_irgc_excerpt(golden: Golden) -> None:
    result = OfacEnhancedXml().read(IRGC_EXCERPT)
    assert result.published == "2024-08-28"
    assert result.list_key == "us_ofac_sdn"
    assert len(result.entities) == 10
    assert not result.skipped
    golden.check_entities(NAME, result.entities)


def test_golden_cons_excerpt_from_zip(golden: Golden) -> None:
    result = OfacEnhancedXml().read(CONS_EXCERPT)
    assert result.published == "2025-01-10"
    assert result.list_key == "us_ofac_cons"
    assert len(result.entities) == 12
    assert not result.skipped
    golden.check_rows(GOLDEN / f"{NAME}_cons.jsonl", (e.to_dict() for e in result.entities))


def _scripts(raw: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for script in ("Latin", "Arabic", "Cyrillic", "Chinese Traditional", "Chinese Simplified"):
        counts[script] = raw.count(f">{script}</script>")
    return counts


def test_full_irgc_counts() -> None:
    result = OfacEnhancedXml().read(IRGC)
    # SOURCES.md: dataAsOf 2024-08-28, 293 entities; names carry <script>: Latin 1,168,
    # Arabic 92, Cyrillic 3, Chinese Traditional 1.
    assert result.published == "2024-08-28"
    assert result.list_key == "us_ofac_sdn"
    assert len(result.entities) == 293
    assert result.count_by_schema() == {"Airplane": 44, "Organization": 84, "Person": 165}
    assert not result.skipped
    raw = gzip.open(IRGC, "rt", encoding="utf-8").read()
    scripts = _scripts(raw)
    assert (scripts["Latin"], scripts["Arabic"], scripts["Cyrillic"]) == (1168, 92, 3)
    langs = Counter(v.lang for e in result.entities for v in e.values if v.lang)
    # One Arabic translation repeats another name of the same entity (42538).
    assert langs == {"Arab": 91, "Cyrl": 3, "zho": 1}
    by_id = {e.id: e for e in result.entities}

    sajjad = by_id["us_ofac_sdn-26123"]
    assert sajjad.caption == "SAJJAD, Rasoul"
    assert sajjad.get("title") == ["Dr"]
    assert sajjad.get("birthDate") == ["1970-08-09"]
    passport = next(sajjad.iter_values(["passportNumber"]))
    assert (passport.value, passport.country, passport.note) == ("G9333110", "ir", "Passport")
    assert sajjad.get("program") == ["IFSR", "IRGC", "SDGT"]
    assert sajjad.get("listingDate") == ["2018-11-20"]
    assert sajjad.get("linkedTo") == ["ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE"]

    fatemiyoun = by_id["us_ofac_sdn-26347"]
    arabic = [v for v in fatemiyoun.values if v.lang == "Arab"]
    assert [(v.prop, v.value) for v in arabic] == [("alias", "لواء فاطميون")]

    # A relationship whose related entity has no name in this filtered export is
    # resolved from the entity in the same file (44926 TASNIM NEWS AGENCY).
    assert by_id["us_ofac_sdn-44927"].get("linkedTo") == ["TASNIM NEWS AGENCY"]
    # Iranian-calendar year ranges are kept as intervals.
    assert by_id["us_ofac_sdn-39438"].get("birthDate") == ["1955-03/1956-03"]
    assert by_id["us_ofac_sdn-44927"].get("birthDate") == ["1962-03/1963-03"]
    crypto = [v for v in by_id["us_ofac_sdn-38419"].values if v.prop == "publicKey"]
    assert crypto and all(v.note == "XBT" for v in crypto)
    assert sum(1 for e in result.entities for _ in e.iter_values(["publicKey"])) == 7


def test_full_cons_counts() -> None:
    result = OfacEnhancedXml().read(CONS)
    # SOURCES.md: CONS_ENHANCED.XML, dataAsOf 2025-01-10, 443 entities, Cyrillic and
    # Chinese names.
    assert result.published == "2025-01-10"
    assert result.list_key == "us_ofac_cons"
    assert len(result.entities) == 443
    assert result.count_by_schema() == {"Organization": 363, "Person": 80}
    assert not result.skipped
    raw = zipfile.ZipFile(CONS).read("CONS_ENHANCED.XML").decode("utf-8")
    scripts = _scripts(raw)
    assert (scripts["Cyrillic"], scripts["Chinese Simplified"], scripts["Chinese Traditional"]) == (
        50,
        5,
        1,
    )
    # 11 of the Cyrillic tags are on address translations (only the primary, Latin,
    # address is read, as in the legacy CSV); the 45 others are names.
    langs = Counter(v.lang for e in result.entities for v in e.values if v.lang)
    assert langs == {"Cyrl": 50 - 11, "zho": 5 + 1}
    assert all("Consolidated List" in e.get("sanctionsList") for e in result.entities)
    gazprombank = {e.id: e for e in result.entities}["us_ofac_cons-17016"]
    assert gazprombank.caption == "GAZPROMBANK JOINT STOCK COMPANY"
    assert ("alias", "ГАЗПРОМБАНК АКЦИОНЕРНОЕ ОБЩЕСТВО", "Cyrl") in {
        (v.prop, v.value, v.lang) for v in gazprombank.values
    }


def test_full_yemen_counts() -> None:
    result = OfacEnhancedXml().read(YEMEN)
    # SOURCES.md: dataAsOf 2024-05-24T15:59:26.45-04:00, 10 entities, Arabic names.
    assert result.published == "2024-05-24"
    assert len(result.entities) == 10
    assert result.count_by_schema() == {"Person": 10}
    assert sum(1 for e in result.entities for v in e.values if v.lang == "Arab") == 3


def test_plain_xml_and_zip_agree(tmp_path: Path) -> None:
    plain = tmp_path / "CONS_ENHANCED.XML"
    plain.write_bytes(zipfile.ZipFile(CONS_EXCERPT).read("CONS_ENHANCED.XML"))
    from_xml = OfacEnhancedXml().read(plain)
    from_zip = OfacEnhancedXml().read(CONS_EXCERPT)
    assert from_xml.list_key == from_zip.list_key == "us_ofac_cons"
    assert [e.to_dict() for e in from_xml.entities] == [e.to_dict() for e in from_zip.entities]


def test_truncated_files_are_refused(tmp_path: Path) -> None:
    zipped = tmp_path / "CONS_ENHANCED.ZIP"
    zipped.write_bytes(CONS.read_bytes()[: CONS.stat().st_size // 2])
    with pytest.raises(ParseError) as err:
        OfacEnhancedXml().read(zipped)
    assert str(zipped) in str(err.value)
    data = gzip.decompress(IRGC.read_bytes())
    cut = tmp_path / "SDN_ENHANCED.XML"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ParseError) as err:
        OfacEnhancedXml().read(cut)
    assert str(cut) in str(err.value)


def test_wrong_format_is_refused(tmp_path: Path) -> None:
    html = tmp_path / "SDN_ENHANCED.XML"
    html.write_text(
        "<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>", encoding="utf-8"
    )
    with pytest.raises(ParseError) as err:
        OfacEnhancedXml().read(html)
    assert str(html) in str(err.value)
    sdnlist = LISTS / "ofac_consolidated.xml.gz"
    with pytest.raises(ParseError, match="expected an OFAC ENHANCED_XML <sanctionsData>") as err:
        OfacEnhancedXml().read(sdnlist)
    assert str(sdnlist) in str(err.value)
    xlsx = LISTS / "jp_meti_end_user_list.xlsx"  # a ZIP without an XML list inside
    with pytest.raises(ParseError) as err:
        OfacEnhancedXml().read(xlsx)
    assert str(xlsx) in str(err.value)


def test_sniff() -> None:
    for path in (CONS, IRGC, YEMEN, IRGC_EXCERPT, CONS_EXCERPT):
        assert OfacEnhancedXml.sniff(path, read_head(path)), path
    for other in (
        LISTS / "ofac_consolidated.xml.gz",
        EXCERPTS / "ofac_sdn_advanced_excerpt.xml",
        LISTS / "uk_ofsi_ConList.xlsx",
        LISTS / "ofac_cons_prim.csv",
    ):
        assert not OfacEnhancedXml.sniff(other, read_head(other)), other


def test_detect_source() -> None:
    for path in (CONS, IRGC, YEMEN):
        assert isinstance(detect_source(path), OfacEnhancedXml), path
    assert isinstance(get_source("ofac_enhanced"), OfacEnhancedXml)
