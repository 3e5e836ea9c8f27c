"""UK OFSI Consolidated List (2022-format XLSX): golden excerpt, full-file counts, bad input."""

from __future__ import annotations

import warnings
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from embargo.exc import ParseError
from embargo.sources.base import ParseResult
from embargo.sources.gb_ofsi_xlsx import GbOfsiXlsx, split_other_information
from tests.conftest import FIXTURES, LISTS, Golden
from tests.sources.xlsx_helpers import (
    html_page,
    renamed_header,
    truncated_copy,
    unrelated_workbook,
)

FULL = LISTS / "uk_ofsi_ConList.xlsx"
FIXTURE = FIXTURES / "gb_ofsi_xlsx" / "ConList_excerpt.xlsx"


@pytest.fixture(scope="module")
def full() -> ParseResult:
    return GbOfsiXlsx().read(FULL)


def test_golden_excerpt(golden: Golden) -> None:
    result = GbOfsiXlsx().read(FIXTURE)
    assert result.published == "2025-04-14"
    assert result.count_by_schema() == {"Organization": 3, "Person": 5, "Vessel": 1}
    assert not result.skipped
    golden.check_entities(GbOfsiXlsx.NAME, result.entities)


def test_excerpt_groups_rows_into_one_target() -> None:
    records = {e.record_id: e for e in GbOfsiXlsx().read(FIXTURE).entities}
    # Group 14143 has 4 rows: the primary name and its variation, each once per date
    # of birth (00/00/1979, 00/00/1984), and a low-quality AKA.
    target = records["14143"]
    assert target.get("name") == ["Muhammad Abd Al-Karim AL-GHAMARI"]
    assert target.get("birthDate") == ["1979", "1984"]
    assert target.get("weakAlias") == ["Mohammad AL-GHAMARI"]
    assert [(v.value, v.lang) for v in target.values if v.note == "non-Latin script"] == [
        ("محمد عبدالكريم الغماري", "Arab")
    ]
    assert target.get("unscId") == ["YEi.008"]
    assert target.get("gender") == ["male"]
    # 6908: two passports paired with their enumerated details.
    passports = [(v.value, v.note) for v in records["6908"].values if v.prop == "passportNumber"]
    assert [number for number, _ in passports] == ["OR 1961825", "TR024417"]
    assert all(note and "Issued" in note for _, note in passports)
    # 16789 has one "Primary name variation" row only: it becomes the name.
    assert records["16789"].get("name") == ["PREMERA (H.K.) INTERNATIONAL CO, LIMITED"]
    assert records["16789"].get("alias") == ["普萊米樂(香港)國際貿易有限公司"]


