"""Title or position: one rule for every list (values from the bundled lists)."""

from __future__ import annotations

import pytest

from embargo.model.entity import Entity
from embargo.sources.names import (
    add_function,
    clean_gender,
    honorifics_in,
    previously_listed_name,
    split_script_pair,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr", ["Dr"]),  # OFAC us_ofac_sdn-26123
        ("Dr.", ["Dr."]),
        ("Maulawi; Mullah", ["Maulawi", "Mullah"]),  # us_ofac_sdn-16519
        ("Professor; Doctor", ["Professor", "Doctor"]),  # us_ofac_sdn-12916
        ("Shaykh", ["Shaykh"]),
        ("Brigadier General", None),  # a rank in a function field is the function
        ("Former Minister of Defense", None),
        ("Dr; Minister of Health", None),  # not only honorifics: one position
        ("Engineer", None),  # an occupation (UK OFSI Position)
        ("", None),
        (None, None),
    ],
)
def test_honorifics_in(text: str | None, expected: list[str] | None) -> None:
    assert honorifics_in(text) == expected


def test_add_function() -> None:
    entity = Entity("test", "1", "Person")
    assert add_function(entity, "Member of the State Duma of the Russian Federation")
    assert add_function(entity, "Maulawi; Mullah", note="Title")
    assert not add_function(entity, None)
    assert not add_function(entity, " ")
    assert [(v.prop, v.value, v.note) for v in entity.values] == [
        ("position", "Member of the State Duma of the Russian Federation", None),
        ("title", "Maulawi", "Title"),
        ("title", "Mullah", "Title"),
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # UN aliases (un_consolidated.xml.gz)
        ("Jin Tiesan (金铁三)", ["Jin Tiesan", "金铁三"]),
        ("حسن غول (Hassan Ghul; Hassan Gul)", ["حسن غول", "Hassan Ghul", "Hassan Gul"]),
        ("Abubakar (original script: Абубакар)", ["Abubakar", "Абубакар"]),
        ("Al-Nusrah Front (ANF)", ["Al-Nusrah Front (ANF)"]),
        ("أنصار الشريعة بليبيا (Ansar al Charia in Libya (ASL))",
         ["أنصار الشريعة بليبيا (Ansar al Charia in Libya (ASL))"]),
        # Full-width parentheses, as the Japanese lists write them.
        ("Jin Tiesan（金铁三）", ["Jin Tiesan", "金铁三"]),
        # Two non-Latin scripts are two spellings too.
        ("김정은 (Ким Чен Ын)", ["김정은", "Ким Чен Ын"]),
        ("Delta Engineering (DEC)", ["Delta Engineering (DEC)"]),
        ("Abdul Jalil", ["Abdul Jalil"]),
        ("(金铁三)", ["(金铁三)"]),
    ],
)  # fmt: skip
def test_split_script_pair(name: str, expected: list[str]) -> None:
    assert split_script_pair(name) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Male", "male"),  # UN, OFAC, UK
        ("female", "female"),
        ("M", "male"),  # EU
        ("F", "female"),
        (" Female. ", "female"),
        ("Unknown", None),
        ("", None),
        (None, None),
    ],
)
def test_clean_gender(text: str | None, expected: str | None) -> None:
    assert clean_gender(text) == expected


def test_previously_listed_name() -> None:
    assert previously_listed_name("Abdul Rahman (previously listed as)") == "Abdul Rahman"
    assert previously_listed_name("ABC (Formerly listed as) ") == "ABC"
    assert previously_listed_name("Abdul Rahman") is None
