"""Title or position: one rule for every list (values from the bundled lists)."""

from __future__ import annotations

import pytest

from embargo.model.entity import Entity
from embargo.sources.names import add_function, honorifics_in


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
