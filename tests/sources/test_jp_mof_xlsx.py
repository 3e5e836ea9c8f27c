"""Japan MOF asset-freeze list (XLSX): golden excerpt, furigana, full-file counts, bad input."""

from __future__ import annotations

import re
import warnings
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from embargo.exc import ParseError
from embargo.sources.base import ParseResult
from embargo.sources.jp_mof_xlsx import (
    JpMofXlsx,
    document_numbers,
    japanese_dates,
    mof_names,
    notice_dates,
)
from tests.conftest import FIXTURES, LISTS, Golden
from tests.sources.xlsx_helpers import (
    html_page,
    renamed_header,
    truncated_copy,
    unrelated_workbook,
)

FULL = LISTS / "jp_mof_asset_freeze_list.xlsx"
FIXTURE = FIXTURES / "jp_mof_xlsx" / "asset_freeze_list_excerpt.xlsx"


@pytest.fixture(scope="module")
def full() -> ParseResult:
    return JpMofXlsx().read(FULL)


def test_golden_excerpt(golden: Golden) -> None:
    result = JpMofXlsx().read(FIXTURE)
    # Latest notice date in the excerpt's 告示日付 cells (2024.3.22改訂, AL RASHID TRUST).
    assert result.published == "2024-03-22"
    assert result.count_by_schema() == {"LegalEntity": 3, "Organization": 5, "Person": 7}
    assert result.skipped == {"deleted entry": 1, "revoked regime sheet without entries": 1}
    golden.check_entities(JpMofXlsx.NAME, result.entities)


def test_furigana_is_not_part_of_names() -> None:
    # The fixture keeps the original shared string with its phonetic runs…
    with zipfile.ZipFile(FIXTURE) as archive:
        shared = archive.read("xl/sharedStrings.xml").decode("utf-8")
    assert re.search(
        r"<si><t>株式会社ロスエレクトロニクス</t><rPh sb=\"0\" eb=\"2\"><t>カブシキ</t></rPh>",
        shared,
    )
    assert "<t>ニホン</t>" in shared  # the header 日本語表記 carries furigana too
    # …and the parsed values do not.
    records = {e.record_id: e for e in JpMofXlsx().read(FIXTURE).entities}
    assert records["28-47"].get("alias") == ["株式会社ロスエレクトロニクス"]
    assert records["30-3"].get("alias") == ["ＶＥＢ．ＲＦ（ロシア対外経済銀行）"]
    values = [v.value for e in records.values() for v in e.values]
    assert not any("カブシキ" in v or "ニホンゴ" in v for v in values)


def test_excerpt_records() -> None:
    records = {e.record_id: e for e in JpMofXlsx().read(FIXTURE).entities}
    assert "2-1" not in records  # 2011.11.18削除: deleted entry without names
    omar = records["2-4"]
    assert omar.get("name") == ["MOHAMMED OMAR GHULAM NABI"]
    assert [(v.value, v.lang) for v in omar.values if v.prop == "alias"] == [
        ("محمد عمرغلام نبی", "Arab"),
        ("モハンメド・オマル・グラム・ナビ", "jpn"),
    ]
    assert omar.get("birthDate") == ["1966", "1960", "1953"]
    assert omar.get("listingDate") == ["2001-09-22", "2000-04-12"]
    assert omar.get("modifiedAt") == ["2018-04-27"]
    # The same trust on the Taliban sheet and on the terrorist sheet: two designations.
    assert records["2-186"].get("notes")[0] == "告示番号 *186"
    assert records["3-1"].get("notes")[0] == "告示番号 1(*186)"
    assert records["3-1"].get("program") == ["テロリスト等 (1)"]
    ryonbong = records["14-2"]
    assert ryonbong.get("previousName") == [
        "リョンガクサン・ジェネラル・トレーディング・コーポレーション",
        "Lyongaksan General Trading Corporation",
    ]
    assert records["29-1"].get("birthDate") == ["1952-10-07"]
    assert records["1-1"].get("birthPlace") == ["Pozarevac, Republic of Serbia"]


