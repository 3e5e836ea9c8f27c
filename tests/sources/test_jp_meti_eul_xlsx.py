"""Japan METI End User List (XLSX): golden excerpt, full-file counts, bad input."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from embargo.exc import ParseError
from embargo.sources.base import ParseResult
from embargo.sources.jp_meti_eul_xlsx import (
    JpMetiEulXlsx,
    split_acronym,
    split_aliases,
    split_name,
    wmd_programs,
)
from tests.conftest import FIXTURES, LISTS, Golden
from tests.sources.xlsx_helpers import (
    html_page,
    renamed_header,
    truncated_copy,
    unrelated_workbook,
)

FULL = LISTS / "jp_meti_end_user_list.xlsx"
FIXTURE = FIXTURES / "jp_meti_eul_xlsx" / "end_user_list_excerpt.xlsx"


@pytest.fixture(scope="module")
def full() -> ParseResult:
    return JpMetiEulXlsx().read(FULL)


def test_golden_excerpt(golden: Golden) -> None:
    result = JpMetiEulXlsx().read(FIXTURE)
    # The fixture carries the original docProps/core.xml, modified 2025-09-25T07:37:02Z.
    assert result.published == "2025-09-25"
    assert [e.record_id for e in result.entities] == ["1", "5", "380", "490", "599", "739", "761"]
    assert not result.skipped
    golden.check_entities(JpMetiEulXlsx.NAME, result.entities)


@pytest.mark.slow
def test_full_file_counts(full: ParseResult) -> None:
    # SOURCES.md: 835 entries; file created/modified 2025-09-25 (docProps).
    assert full.published == "2025-09-25"
    assert len(full.entities) == 835
    assert [e.record_id for e in full.entities] == [str(n) for n in range(1, 836)]
    assert full.count_by_schema() == {"Organization": 835}
    assert not full.skipped
    countries = Counter(e.first("country") for e in full.entities)
    assert countries["ir"] == 257
    assert countries["kp"] == 154
    assert countries["cn"] == 127
    assert countries["hk"] == 22
    assert sum(countries.values()) == 835 and None not in countries
    programs = Counter(p for e in full.entities for p in e.get("program"))
    assert programs == {
        "missile": 616,
        "nuclear": 465,
        "conventional weapons": 240,
        "chemical": 233,
        "biological": 218,
    }


@pytest.mark.slow
def test_full_file_spot_checks(full: ParseResult) -> None:
    records = {e.record_id: e for e in full.entities}
    qaida = records["1"]
    assert qaida.id == "jp_meti_eul-1"
    assert qaida.get("name") == ["Al Qa'ida/Islamic Army"]
    assert len(qaida.get("alias")) == 8
    assert qaida.get("country") == ["af"]
    assert qaida.get("program") == [
        "biological",
        "chemical",
        "missile",
        "nuclear",
        "conventional weapons",
    ]
    komid = next(
        e
        for e in full.entities
        if e.first("name") == "Korea Mining Development Trading Corporation (KOMID)"
    )
    assert komid.get("weakAlias") == ["KOMID"]
    assert ("朝鮮鉱業開発貿易会社", "Hani") in [(v.value, v.lang) for v in komid.values]
    assert records["761"].get("alias") == ["Novator Design Bureau", "JSC OKB Novator"]


def test_name_and_alias_splitting() -> None:
    assert split_name("Kim Il Sung University\n(金日成総合大学)") == (
        "Kim Il Sung University",
        ["金日成総合大学"],
    )
    assert split_name(
        "Guangzhou Tian-Hai-Xiang Aviation\nTechnology Co., Ltd.\n（広州天海翔航空科技有限公司）"
    ) == (
        "Guangzhou Tian-Hai-Xiang Aviation Technology Co., Ltd.",
        ["広州天海翔航空科技有限公司"],
    )
    assert split_name("Pan Systems Pte. Ltd. (Pyongyang branch)") == (
        "Pan Systems Pte. Ltd. (Pyongyang branch)",
        [],
    )
    assert split_acronym("Delta Engineering Concern FZE （DEC）") == (
        "Delta Engineering Concern FZE",
        "DEC",
    )
    assert split_acronym("ESNICO (Equipment Supplier for Nuclear Industries Corporation)") is None
    assert split_aliases("・Korea Wonbong Co., Ltd.\n(朝鮮元峰会社)") == [
        "Korea Wonbong Co., Ltd.",
        "朝鮮元峰会社",
    ]
    assert split_aliases("・Novator Design Bureau; and\n・JSC OKB Novator") == [
        "Novator Design Bureau",
        "JSC OKB Novator",
    ]
    assert split_aliases("YINKE ELECTRONICS CO., LTD") == ["YINKE ELECTRONICS CO., LTD"]
    assert split_aliases(" ") == []


def test_wmd_programs() -> None:
    assert wmd_programs("生物、化学、ミサイル、核\nB,C,M,N") == [
        "biological",
        "chemical",
        "missile",
        "nuclear",
    ]
    assert wmd_programs("ミサイルM") == ["missile"]
    assert wmd_programs("核\nＮ") == ["nuclear"]
    assert wmd_programs("M、N") == ["missile", "nuclear"]
    assert wmd_programs(None) == []


def test_truncated_file_is_refused(tmp_path: Path) -> None:
    broken = truncated_copy(FIXTURE, tmp_path)
    with pytest.raises(ParseError) as info:
        JpMetiEulXlsx().read(broken)
    assert str(broken) in str(info.value)


def test_wrong_header_names_the_missing_column(tmp_path: Path) -> None:
    broken = renamed_header(FIXTURE, tmp_path, "別名\nAlso Known As", "Aliases")
    with pytest.raises(ParseError) as info:
        JpMetiEulXlsx().read(broken)
    assert "Also Known As" in str(info.value)
    assert str(broken) in str(info.value)


def test_other_files_are_refused(tmp_path: Path) -> None:
    for other in (
        html_page(tmp_path, "20250929_4.xlsx"),
        unrelated_workbook(tmp_path),
        FIXTURES / "jp_mof_xlsx" / "asset_freeze_list_excerpt.xlsx",
    ):
        with pytest.raises(ParseError) as info:
            JpMetiEulXlsx().read(other)
        assert str(other) in str(info.value)
