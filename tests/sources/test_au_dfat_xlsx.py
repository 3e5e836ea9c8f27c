"""Australia DFAT Consolidated List (XLSX): golden excerpt, full-file counts, bad input."""

from __future__ import annotations

import re
import warnings
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from embargo.exc import ParseError
from embargo.sources.au_dfat_xlsx import AuDfatXlsx, dfat_birth_dates
from embargo.sources.base import ParseResult
from tests.conftest import FIXTURES, LISTS, Golden
from tests.sources.xlsx_helpers import (
    html_page,
    renamed_header,
    truncated_copy,
    unrelated_workbook,
)

FULL = LISTS / "au_dfat_regulation8_consolidated.xlsx"
FIXTURE = FIXTURES / "au_dfat_xlsx" / "regulation8_consolidated_excerpt.xlsx"


@pytest.fixture(scope="module")
def full() -> ParseResult:
    return AuDfatXlsx().read(FULL)


def test_golden_excerpt(golden: Golden) -> None:
    result = AuDfatXlsx().read(FIXTURE)
    # No publication date in the file: the latest Control Date of the excerpt.
    assert result.published == "2024-01-16"
    assert result.count_by_schema() == {"Organization": 2, "Person": 5}
    assert not result.skipped
    golden.check_entities(AuDfatXlsx.NAME, result.entities)


def test_excerpt_groups_suffixed_references() -> None:
    records = {e.record_id: e for e in AuDfatXlsx().read(FIXTURE).entities}
    assert sorted(records, key=int) == ["2", "34", "1276", "2684", "2947", "3205", "7596"]
    # 34, 34a…34f and 34c1, 34f1 are one target; 34d "(previously listed as)".
    target = records["34"]
    assert target.get("name") == ["Abdul Jalil Haqqani Wali Mohammad"]
    assert target.get("previousName") == ["Abdul Jalil Haqqani"]
    assert "اختر محمد ولد نور محمد" in target.get("alias")  # 34c1
    assert target.get("birthDate") == ["1963", "1965", "1955"]  # per-alias DOBs kept
    assert target.get("passportNumber") == ["OR1961825", "TR024417"]
    # 3205a "Jin Tiesan (金铁三)" pairs two scripts.
    assert [(v.value, v.lang) for v in records["3205"].values if v.prop == "alias"] == [
        ("Jin Tiesan", None),
        ("金铁三", "Hani"),
    ]
    assert records["7596"].schema == "Organization"  # Type "Entity " with a space
    assert records["2947"].get("imoNumber") == ["1790183"]


def file_references() -> list[str]:
    """The Reference of every name row, read with openpyxl directly."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = load_workbook(FULL, read_only=True)
    try:
        rows = workbook.worksheets[0].iter_rows(min_row=2, max_col=1, values_only=True)
        return [str(r[0]).strip() for r in rows if r and r[0] is not None]
    finally:
        workbook.close()


@pytest.mark.slow
def test_full_file_counts(full: ParseResult) -> None:
    # SOURCES.md: 9,553 name rows, 3,062 distinct reference numbers, 440 "Original
    # Script" rows; no file date, latest Control Date 2024-11-11.
    references = file_references()
    assert len(references) == 9553
    numbers = {re.match(r"\d+", ref).group(0) for ref in references}  # type: ignore[union-attr]
    assert len(numbers) == 3062
    assert full.published == "2024-11-11"
    assert len(full.entities) == 3062
    assert {e.record_id for e in full.entities} == numbers
    assert full.count_by_schema() == {"Organization": 746, "Person": 2316}
    originals = [
        v for e in full.entities for v in e.values if (v.note or "").casefold() == "original script"
    ]
    assert len(originals) == 440
    assert Counter(v.lang for v in originals) == {
        "Arab": 392,
        "Cyrl": 42,
        "Hani": 3,
        "Ethi": 2,
        None: 1,
    }
    assert full.skipped == {"birthDate unreadable": 12, "citizenship unknown": 6}


@pytest.mark.slow
def test_full_file_spot_checks(full: ParseResult) -> None:
    records = {e.record_id: e for e in full.entities}
    omar = records["4"]
    assert omar.id == "au_dfat-4"
    assert omar.get("name") == ["Mohammed Omar GHULAM NABI"]
    assert omar.get("birthDate") == ["1966", "1960", "1953"]
    assert omar.get("citizenship") == ["af"]
    assert omar.get("program") == ["1988 (Taliban)"]
    assert omar.get("modifiedAt") == ["2018-04-10"]

    rogozin = records["2684"]
    assert rogozin.get("birthDate") == ["1963-12-21"]
    assert rogozin.get("alias") == ["Dmitriy ROGOZIN", "Dmytro Olehovych ROHOZIN"]
    assert rogozin.get("program") == ["Autonomous (Russia)"]

    # The 35 rows of reference 2672 (Al-Nusrah Front) are one entity.
    nusrah = records["2672"]
    assert nusrah.schema == "Organization"
    assert nusrah.get("name") == ["AL-NUSRAH FRONT FOR THE PEOPLE OF THE LEVANT"]
    assert "Hay’at Tahrir al-Sham" in nusrah.get("alias")
    assert "Levantine Mujahideen on the Battlefields of Jihad" in nusrah.get("alias")  # 2672j1


def test_birth_dates() -> None:
    assert dfat_birth_dates("a) Approximately 1955- 1958 b) Approximately 1945-1950") == (
        [("1955/1958", "Approximately 1955- 1958"), ("1945/1950", "Approximately 1945-1950")],
        0,
    )
    assert dfat_birth_dates("Between 1955 and 1958")[0] == [("1955/1958", "Between 1955 and 1958")]
    assert dfat_birth_dates("15 May 1968 (as X) 1970 (as Y)")[0] == [
        ("1968-05-15", "15 May 1968"),
        ("1970", "1970"),
    ]
    assert dfat_birth_dates("21. Jul 1997")[0] == [("1997-07-21", "21. Jul 1997")]
    assert dfat_birth_dates("03/1965")[0] == [("1965-03", "03/1965")]
    assert dfat_birth_dates(1963) == ([("1963", None)], 0)
    assert dfat_birth_dates("NA") == ([], 0)
    assert dfat_birth_dates("Approximately (30-35 years old)") == ([], 1)


def test_truncated_file_is_refused(tmp_path: Path) -> None:
    broken = truncated_copy(FIXTURE, tmp_path)
    with pytest.raises(ParseError) as info:
        AuDfatXlsx().read(broken)
    assert str(broken) in str(info.value)


def test_wrong_header_names_the_missing_column(tmp_path: Path) -> None:
    broken = renamed_header(FIXTURE, tmp_path, "Control Date", "Date")
    with pytest.raises(ParseError) as info:
        AuDfatXlsx().read(broken)
    assert "'Control Date'" in str(info.value)
    assert str(broken) in str(info.value)


def test_other_files_are_refused(tmp_path: Path) -> None:
    for other in (
        html_page(tmp_path, "regulation8_consolidated.xlsx"),
        unrelated_workbook(tmp_path),
        FIXTURES / "gb_ofsi_xlsx" / "ConList_excerpt.xlsx",
    ):
        with pytest.raises(ParseError) as info:
            AuDfatXlsx().read(other)
        assert str(other) in str(info.value)
