"""Canada SEMA/JVCFOA consolidated list XML: golden excerpt, full-file counts, bad input."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest

from embargo.exc import ParseError
from embargo.sources.base import ParseResult
from embargo.sources.ca_sema_xml import CaSemaXml, record_key, schedule_key, split_aliases
from tests.conftest import FIXTURES, LISTS, Golden

FULL = LISTS / "ca_sema-lmes.xml.gz"
FIXTURE = FIXTURES / "ca_sema_xml" / "sema-lmes_excerpt.xml"


@pytest.fixture(scope="module")
def full() -> ParseResult:
    return CaSemaXml().read(FULL)


def test_golden_excerpt(golden: Golden) -> None:
    result = CaSemaXml().read(FIXTURE)
    assert result.published == "2025-03-20"
    assert result.count_by_schema() == {"Organization": 2, "Person": 12, "Vessel": 1}
    golden.check_entities(CaSemaXml.NAME, result.entities)


@pytest.mark.slow
def test_full_file_counts(full: ParseResult) -> None:
    # SOURCES.md: 4,759 records (Russia 2,426; Ukraine 553; Iran 460; Belarus 320;
    # Syria 281); no file date, latest DateOfListing 2025-03-20.
    assert full.published == "2025-03-20"
    assert len(full.entities) == 4759
    programs = Counter(e.first("program") for e in full.entities)
    assert programs["Russia / Russie"] == 2426
    assert programs["Ukraine"] == 553
    assert programs["Iran"] == 460
    assert programs["Belarus / Bélarus"] == 320
    assert programs["Syria / Syrie"] == 281
    # 3,334 records with LastName, 1,425 with EntityOrShip of which 109 have an IMO number.
    assert full.count_by_schema() == {"Organization": 1316, "Person": 3334, "Vessel": 109}
    # The derived ids are unique over the whole file: no collision, no duplicate.
    ids = [e.record_id for e in full.entities]
    assert len(set(ids)) == len(ids)
    assert all("~" not in i for i in ids)
    assert full.skipped == {"unreadable birthDate": 2}  # "Sep-99", "born in the early 1970s"


@pytest.mark.slow
def test_full_file_spot_checks(full: ParseResult) -> None:
    records = {e.record_id: e for e in full.entities}
    lukashenko = records["belarus-s1p1-8"]
    assert lukashenko.id == "ca_sema-belarus-s1p1-8"
    assert lukashenko.schema == "Person"
    assert lukashenko.get("name") == ["Aleksandr Grigoryevich Lukashenko"]
    assert lukashenko.get("birthDate") == ["1954-08-30"]
    assert lukashenko.get("listingDate") == ["2020-09-28"]
    assert lukashenko.get("notes") == ["Schedule 1, Part 1, item 8"]

    ship = records["russia-s1.1-1"]
    assert ship.schema == "Vessel"
    assert ship.get("name") == ["Balitiyskiy III"]
    assert ship.get("imoNumber") == ["7612448"]
    assert ship.get("type") == ["General Cargo / Multi Purpose"]
    assert ship.get("buildDate") == ["1980"]

    maduro = records["jvcfor-1"]  # JVCFOR records have no Schedule
    assert maduro.get("name") == ["Nicolás MADURO MOROS"]
    assert maduro.get("notes") == ["Item 1"]

    shor = records["russia-s1p1-1370"]
    assert ("Сара Львовна ШОР Семендуева", "Cyrl") in [
        (v.value, v.lang) for v in shor.values if v.prop == "alias"
    ]
    assert "Манахимова" in shor.get("weakAlias")


@pytest.mark.parametrize(
    ("schedule", "expected"),
    [("1, Part 1", "s1p1"), ("1,Part 3", "s1p3"), ("1, Part 1.1", "s1p1.1"),
     ("Part 2", "p2"), ("1.1", "s1.1"), ("3", "s3")],
)  # fmt: skip
def test_schedule_key(schedule: str, expected: str) -> None:
    assert schedule_key(schedule) == expected


def test_record_key() -> None:
    assert record_key("Russia / Russie", "1, Part 1", "185") == "russia-s1p1-185"
    assert record_key("Myanmar (Burma) / Myanmar (Birmanie)", "Part 2", "24") == (
        "myanmar-burma-p2-24"
    )
    jvcfor = (
        "Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR) / "
        "Règlement relatif à la justice pour les victimes de dirigeants étrangers "
        "corrompus (RJVDEC)"
    )
    assert record_key(jvcfor, None, "12") == "jvcfor-12"


@pytest.mark.parametrize(
    ("text", "is_person", "expected"),
    [
        # published Aliases values from the 2025-03-20 file
        ("Море Река Сервис, ООО", False, [("Море Река Сервис, ООО", None)]),
        ("Sergei, Serhii SHERBAKOV", True, [("Sergei, Serhii SHERBAKOV", None)]),
        ("TransMorFlot, TransMorFlot Shipping Company, Transseaport", False,
         [("TransMorFlot", None), ("TransMorFlot Shipping Company", None),
          ("Transseaport", None)]),
        ("Hanna Borisovna Liavusik or Anna Borisovna Leusik,  Belarusian: Ганна Барысаўна "
         "Лявусiк, Russian: Анна Борисовна Леусик", True,
         [("Hanna Borisovna Liavusik", None), ("Anna Borisovna Leusik", None),
          ("Ганна Барысаўна Лявусiк", "Belarusian"), ("Анна Борисовна Леусик", "Russian")]),
        ("Тетяна Олександрівна Кузьміч and Цвєтаєва", True,
         [("Тетяна Олександрівна Кузьміч", None), ("Цвєтаєва", None)]),
        ("ООО Машприборинторг-Волна and МПИ-Волна", False,
         [("ООО Машприборинторг-Волна and МПИ-Волна", None)]),
        ("Анна Юрьевна ТОДОРОВА / Ганна Юрiївна ТОДОРОВА", True,
         [("Анна Юрьевна ТОДОРОВА", None), ("Ганна Юрiївна ТОДОРОВА", None)]),
    ],
)  # fmt: skip
def test_split_aliases(text: str, is_person: bool, expected: list[tuple[str, str | None]]) -> None:
    assert split_aliases(text, is_person) == expected


def test_truncated_file_is_refused(tmp_path: Path) -> None:
    data = FULL.read_bytes()
    broken = tmp_path / "sema-lmes.xml.gz"
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(ParseError) as info:
        CaSemaXml().read(broken)
    assert str(broken) in str(info.value)

    plain = tmp_path / "sema-lmes.xml"
    text = gzip.decompress(data)
    plain.write_bytes(text[: len(text) // 2])
    with pytest.raises(ParseError) as info:
        CaSemaXml().read(plain)
    assert str(plain) in str(info.value)


def test_wrong_format_is_refused(tmp_path: Path) -> None:
    other = LISTS / "un_consolidated.xml.gz"
    with pytest.raises(ParseError) as info:
        CaSemaXml().read(other)
    assert str(other) in str(info.value)
    assert "data-set" in str(info.value)

    page = tmp_path / "sema-lmes.xml"
    page.write_text(
        "<html><body><h1>404 Not Found</h1><p>The page was not found.</body></html>\n",
        encoding="utf-8",
    )
    with pytest.raises(ParseError) as info:
        CaSemaXml().read(page)
    assert str(page) in str(info.value)