def file_rows() -> list[tuple[str, str]]:
    """(Group ID, Group Type) of every data row, read with openpyxl directly."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = load_workbook(FULL, read_only=True)
    try:
        rows = workbook.worksheets[0].iter_rows(min_row=3, values_only=True)
        return [(str(r[35]), str(r[28])) for r in rows if r and r[35] is not None]
    finally:
        workbook.close()


@pytest.mark.slow
def test_full_file_counts(full: ParseResult) -> None:
    # SOURCES.md: 18,798 name rows = 4,688 Group IDs (13,692 individual rows, 5,025
    # entity rows, 81 ship rows); "Last Updated 14/04/2025".
    rows = file_rows()
    assert len(rows) == 18798
    assert Counter(kind for _, kind in rows) == {"Individual": 13692, "Entity": 5025, "Ship": 81}
    groups = {group for group, _ in rows}
    assert len(groups) == 4688
    assert full.published == "2025-04-14"
    assert len(full.entities) == 4688
    assert {e.record_id for e in full.entities} == groups
    # Targets (not rows) by schema; every group has one Group Type.
    assert full.count_by_schema() == {"Organization": 1010, "Person": 3663, "Vessel": 15}
    kinds = dict(rows)
    schema = {"Individual": "Person", "Entity": "Organization", "Ship": "Vessel"}
    assert all(e.schema == schema[kinds[e.record_id]] for e in full.entities)
    # "Repubic of Moldova" (nationality), "115088" (country), "Yakut Autonomous SSR",
    # "Uzbek SSR" and an empty "-" birth country… are the only unreadable countries.
    assert full.skipped == {
        "country unknown": 1,
        "birthCountry unknown": 3,
        "nationality unknown": 1,
    }
    assert sum(1 for e in full.entities if e.get("unscId")) == 862


@pytest.mark.slow
def test_full_file_spot_checks(full: ParseResult) -> None:
    records = {e.record_id: e for e in full.entities}
    abakarov = records["14241"]
    assert abakarov.id == "gb_ofsi-14241"
    assert abakarov.schema == "Person"
    assert abakarov.get("name") == ["Khizri Magomedovich ABAKAROV"]
    assert abakarov.get("firstName") == ["Khizri"]
    assert abakarov.get("lastName") == ["ABAKAROV"]
    assert abakarov.get("birthDate") == ["1960-06-28"]
    assert abakarov.get("nationality") == ["ru"]
    assert abakarov.get("authorityId") == ["RUS0296"]
    assert ("Хизри Магомедович Абакаров", "Cyrl") in [
        (v.value, v.lang) for v in abakarov.values if v.prop == "alias"
    ]

    # Alexander Lukashenko: 60 rows, two spellings of the primary name.
    lukashenko = records["13918"]
    assert lukashenko.get("name") == [
        "Alexander Ryhorovich LUKASHENKO",
        "Alexander Grigorievich LUKASHENKO",
    ]
    assert lukashenko.get("birthDate") == ["1954-08-30"]
    assert "ЛУКАШЭНКА, Аляксандр Рыгоравіч" in lukashenko.get("alias")

    ship = records["13651"]
    assert ship.schema == "Vessel"
    assert ship.get("name") == ["SAM JONG 2"]
    assert ship.get("imoNumber") == ["7408873"]
    assert ship.get("flag") == ["kp"]
    assert ship.get("buildDate") == ["1975"]
    assert "YU_JONG_3" in ship.get("alias")

    assert records["13678"].get("unscId") == ["QDi.414"]
    assert records["16601"].get("name") == ["33RD SCIENTIFIC RESEARCH AND TESTING INSTITUTE"]


def test_split_other_information() -> None:
    text = (
        "(UK Sanctions List Ref):CAF0011. (UN Ref):CFi.010. Ali Kony is a deputy in the "
        "LRA (CFe.002). (Gender):Male"
    )
    pairs, narrative = split_other_information(text)
    assert pairs == [
        ("UK Sanctions List Ref", "CAF0011"),
        ("UN Ref", "CFi.010"),
        ("Gender", "Male"),
    ]
    assert narrative == ["Ali Kony is a deputy in the LRA (CFe.002)."]
    assert split_other_information(None) == ([], [])


def test_truncated_file_is_refused(tmp_path: Path) -> None:
    broken = truncated_copy(FIXTURE, tmp_path)
    with pytest.raises(ParseError) as info:
        GbOfsiXlsx().read(broken)
    assert str(broken) in str(info.value)
    assert "truncated" in str(info.value)


def test_wrong_header_names_the_missing_column(tmp_path: Path) -> None:
    broken = renamed_header(FIXTURE, tmp_path, "Group ID", "Group")
    with pytest.raises(ParseError) as info:
        GbOfsiXlsx().read(broken)
    assert "'Group ID'" in str(info.value)
    assert str(broken) in str(info.value)


def test_other_files_are_refused(tmp_path: Path) -> None:
    for other in (
        html_page(tmp_path, "ConList.xlsx"),
        unrelated_workbook(tmp_path),
        FIXTURES / "au_dfat_xlsx" / "regulation8_consolidated_excerpt.xlsx",
    ):
        with pytest.raises(ParseError) as info:
            GbOfsiXlsx().read(other)
        assert str(other) in str(info.value)