def numbered_rows() -> list[str]:
    """The 告示番号 of every entry row of every regime sheet, read with openpyxl."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = load_workbook(FULL, read_only=True)
    numbers: list[str] = []
    try:
        assert len(workbook.sheetnames) == 45
        for sheet in workbook.worksheets[1:]:
            sheet.reset_dimensions()
            header_seen = False
            for row in sheet.iter_rows(values_only=True):
                if not header_seen:
                    header_seen = len(row) > 1 and str(row[1]).strip() == "告示番号"
                    continue
                if len(row) > 1 and row[1] is not None and str(row[1]).strip():
                    numbers.append(str(row[1]).strip())
    finally:
        workbook.close()
    return numbers


@pytest.mark.slow
def test_full_file_counts(full: ParseResult) -> None:
    # SOURCES.md: 45 sheets (index + 44 regimes); "3,320 numbered entries across 44
    # sheets": the entries whose 告示番号 is digits only. 141 more carry a cross-reference
    # marker (*186, 1(*186), #17, 1(#47)): 3,461 entry rows in all, of which 599 are
    # deleted (no names left, 告示日付 "…削除" but one) and 2,862 are designations.
    numbers = numbered_rows()
    assert len(numbers) == 3461
    assert sum(1 for n in numbers if n.isdigit()) == 3320
    assert full.published == "2026-03-05"
    assert len(full.entities) == 2862
    assert full.skipped["deleted entry"] + full.skipped["entry without a name"] == 599
    assert len(full.entities) + 599 == len(numbers)
    assert full.count_by_schema() == {"LegalEntity": 145, "Organization": 708, "Person": 2009}
    assert len({e.id for e in full.entities}) == 2862
    assert full.skipped == {
        "deleted entry": 598,
        "entry without a name": 1,
        "revoked regime sheet without entries": 3,
        "nationality unknown": 4,
        "birthDate unreadable": 4,
        "idNumber without a number": 1,
        "passportNumber without a number": 2,
    }
    # 41 sheets have entries; all five of マリ共和国 (Mali) are deleted.
    programs = Counter(e.first("program") for e in full.entities)
    assert len(programs) == 40 and "マリ共和国" not in programs
    assert programs["ロシア連邦(個人)"] == 752
    assert programs["タリバーン関係者等"] == 480


@pytest.mark.slow
def test_full_file_spot_checks(full: ParseResult) -> None:
    records = {e.record_id: e for e in full.entities}
    putin = records["29-1"]
    assert putin.id == "jp_mof-29-1"
    assert putin.schema == "Person"
    assert putin.get("name") == ["Vladimir Putin"]
    assert putin.get("alias") == ["ウラジーミル・プーチン"]
    assert putin.get("birthDate") == ["1952-10-07"]
    assert putin.get("listingDate") == ["2022-03-01"]
    assert records["28-47"].get("alias") == ["株式会社ロスエレクトロニクス"]
    assert records["28-1"].schema == "Organization"
    # No Japanese name has a reading glued to its text.
    japanese = [v.value for e in full.entities for v in e.values if v.lang == "jpn"]
    assert len(japanese) > 6000
    assert "ロスエレクトロニクスカブシキカイシャ" not in "".join(japanese)


def test_japanese_dates() -> None:
    assert japanese_dates("1963年6月6日") == ["1963-06-06"]
    assert japanese_dates("1963年頃") == ["1963"]
    assert japanese_dates("1963年から1968年の間") == ["1963/1968"]
    assert japanese_dates("(a)1955年-1958年頃\n(b)１945年-1950年頃") == ["1955/1958", "1945/1950"]
    assert japanese_dates("1967年12月22日又は10月22日") == ["1967-12-22", "1967-10-22"]
    assert japanese_dates("1977年8月から9月の間") == ["1977-08/1977-09"]
    assert japanese_dates("1966/2/2") == ["1966-02-02"]
    assert japanese_dates("(c)1402年6月24日(ヒジュラ暦)") == []
    assert japanese_dates("不明") == []


def test_notice_dates() -> None:
    assert notice_dates("2001.9.22\n2008.6.25改訂\n2012.3.27改訂") == (
        "2001-09-22",
        ["2008-06-25", "2012-03-27"],
        [],
    )
    assert notice_dates("2011.11.18削除") == (None, [], ["2011-11-18"])


def test_alias_cells() -> None:
    assert mof_names("(a)レフマトゥッラー(b)カカザダ\n (a.k.a.: (a)Rehmatullah (b)Kakazada)") == [
        ("alias", "Rehmatullah"),
        ("alias", "Kakazada"),
        ("alias", "レフマトゥッラー"),
        ("alias", "カカザダ"),
    ]
    assert mof_names(
        "（別称）ファースト・クレジット・バンク\n（旧称）キョンギョン・クレジット・バンク\n"
        "First Credit Bank\nf.k.a. Kyongyong Credit Bank"
    ) == [
        ("alias", "ファースト・クレジット・バンク"),
        ("previousName", "キョンギョン・クレジット・バンク"),
        ("previousName", "First Credit Bank"),
        ("previousName", "Kyongyong Credit Bank"),
    ]
    assert mof_names("(a)シディキ（Sidiki）\n(b)シディキ「将軍」（“General” Sidiki）") == [
        ("alias", "シディキ"),
        ("alias", "Sidiki"),
        ("alias", "シディキ「将軍」"),
        ("alias", "“General” Sidiki"),
    ]
    assert mof_names("不明") == []
    assert mof_names("(a)ムセニェリ（Musenyeri）", "weakAlias") == [
        ("weakAlias", "ムセニェリ"),
        ("weakAlias", "Musenyeri"),
    ]


def test_document_numbers() -> None:
    assert document_numbers("E27979708（中国旅券）") == [("E27979708", "E27979708(中国旅券)")]
    assert document_numbers("アフガニスタン国民ＩＤカード番号（tazkira） 番号：1136") == [
        ("1136", "アフガニスタン国民IDカード番号(tazkira) 番号:1136")
    ]
    assert document_numbers("不明") == []


def test_truncated_file_is_refused(tmp_path: Path) -> None:
    broken = truncated_copy(FIXTURE, tmp_path)
    with pytest.raises(ParseError) as info:
        JpMofXlsx().read(broken)
    assert str(broken) in str(info.value)


def test_wrong_header_names_the_missing_column(tmp_path: Path) -> None:
    broken = renamed_header(FIXTURE, tmp_path, "英語表記", "English")
    with pytest.raises(ParseError) as info:
        JpMofXlsx().read(broken)
    assert "'英語表記'" in str(info.value)
    assert str(broken) in str(info.value)


def test_other_files_are_refused(tmp_path: Path) -> None:
    for other in (
        html_page(tmp_path, "shisantouketsu20260305.xlsx"),
        unrelated_workbook(tmp_path),
        FIXTURES / "jp_meti_eul_xlsx" / "end_user_list_excerpt.xlsx",
    ):
        with pytest.raises(ParseError) as info:
            JpMofXlsx().read(other)
        assert str(other) in str(info.value)
