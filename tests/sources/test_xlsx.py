"""Shared spreadsheet helpers: opening, sniffing, headers, cell text, furigana."""

from __future__ import annotations

import warnings
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from embargo.exc import ParseError
from embargo.sources.au_dfat_xlsx import AuDfatXlsx
from embargo.sources.base import SourceParser
from embargo.sources.gb_ofsi_xlsx import GbOfsiXlsx
from embargo.sources.io import read_head
from embargo.sources.jp_meti_eul_xlsx import JpMetiEulXlsx
from embargo.sources.jp_mof_xlsx import JpMofXlsx
from embargo.sources.xlsx import (
    _Reader,
    cell_text,
    countries_in,
    excel_date,
    find_header,
    open_workbook,
    peek_xlsx,
    read_shared_strings,
    split_enumerated,
    value_text,
)
from tests.conftest import FIXTURES, LISTS
from tests.sources.xlsx_helpers import html_page, truncated_copy, unrelated_workbook

XLSX_PARSERS: tuple[type[SourceParser], ...] = (GbOfsiXlsx, AuDfatXlsx, JpMofXlsx, JpMetiEulXlsx)
FIXTURE_FILES: dict[type[SourceParser], Path] = {
    GbOfsiXlsx: FIXTURES / "gb_ofsi_xlsx" / "ConList_excerpt.xlsx",
    AuDfatXlsx: FIXTURES / "au_dfat_xlsx" / "regulation8_consolidated_excerpt.xlsx",
    JpMofXlsx: FIXTURES / "jp_mof_xlsx" / "asset_freeze_list_excerpt.xlsx",
    JpMetiEulXlsx: FIXTURES / "jp_meti_eul_xlsx" / "end_user_list_excerpt.xlsx",
}
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def test_cell_text() -> None:
    assert cell_text(None) is None
    assert cell_text("  ") is None
    assert cell_text(186.0) == "186"
    assert cell_text(186) == "186"
    assert cell_text(2.5) == "2.5"
    assert cell_text(datetime(2014, 12, 15)) == "2014-12-15"
    assert cell_text(date(2014, 12, 15)) == "2014-12-15"
    assert cell_text("Sahnaya\u3000Daraa\xa0Highway\u200b ") == "Sahnaya Daraa Highway"
    assert cell_text("a\n\n b \r\nc") == "a b c"
    assert cell_text("a\n\n b \r\nc", lines=True) == "a\nb\nc"
    assert value_text("不明") is None
    assert value_text(" NA ") is None
    assert value_text("-") is None
    assert value_text("Nazar Jan") == "Nazar Jan"


def test_split_enumerated() -> None:
    assert split_enumerated("(1) A-333602 (2) M110522") == ["A-333602", "M110522"]
    assert split_enumerated("a) 1955 b) 1960") == ["1955", "1960"]
    assert split_enumerated("(a)モハンマド(b)ムハンマド") == ["モハンマド", "ムハンマド"]
    # A continuation glued to a digit counts; a lone reference does not.
    assert split_enumerated("(a)X (b)Y 2006(c) Z") == ["X", "Y 2006", "Z"]
    assert split_enumerated("resolution 1483 23(b) applies") == ["resolution 1483 23(b) applies"]
    assert split_enumerated("(i) one (ii) two") == ["one", "two"]
    assert split_enumerated("plain") == ["plain"]
    assert split_enumerated(None) == []


def test_countries_in() -> None:
    assert countries_in("Russia") == ("ru",)
    assert countries_in("Congo (Democratic Republic)") == ("cd",)
    assert countries_in("Iraq (previous address)") == ("iq",)
    assert countries_in("Former USSR Currently Belarus") == ("by",)
    assert countries_in("Ukrainian SSR (now Ukraine)") == ("ua",)
    assert countries_in("Russian and Ukrainian") == ("ru", "ua")
    assert countries_in("Estonia, Russia") == ("ee", "ru")
    assert countries_in("北朝鮮") == ("kp",)
    assert countries_in("ハイチ共和国") == ("ht",)
    assert countries_in("エジプトEgypt") == ("eg",)
    assert countries_in("Repubic of Moldova") == ()
    assert countries_in(None) == ()


def test_excel_date() -> None:
    assert excel_date(22882) == date(1962, 8, 24)
    assert excel_date(datetime(1952, 10, 7)) == date(1952, 10, 7)
    assert excel_date(1963) is None  # a year, not a serial
    assert excel_date("22882") is None
    assert excel_date(True) is None


