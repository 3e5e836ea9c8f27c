"""IMO numbers as the lists print them (values from the bundled OFAC and CSL files)."""

from __future__ import annotations

import pytest

from embargo.sources.identifiers import imo_number, is_lei, is_ship_imo


@pytest.mark.parametrize(
    ("text", "bare", "expected"),
    [
        ("IMO 9187629", False, "9187629"),
        ("IMO  8730455", False, "8730455"),  # us_ofac_sdn: two spaces
        ("imo9187629", False, "9187629"),
        ("IMO: 4235151", False, "4235151"),  # a company number: other check scheme
        ("9187629", False, None),  # bare digits only when asked
        ("9187629", True, "9187629"),
        ("9187620", True, None),  # wrong ship check digit
        ("IMO 15411", True, None),  # Maltese registry number (us_csl SDN-23424)
        ("IMO 543400", False, None),  # six digits (us_ofac_sdn-23513)
        ("RS 150443", True, None),
        ("", True, None),
        (None, True, None),
    ],
)
def test_imo_number(text: str | None, bare: bool, expected: str | None) -> None:
    assert imo_number(text, bare=bare) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9562233", "9562233"),  # a field that is the IMO number: no check digit needed
        ("9187620", "9187620"),
        ("IMO9562233", "9562233"),  # UK FCDO IMONumber
        ("95622", None),
        ("9562233; 9187629", None),  # two numbers in one cell: not glued together
    ],
)
def test_imo_number_of_an_imo_field(text: str, expected: str | None) -> None:
    assert imo_number(text, bare=True, check_digit=False) == expected


def test_is_ship_imo() -> None:
    assert is_ship_imo("9218454")  # DEVON, us_csl SDN-15047
    assert is_ship_imo("8606173")
    assert not is_ship_imo("8606174")
    assert not is_ship_imo("860617")
    assert not is_ship_imo("IMO 9218454")


def test_is_lei() -> None:
    assert is_lei("253400V1H6ART1UQ0N98")  # OFAC Legal Entity Number, Russia
    assert is_lei(" 25340038P8SYW80B9W34 ")
    assert not is_lei("852496527")  # Dutch nine-digit number under the same label
    assert not is_lei("253400VTMXV2UE7XNN67")  # us_ofac_sdn-40781: check digits wrong
    assert not is_lei("2180068XRFK54K3Z159")  # 19 characters
    assert not is_lei(None)
