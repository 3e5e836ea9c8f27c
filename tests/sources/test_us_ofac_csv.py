"""OFAC legacy CSV parsers (SDN and Consolidated), on real OFAC files.

Excerpts in ``tests/fixtures/sources/us_ofac_{sdn,cons}_csv/`` are rows cut verbatim
from the bundled files (see the README there); the count tests read the full bundled
files in ``data/lists/``.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest

from embargo.exc import ParseError
from embargo.model.entity import Entity
from embargo.sources.base import ParseResult
from embargo.sources.us_ofac_csv import OfacConsCsv, OfacSdnCsv
from tests.conftest import FIXTURES, LISTS, Golden

SDN_DIR = FIXTURES / "us_ofac_sdn_csv"
CONS_DIR = FIXTURES / "us_ofac_cons_csv"

SDN_FILES = ["sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"]
CONS_FILES = ["cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv"]


@pytest.fixture(scope="module")
def sdn_full() -> ParseResult:
    return OfacSdnCsv().read(LISTS / "ofac_sdn.csv.gz")


@pytest.fixture(scope="module")
def cons_full() -> ParseResult:
    return OfacConsCsv().read(LISTS / "ofac_cons_prim.csv")


def by_id(result: ParseResult) -> dict[str, Entity]:
    return {e.id: e for e in result.entities}


# --- golden excerpts ------------------------------------------------------------------


def test_sdn_excerpt_golden(golden: Golden) -> None:
    result = OfacSdnCsv().read(SDN_DIR / "sdn.csv")
    assert [p.name for p in result.files] == SDN_FILES
    assert result.list_key == "us_ofac_sdn"
    assert result.published is None
    golden.check_entities("us_ofac_sdn_csv", result.entities)


def test_sdn_excerpt_skips() -> None:
    result = OfacSdnCsv().read(SDN_DIR / "sdn.csv")
    assert dict(result.skipped) == {
        # alt.csv row of 48920 (newer than sdn.csv), sdn_comments.csv row of 17016
        "alt.csv: rows for ent_nums not in the designations file": 1,
        "alt.csv: ent_nums not in the designations file": 1,
        "sdn_comments.csv: rows for ent_nums not in the designations file": 1,
        "sdn_comments.csv: ent_nums not in the designations file": 1,
        # 17018 (at 1,000 characters, overflow repeats its items) and 36025 (298
        # characters: not cut at all)
        "sdn_comments.csv: overflow does not continue the remarks (other version), ignored": 2,
        "remarks cut at 1,000 characters without overflow: last item dropped": 1,
        # 11911
        "remarks: unrecognised item kept in notes: Telephone": 1,
        "remarks: unrecognised item kept in notes: Fax": 1,
    }


def test_cons_excerpt_golden(golden: Golden) -> None:
    result = OfacConsCsv().read(CONS_DIR / "cons_prim.csv")
    assert [p.name for p in result.files] == CONS_FILES
    assert result.list_key == "us_ofac_cons"
    golden.check_entities("us_ofac_cons_csv", result.entities)


def test_excerpt_overflow_is_appended_when_it_continues_the_remarks() -> None:
    entities = by_id(OfacSdnCsv().read(SDN_DIR / "sdn.csv"))
    # 30518: the cell stops inside an address ("…XBT 1Gq"), the overflow row goes on
    # "ChmWqGtsa…"; the glued address must be whole.
    keys = entities["us_ofac_sdn-30518"].get("publicKey")
    assert "1GqChmWqGtsaLrGbHfgdrV5Nkvahtjjuxr" in keys
    assert not any(k in ("1Gq", "ChmWqGtsaLrGbHfgdrV5Nkvahtjjuxr") for k in keys)
    # 36025: the overflow belongs to a longer, newer version of the remarks.
    garantex = entities["us_ofac_sdn-36025"]
    assert garantex.get("registrationNumber") == ["14850239"]
    assert all(not k.startswith("gSnyYUbD") for k in garantex.get("publicKey"))


def test_excerpt_weak_alias_and_linked_to() -> None:
    entities = by_id(OfacSdnCsv().read(SDN_DIR / "sdn.csv"))
    bnc = entities["us_ofac_sdn-306"]
    assert bnc.get("weakAlias") == ["BNC"]
    assert bnc.get("alias") == ["NATIONAL BANK OF CUBA"]
    vessel = entities["us_ofac_sdn-33681"]
    assert vessel.get("linkedTo") == [
        "FUJIAN PROVINCIAL PINGTAN COUNTY OCEAN FISHING GROUP CO., LTD."
    ]
    assert vessel.get("imoNumber") == ["8537097"]


# --- full bundled files ---------------------------------------------------------------


@pytest.mark.slow
def test_sdn_full_counts(sdn_full: ParseResult) -> None:
    assert len(sdn_full.entities) == 14_965
    assert sdn_full.count_by_schema() == {
        "Airplane": 376,
        "Organization": 6_884,
        "Person": 6_854,
        "Vessel": 851,
    }
    assert max(int(e.record_id) for e in sdn_full.entities) == 48_907
    assert [p.name for p in sdn_full.files] == [
        "ofac_sdn.csv.gz",
        "ofac_add.csv.gz",
        "ofac_alt.csv.gz",
        "ofac_sdn_comments.csv",
    ]
    # alt.csv is newer than sdn.csv: 1,567 of its 8,653 ent_nums are not in sdn.csv.
    assert sdn_full.skipped["alt.csv: ent_nums not in the designations file"] == 1_567
    # 22 of the 28 overflow rows belong to ent_nums in sdn.csv; 6 continue other
    # versions of the remarks.
    assert sdn_full.skipped["sdn_comments.csv: ent_nums not in the designations file"] == 6
    assert (
        sdn_full.skipped[
            "sdn_comments.csv: overflow does not continue the remarks (other version), ignored"
        ]
        == 6
    )
    # 17018 (overflow rejected) and 39796 (no overflow row) end mid-item.
    assert (
        sdn_full.skipped["remarks cut at 1,000 characters without overflow: last item dropped"] == 2
    )


@pytest.mark.slow
def test_shoigu(sdn_full: ParseResult) -> None:
    shoigu = by_id(sdn_full)["us_ofac_sdn-35173"]
    assert shoigu.schema == "Person"
    assert shoigu.get("name") == ["SHOIGU, Sergei Kuzhugetovich"]
    assert shoigu.get("lastName") == ["SHOIGU"]
    assert shoigu.get("firstName") == ["Sergei Kuzhugetovich"]
    assert shoigu.get("birthDate") == ["1955-05-21"]
    assert shoigu.get("birthPlace") == ["Chadan, Republic of Tyva, Russia"]
    assert shoigu.get("nationality") == ["ru"]
    assert shoigu.get("gender") == ["male"]
    assert shoigu.get("program") == ["RUSSIA-EO14024"]
    assert shoigu.get("alias") == ["SHOIGU, Sergey", "SHOYGU, Sergey Kuzhugetovich"]


@pytest.mark.slow
def test_full_spot_checks(sdn_full: ParseResult) -> None:
    """Values the OFAC Advanced XML excerpt (2026) also states for these parties."""
    entities = by_id(sdn_full)
    plane = entities["us_ofac_sdn-15432"]
    assert (plane.schema, plane.get("name")) == ("Airplane", ["EP-GOL"])
    assert set(plane.get("serialNumber")) == {"1013409297", "8305"}  # MSN, construction no.
    assert plane.get("model") == ["IL-76TD"]
    assert plane.get("operator") == ["YAS AIR"]
    assert plane.get("linkedTo") == ["POUYA AIR"]
    tug = entities["us_ofac_sdn-4238"]
    assert (tug.schema, tug.get("name")) == ("Vessel", ["MAR AZUL"])
    assert tug.get("callSign") == ["CL2192"]
    assert tug.get("grossRegisteredTonnage") == ["212"]
    assert tug.get("owner") == ["Samir de Navegacion S.A."]
    assert tug.get("flag") == ["cu"]
    zomor = entities["us_ofac_sdn-2677"]
    assert zomor.get("birthDate") == ["1947-04-19"]
    assert zomor.get("birthPlace") == ["Nahia, Giza, Egypt"]
    # 28263: the overflow row completes a cut weak alias and adds the Linked To.
    overflow = entities["us_ofac_sdn-28263"]
    assert "snowsjohn" in overflow.get("weakAlias")
    assert overflow.get("linkedTo") == ["LAZARUS GROUP"]
    # Multi-program cell.
    assert entities["us_ofac_sdn-10584"].get("program") == ["SDGT", "NPWMD", "IRGC", "IFSR"]


@pytest.mark.slow
def test_full_titles_are_positions_unless_honorifics(sdn_full: ParseResult) -> None:
    """OFAC's Title column holds functions: position; only-honorific ones: title."""
    entities = by_id(sdn_full)
    assert entities["us_ofac_sdn-2674"].get("position") == [
        "Director of PALESTINE LIBERATION FRONT - ABU ABBAS FACTION"
    ]
    assert entities["us_ofac_sdn-2674"].get("title") == []
    assert entities["us_ofac_sdn-16519"].get("title") == ["Maulawi", "Mullah"]
    assert entities["us_ofac_sdn-16519"].get("position") == []
    with_position = [e for e in sdn_full.entities if e.get("position")]
    with_title = [e for e in sdn_full.entities if e.get("title")]
    assert (len(with_position), len(with_title)) == (1569, 19)
    assert not {e.id for e in with_position} & {e.id for e in with_title}


