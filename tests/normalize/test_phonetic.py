"""Phonetic keys and consonant skeletons."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from embargo.normalize.phonetic import is_reliable_key, phonetic_key, skeleton_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("yevgeniy", "evgenij"),
        ("mohammad", "muhamad"),
        ("prigozhin", "prigojine"),
        ("abdullah", "abdulla"),
        ("qasim", "kasim"),
        ("wagner", "vagner"),
    ],
)
def test_spelling_variants_share_a_key(a: str, b: str) -> None:
    assert phonetic_key(a) == phonetic_key(b)


@pytest.mark.parametrize(("a", "b"), [("esmail", "shamlakh"), ("ivanov", "petrov")])
def test_different_names_have_different_keys(a: str, b: str) -> None:
    assert phonetic_key(a) != phonetic_key(b)


@pytest.mark.parametrize(
    ("arabic_romanized", "latin"),
    [("mnswr", "mansur"), ("hmadh", "hamada"), ("khday", "khudai"), ("mstfy", "mustafa")],
)
def test_skeletons_meet_vowelless_romanizations(arabic_romanized: str, latin: str) -> None:
    assert skeleton_key(arabic_romanized) == skeleton_key(latin)


def test_digits_and_reliability() -> None:
    assert phonetic_key("17") == "17"
    assert is_reliable_key("vgn")
    assert not is_reliable_key("ml")
    assert is_reliable_key("17")


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", max_size=20))
def test_keys_never_raise(token: str) -> None:
    assert isinstance(phonetic_key(token), str)
    assert isinstance(skeleton_key(token), str)
    if token.isalpha():
        assert phonetic_key(token)
