"""Script and language codes of names in other scripts."""

from __future__ import annotations

import pytest

from embargo.model.scripts import language_code, script_code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Аслан Авгазарович Бютукаев", "Cyrl"),  # UN QDi.396, original script
        ("محمد حسن آخوند", "Arab"),  # UN TAi.002
        ("سيامک ره\u200cپيک", "Arab"),  # zero-width non-joiner is no letter
        ("金铁三", "Hani"),  # UN KPi.035 alias
        ("김정은", "Hang"),
        ("カタカナ", "Kana"),
        ("ひらがな漢字", "Jpan"),
        ("Ру́сич", "Cyrl"),  # combining acute accent
        ("Jin Tiesan", None),
        ("12345", None),
        ("", None),
    ],
)
def test_script_code(text: str, expected: str | None) -> None:
    assert script_code(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("EN", "eng"), ("fa", "fas"), ("Russian", "rus"), ("Belarusian", "bel"), ("", None)],
)
def test_language_code(text: str, expected: str | None) -> None:
    assert language_code(text) == expected