@pytest.mark.slow
def test_full_imo_numbers_of_ships_and_companies(sdn_full: ParseResult) -> None:
    """Company IMO numbers ("Identification Number IMO …", "Company Number IMO …") are
    imoNumber like ships' ones; no identifier keeps an "IMO 1234567" text."""
    entities = by_id(sdn_full)
    owner = entities["us_ofac_sdn-17067"]
    assert owner.schema == "Organization"
    assert [(v.value, v.note) for v in owner.iter_values(["imoNumber"])] == [
        ("5342883", "Identification Number")
    ]
    assert entities["us_ofac_sdn-23510"].get("imoNumber") == ["5055293"]  # Company Number
    assert entities["us_ofac_sdn-17104"].get("imoNumber") == ["8606173"]  # bare, check digit ok
    malta = entities["us_ofac_sdn-23424"]  # a Maltese registry number is no IMO number
    assert (malta.get("imoNumber"), malta.get("registrationNumber")) == ([], ["15411"])
    leftovers = [
        (e.id, v.prop, v.value)
        for e in sdn_full.entities
        for v in e.values
        if v.prop in ("idNumber", "registrationNumber") and re.match(r"IMO\s*\d{7}$", v.value)
    ]
    assert leftovers == []
    companies = [e for e in sdn_full.entities if e.schema != "Vessel" and e.get("imoNumber")]
    assert len(companies) == 135


