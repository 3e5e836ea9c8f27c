"""UK day-first dates with unknown parts (values from the bundled OFSI and FCDO files)."""

from __future__ import annotations

import pytest

from embargo.sources.dates import partial_dmy


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("28/06/1960", "1960-06-28"),
        ("00/00/1978", "1978"),  # OFSI: unknown day and month
        ("00/05/1955", "1955-05"),
        ("12/00/1960", "1960"),  # a day without its month means nothing
        ("05/1955", "1955-05"),
        ("00/1955", "1955"),
        ("1962", "1962"),
        ("dd/mm/1945", "1945"),  # FCDO: placeholders
        ("DD/05/1958", "1958-05"),
        ("12/05/1958", "1958-05-12"),
        ("mm/1958", "1958"),
        ("31/02/1960", None),
        ("sometime", None),
        (None, None),
    ],
)
def test_partial_dmy(text: str | None, expected: str | None) -> None:
    assert partial_dmy(text) == expected