def test_find_header_says_what_is_missing(tmp_path: Path) -> None:
    parser = GbOfsiXlsx()
    rows = [(1, ("Last Updated", "14/04/2025")), (2, ("Name 6", "Name 1", "Group Type"))]
    header = find_header(parser, tmp_path / "x.xlsx", iter(rows), ("Name 6", "Group Type"))
    assert header.row == 2 and header.column("group type") == 2
    with pytest.raises(ParseError) as info:
        find_header(parser, tmp_path / "x.xlsx", iter(rows), ("Name 6", "Group ID"), sheet="Data")
    assert "lacks the expected column(s) 'Group ID'" in str(info.value)
    assert "line 2" in str(info.value)
    with pytest.raises(ParseError) as info:
        find_header(parser, tmp_path / "x.xlsx", iter(rows), ("告示番号",))
    assert "no header row" in str(info.value)


def test_open_workbook_errors(tmp_path: Path) -> None:
    parser = JpMofXlsx()
    page = html_page(tmp_path, "list.xlsx")
    with pytest.raises(ParseError, match="no ZIP container"), open_workbook(parser, page):
        pass
    truncated = truncated_copy(FIXTURE_FILES[JpMofXlsx], tmp_path)
    with pytest.raises(ParseError, match="truncated"), open_workbook(parser, truncated):
        pass
    not_a_workbook = tmp_path / "other.xlsx"
    with zipfile.ZipFile(not_a_workbook, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ParseError) as info, open_workbook(parser, not_a_workbook):
        pass
    assert "not a readable XLSX workbook" in str(info.value)
    assert str(not_a_workbook) in str(info.value)


def test_peek_reads_sheet_names_and_first_rows() -> None:
    peek = peek_xlsx(FIXTURE_FILES[JpMofXlsx])
    assert peek is not None
    assert peek.sheet_names[:3] == [
        "一覧",
        "1.ミロシェビッチ前ユーゴ大統領関係者",
        "2.タリバーン関係者等",
    ]
    head = peek.head(1, rows=2)
    # 日本語表記 carries furigana (ニホンゴヒョウキ) in the shared strings; not in the text.
    assert head[1] == [
        "告示日付",
        "告示番号",
        "日本語表記",
        "英語表記",
        "生年月日・出生地",
        "その他の情報",
    ]
    assert peek.head(99) == []
    assert peek_xlsx(FIXTURES / "missing.xlsx") is None


@pytest.mark.slow
def test_shared_strings_without_furigana_match_openpyxl() -> None:
    """Reading the real MOF shared strings without ``<rPh>`` gives what openpyxl gives."""
    path = LISTS / "jp_mof_asset_freeze_list.xlsx"
    with zipfile.ZipFile(path) as archive:
        with archive.open("xl/sharedStrings.xml") as fh:
            ours = read_shared_strings(fh)
        table = etree.fromstring(archive.read("xl/sharedStrings.xml"))
    items = list(table.iterchildren(f"{MAIN}si"))
    with_rph = [i for i, si in enumerate(items) if si.find(f"{MAIN}rPh") is not None]
    assert len(ours) == len(items) == 13878
    assert len(with_rph) == 1711
    for i in with_rph:
        reading = "".join(t.text or "" for t in items[i].iterfind(f"{MAIN}rPh/{MAIN}t"))
        assert reading and reading not in ours[i]
    # openpyxl returns the same cell values: the furigana are not glued to them.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = load_workbook(path, read_only=True)
    try:
        sheet = workbook["28.ロシア連邦(団体(特定銀行を除く))"]
        values = {v for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)}
    finally:
        workbook.close()
    assert "株式会社ロスエレクトロニクス" in values
    assert "株式会社ロスエレクトロニクス" in ours


def test_each_fixture_is_claimed_by_its_parser_only(tmp_path: Path) -> None:
    for owner, path in FIXTURE_FILES.items():
        head = read_head(path)
        for parser in XLSX_PARSERS:
            assert parser.sniff(path, head) == (parser is owner), (parser.NAME, path.name)
    for foreign in (unrelated_workbook(tmp_path), html_page(tmp_path, "ConList.xlsx")):
        head = read_head(foreign)
        assert not any(parser.sniff(foreign, head) for parser in XLSX_PARSERS)


@pytest.mark.parametrize(
    "name",
    [
        "jp_mof_asset_freeze_list.xlsx",
        "uk_ofsi_ConList.xlsx",
        "au_dfat_regulation8_consolidated.xlsx",
        "jp_meti_end_user_list.xlsx",
    ],
)
def test_shared_strings_as_openpyxl_reads_them(name: str) -> None:
    """`open_workbook` reads the string table with lxml instead of openpyxl (1.9 s of the
    Japan MOF parse): the strings must be exactly those openpyxl would give."""
    from openpyxl.reader.strings import read_string_table

    with zipfile.ZipFile(LISTS / name) as archive, archive.open("xl/sharedStrings.xml") as fh:
        expected = list(read_string_table(fh))
    reader = _Reader(LISTS / name, read_only=True, data_only=True)
    reader.read_manifest()
    reader.read_strings()
    assert reader.shared_strings == expected
    assert len(expected) > 1000