@pytest.mark.slow
def test_cons_full_counts(cons_full: ParseResult) -> None:
    assert len(cons_full.entities) == 442
    assert cons_full.count_by_schema() == {"Organization": 363, "Person": 79}
    assert [p.name for p in cons_full.files] == [
        "ofac_cons_prim.csv",
        "ofac_cons_add.csv",
        "ofac_cons_alt.csv",
        "ofac_cons_comments.csv",
    ]
    haniya = by_id(cons_full)["us_ofac_cons-9639"]
    assert haniya.get("name") == ["HANIYA, Ismail Abdul Salah"]
    assert haniya.get("birthDate") == ["1962"]
    assert haniya.get("birthPlace") == ["Shati"]
    assert haniya.get("program") == ["NS-PLC"]
    assert haniya.get("alias") == ["HANIYA, Ismail", "HANIYYA, Ismaeel"]


# --- bad input ------------------------------------------------------------------------


def test_truncated_gzip(tmp_path: Path) -> None:
    data = (LISTS / "ofac_sdn.csv.gz").read_bytes()
    path = tmp_path / "sdn.csv.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ParseError) as err:
        OfacSdnCsv().read(path)
    assert str(path) in str(err.value)


def test_truncated_plain_file(tmp_path: Path) -> None:
    data = (LISTS / "ofac_cons_prim.csv").read_bytes()
    path = tmp_path / "cons_prim.csv"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ParseError) as err:
        OfacConsCsv().read(path)
    assert str(path) in str(err.value)


