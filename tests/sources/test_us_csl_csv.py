"""trade.gov Consolidated Screening List CSV: golden excerpt, full-file counts, bad input."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest

from embargo.exc import ParseError
from embargo.model.entity import Entity
from embargo.sources.base import ParseResult
from embargo.sources.us_csl_csv import UsCslCsv, split_id_group, sublist_code
from tests.conftest import FIXTURES, LISTS, Golden

FULL = LISTS / "us_csl_consolidated.csv.gz"
FIXTURE = FIXTURES / "us_csl_csv" / "consolidated_excerpt.csv"

# SOURCES.md: rows per sub-list of the bundled file.
ROWS_BY_CODE = {
    "SDN": 10026,
    "EL": 2001,
    "DTC": 727,
    "DPL": 462,
    "SSI": 290,
    "UVL": 201,
    "ISN": 163,
    "PLC": 78,
    "MEU": 71,
    "CMIC": 68,
    "CAP": 53,
    "NS-MBS": 17,
    "FSE": 3,
}


@pytest.fixture(scope="module")
def full() -> ParseResult:
    return UsCslCsv().read(FULL)


def by_record(result: ParseResult) -> dict[str, Entity]:
    return {e.record_id: e for e in result.entities}


def codes(entity: Entity) -> list[str | None]:
    return [v.note for v in entity.values if v.prop == "sanctionsList"]


def test_golden_excerpt(golden: Golden) -> None:
    result = UsCslCsv().read(FIXTURE)
    # 15 rows; BANK OF KUNLUN is printed twice on the CAPTA list and merged.
    assert len(result.entities) == 14
    assert result.skipped == {"duplicate row merged": 1, "vessel_flag: not a country": 1}
    assert result.published == "2022-04-07"  # the excerpt's latest start_date
    assert result.count_by_schema() == {
        "Airplane": 1,
        "LegalEntity": 2,  # I. ASH (DPL), Abdul Qadeer Khan (ISN)
        "Organization": 7,
        "Person": 3,
        "Vessel": 1,
    }
    golden.check_entities(UsCslCsv.NAME, result.entities)


@pytest.mark.slow
def test_full_file_counts(full: ParseResult) -> None:
    assert full.list_key == "us_csl"
    assert full.published == "2022-04-21"
    # 14,160 rows; one CAPTA row repeats (source, _id) and is merged.
    assert len(full.entities) == 14159
    assert full.skipped["duplicate row merged"] == 1
    by_code = Counter(code for e in full.entities for code in codes(e))
    assert by_code == {**ROWS_BY_CODE, "CAP": 52}
    assert all(len(codes(e)) == 1 for e in full.entities)
    # Treasury rows say the type; BIS and State rows do not (LegalEntity or, with a
    # legal form in the name, Organization). 3,625 untyped rows.
    assert full.count_by_schema() == {
        "Airplane": 283,
        "LegalEntity": 1887,
        "Organization": 6270,
        "Person": 5286,
        "Vessel": 433,
    }
    ids = [e.id for e in full.entities]
    assert len(set(ids)) == len(ids)
    assert all(e.record_id.split("-", 1)[0] in ROWS_BY_CODE or e.record_id.startswith("NS-MBS-")
               for e in full.entities)  # fmt: skip
    # Everything unreadable is counted: three start dates in year 0097/0017, four
    # vessel flags "None Identified", one DPL address ending in a US state code. (The
    # "01 Jan 2015 to 31 Dec 2015" establishment date of SDN-30548 is read as 2015 by
    # the OFAC date reader.) Every ids type is in the OFAC vocabulary; six Dutch
    # nine-digit "Legal Entity Number"s are no LEI (kept as registration numbers).
    assert full.skipped == {
        "duplicate row merged": 1,
        "start_date: not a date": 3,
        "vessel_flag: not a country": 4,
        "addresses: unknown country code": 1,
        "ids: Legal Entity Number that is no LEI, kept as registrationNumber": 6,
    }
    assert by_record(full)["SDN-30548"].get("incorporationDate") == ["2015"]


@pytest.mark.slow
def test_full_file_spot_checks(full: ParseResult) -> None:
    records = by_record(full)

    # An OFAC number on three Treasury sub-lists: three entities, one per list.
    vtb = [records[f"{code}-18725"] for code in ("SDN", "SSI", "CAP")]
    assert [e.get("sanctionsList") for e in vtb] == [
        ["Specially Designated Nationals (SDN) - Treasury Department"],
        ["Sectoral Sanctions Identifications List (SSI) - Treasury Department"],
        ["Capta List (CAP) - Treasury Department"],
    ]
    assert all(e.get("swiftBic") == ["VTBLAOLU"] for e in vtb)
    assert vtb[0].get("linkedTo") == ["VTB BANK PUBLIC JOINT STOCK COMPANY"]

    benazir = records["SDN-33952"]
    assert benazir.id == "us_csl-SDN-33952"
    assert benazir.schema == "Person"
    assert benazir.get("name") == ["AHMED, Benazir"]
    assert benazir.get("birthDate") == ["1963-10-01"]
    assert benazir.get("birthPlace") == ["Gopalganj, Bangladesh"]
    assert benazir.get("nationality") == ["bd"]
    assert benazir.get("gender") == ["male"]
    passport = next(v for v in benazir.values if v.prop == "passportNumber")
    assert (passport.value, passport.country, passport.note) == ("B00002095", "bd", "Passport")
    assert benazir.get("idNumber") == ["5051953882"]

    andreyev = records["SDN-29703"]
    wallets = [(v.value, v.note) for v in andreyev.values if v.prop == "publicKey"]
    assert len(wallets) == 17
    assert ("1Fz29BQp82pE3vXXcsZoMNQ3KSHfMzfMe3", "XBT") in wallets
    assert ("0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c", "ETH") in wallets
    assert andreyev.get("email") == ["antonandreyv@gmail.com"]

    # OFAC titles are functions (position); honorific-only ones are titles.
    assert records["SDN-2674"].get("position") == [
        "Director of PALESTINE LIBERATION FRONT - ABU ABBAS FACTION"
    ]
    assert records["SDN-12916"].get("title") == ["Professor", "Doctor"]
    assert records["SDN-12916"].get("position") == []

    # The ids types are read through the OFAC vocabulary: an LEI is a leiCode (strong),
    # a Dutch nine-digit "Legal Entity Number" is not; an issuer is no alias.
    assert records["SDN-18291"].get("leiCode") == ["25340038P8SYW80B9W34"]
    dutch = records["SDN-24668"]
    assert dutch.get("leiCode") == []
    assert "852496527" in dutch.get("registrationNumber")
    cmic = records["CMIC-32084"]
    assert "Aerospace CH UAV Co Ltd" not in cmic.names
    assert "Issuer Name Aerospace CH UAV Co Ltd" in cmic.get("notes")
    assert [(v.value, v.note) for v in cmic.iter_values(["listingDate"])] == [
        ("2021-06-03", "Listing Date (CMIC)")
    ]

    owner = records["SDN-27531"]  # a company's IMO number, as in the OFAC files
    assert (owner.get("imoNumber"), owner.get("idNumber")) == (["6013334"], [])
    assert records["SDN-23510"].get("imoNumber") == ["5055293"]  # "Company Number IMO …"
    malta = records["SDN-23424"]  # "IMO 15411": a Maltese registry number, no IMO number
    assert (malta.get("imoNumber"), malta.get("registrationNumber")) == ([], ["IMO 15411"])

    devon = records["SDN-15047"]
    assert devon.schema == "Vessel"
    assert devon.get("imoNumber") == ["9218454"]
    assert devon.get("mmsi") == ["256864000"]
    assert devon.get("flag") == []  # "None Identified"
    assert (devon.get("callSign"), devon.get("tonnage")) == (["9HEF9"], ["299500"])

    plant = records["EL-4398d33e9e93c7477af39f1e0bfffc13ddd47bcc"]
    assert plant.schema == "Organization"  # untyped, but "JSC" is a legal form
    assert plant.get("alias") == [
        "Open Joint Stock Company 140 Repair Plant",  # published "…; and JSC 140 Repair Plant"
        "JSC 140 Repair Plant",
    ]
    assert plant.get("listingDate") == ["2022-04-07"]
    assert plant.get("authority") == ["Bureau of Industry and Security"]

    # Russian ids without an id country: the RU address makes them INN and OGRN.
    optika = records["SSI-18808"]
    assert optika.get("taxNumber") == optika.get("innCode") == ["7715909132"]
    assert optika.get("ogrnCode") == ["1127746188536"]
    assert optika.get("registrationNumber") == ["1127746188536", "17412936"]


def test_helpers() -> None:
    assert sublist_code("Entity List (EL) - Bureau of Industry and Security") == "EL"
    assert sublist_code("Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury") == "NS-MBS"
    assert split_id_group("JO, 2014-08-30, 2009-08-31, K475336, Passport") == (
        "JO",
        "K475336",
        "Passport",
    )
    assert split_id_group("PA, 467323, Doc. 694710, Public Registration Number") == (
        "PA",
        "467323, Doc. 694710",
        "Public Registration Number",
    )


def test_truncated_file_is_refused(tmp_path: Path) -> None:
    data = FULL.read_bytes()
    broken = tmp_path / "consolidated.csv.gz"
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(ParseError) as info:
        UsCslCsv().read(broken)
    assert str(broken) in str(info.value)

    plain = tmp_path / "consolidated.csv"
    text = gzip.decompress(data)
    plain.write_bytes(text[: len(text) // 2])
    with pytest.raises(ParseError) as info:
        UsCslCsv().read(plain)
    assert str(plain) in str(info.value)
    assert "truncated" in str(info.value)


def test_wrong_format_is_refused(tmp_path: Path) -> None:
    other = LISTS / "ofac_sdn.csv.gz"
    with pytest.raises(ParseError) as info:
        UsCslCsv().read(other)
    assert str(other) in str(info.value)
    assert "header lacks columns" in str(info.value)

    page = tmp_path / "consolidated.csv"
    page.write_text(
        "<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>"
        "<body><h1>Not Found</h1></body></html>\n",
        encoding="utf-8",
    )
    with pytest.raises(ParseError) as info:
        UsCslCsv().read(page)
    assert str(page) in str(info.value)