def test_file_cut_at_a_row_end_is_flagged(tmp_path: Path) -> None:
    lines = (CONS_DIR / "cons_prim.csv").read_bytes().split(b"\r\n")
    path = tmp_path / "cons_prim.csv"
    path.write_bytes(b"\r\n".join(lines[:5]) + b"\r\n")
    result = OfacConsCsv().read(path)
    assert len(result.entities) == 5
    assert (
        result.skipped["cons_prim.csv: no end-of-file byte 0x1A (file may be cut at a row end)"]
        == 1
    )


def test_html_error_page(tmp_path: Path) -> None:
    path = tmp_path / "sdn.csv"
    path.write_text(
        "<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head>"
        "<body><h1>Service Unavailable</h1></body></html>\n",
        encoding="utf-8",
    )
    with pytest.raises(ParseError) as err:
        OfacSdnCsv().read(path)
    assert str(path) in str(err.value)
    assert "12 columns" in str(err.value)


def test_other_bundled_list(tmp_path: Path) -> None:
    path = tmp_path / "sdn.csv"
    shutil.copy(LISTS / "us_bis_dpl.txt", path)
    with pytest.raises(ParseError) as err:
        OfacSdnCsv().read(path)
    assert str(path) in str(err.value)


def test_side_file_given_as_designations_file() -> None:
    with pytest.raises(ParseError) as err:
        OfacSdnCsv().read(SDN_DIR / "alt.csv")
    assert "alternate names file" in str(err.value)
    assert "alt.csv" in str(err.value)


def test_broken_side_file_is_refused(tmp_path: Path) -> None:
    for name in SDN_FILES:
        shutil.copy(SDN_DIR / name, tmp_path / name)
    (tmp_path / "add.csv").write_text("<html>error</html>\n", encoding="utf-8")
    with pytest.raises(ParseError) as err:
        OfacSdnCsv().read(tmp_path / "sdn.csv")
    assert str(tmp_path / "add.csv") in str(err.value)


def test_row_with_wrong_column_count(tmp_path: Path) -> None:
    lines = (CONS_DIR / "cons_prim.csv").read_bytes().decode("utf-8").split("\r\n")
    (row,) = csv.reader([lines[3]])
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(row[:11])  # row 4 without Remarks
    lines[3] = out.getvalue()
    path = tmp_path / "cons_prim.csv"
    path.write_text("\r\n".join(lines), encoding="utf-8", newline="")
    with pytest.raises(ParseError) as err:
        OfacConsCsv().read(path)
    assert err.value.line == 4


# --- detection and companions ---------------------------------------------------------


def test_companion_files_official_and_prefixed_names(tmp_path: Path) -> None:
    official = tmp_path / "official"
    official.mkdir()
    for name in SDN_FILES:
        shutil.copy(SDN_DIR / name, official / name)
    (official / "cons_add.csv").write_bytes(b"")  # another publication's file
    assert [p.name for p in OfacSdnCsv().companion_files(official / "sdn.csv")] == SDN_FILES

    bundled = OfacSdnCsv().companion_files(LISTS / "ofac_sdn.csv.gz")
    assert [p.name for p in bundled] == [
        "ofac_sdn.csv.gz",
        "ofac_add.csv.gz",
        "ofac_alt.csv.gz",
        "ofac_sdn_comments.csv",
    ]
    cons = OfacConsCsv().companion_files(LISTS / "ofac_cons_prim.csv")
    assert [p.name for p in cons] == [
        "ofac_cons_prim.csv",
        "ofac_cons_add.csv",
        "ofac_cons_alt.csv",
        "ofac_cons_comments.csv",
    ]


def test_designations_file_alone(tmp_path: Path) -> None:
    shutil.copy(SDN_DIR / "sdn.csv", tmp_path / "sdn.csv")
    result = OfacSdnCsv().read(tmp_path / "sdn.csv")
    assert [p.name for p in result.files] == ["sdn.csv"]
    shoigu = by_id(result)["us_ofac_sdn-35173"]
    assert shoigu.get("alias") == []
    assert shoigu.get("birthDate") == ["1955-05-21"]
