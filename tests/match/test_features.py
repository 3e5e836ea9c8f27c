"""Part similarity and alignment."""

from __future__ import annotations

import pytest

from embargo.match.features import (
    COMPOUND,
    EXACT,
    INITIAL,
    PHONETIC,
    SKELETON,
    SPELLING,
    SYMBOL,
    PreparedName,
    QuerySlot,
    align,
    part_similarity,
)
from embargo.normalize.symbols import name_symbols

PARAMS = {"phonetic_sim": 0.85, "symbol_sim": 0.9, "min_sim": 0.7}


def sim(a: str, b: str, *, abjad: bool = False, symbols: bool = True) -> tuple[float, str]:
    return part_similarity(
        (a,),
        name_symbols(a) if symbols else (),
        abjad,
        b,
        name_symbols(b) if symbols else (),
        **PARAMS,
    )


def test_exact_and_spelling() -> None:
    assert sim("shoigu", "shoigu") == (1.0, EXACT)
    score, how = sim("umakhanov", "umahanov", symbols=False)
    assert how == SPELLING and score == pytest.approx(1 - 1 / 9)
    # a transposition is one edit
    assert sim("kaleidoskpo", "kaleidoskop", symbols=False)[0] == pytest.approx(1 - 1 / 11)


def test_phonetic_key_credit() -> None:
    assert sim("yevgeniy", "evgenij", symbols=False) == (0.85, PHONETIC)


def test_shared_symbol_credit_across_scripts() -> None:
    assert sim("евгений", "yevgeny") == (0.9, SYMBOL)


def test_known_different_names_get_spelling_only() -> None:
    # Hassan and Hosein both are known names, with no symbol in common
    assert sim("hassan", "hosein")[0] == 0.0
    # Faris/Firas: same consonants, different names
    assert sim("faris", "firas")[0] == 0.0


def test_skeleton_only_for_vowelless_scripts() -> None:
    assert sim("mnswr", "mansur", abjad=True, symbols=False) == (0.85, SKELETON)
    assert sim("mnswr", "mansur", abjad=False, symbols=False)[0] < 0.85


def test_short_syllables_with_another_first_letter_are_different() -> None:
    assert sim("kang", "jang", symbols=False)[0] == 0.0
    assert sim("kagn", "kang", symbols=False)[0] == pytest.approx(0.75)


def test_digits_must_agree() -> None:
    assert sim("skay17", "skai17", symbols=False)[0] > 0.8
    assert sim("skay17", "skay18", symbols=False)[0] == 0.0


VOCAB = ["kim", "jong", "un", "abdul", "rahman", "m", "mohammad", "javad"]


def slot(form: str, weight: float = 1.0) -> QuerySlot:
    sims = {i: 1.0 for i, t in enumerate(VOCAB) if t == form}
    hows = dict.fromkeys(sims, EXACT)
    return QuerySlot((form,), "", frozenset(), False, weight, False, sims, hows)


def no_similarity(s: QuerySlot, vid: int) -> float:
    s.sims[vid] = 0.0
    return 0.0


def aligned(query: list[str], candidate: list[str], person: bool = True):  # type: ignore[no-untyped-def]
    slots = [slot(f) for f in query]
    name = PreparedName(" ".join(query), slots, float(len(slots)))
    tokens = [VOCAB.index(t) for t in candidate]
    return align(
        name, tokens, VOCAB, [1.0] * len(VOCAB), no_similarity, person=person, initial_sim=0.7
    )


def test_align_free_word_order() -> None:
    al = aligned(["jong", "un", "kim"], ["kim", "jong", "un"])
    assert al.exact
    assert al.query_coverage == al.candidate_coverage == 1.0


def test_align_compound_parts() -> None:
    al = aligned(["kim", "jongun"], ["kim", "jong", "un"])
    assert [p.how for p in al.pairs] == [EXACT, COMPOUND]
    assert al.query_coverage == 1.0 and not al.exact


def test_align_initials_for_persons_only() -> None:
    al = aligned(["m", "javad"], ["mohammad", "javad"])
    assert {p.how for p in al.pairs} == {INITIAL, EXACT}
    al = aligned(["m", "javad"], ["mohammad", "javad"], person=False)
    assert al.unmatched_query == (0,)


def test_align_reports_what_is_missing() -> None:
    al = aligned(["kim", "jong", "il"], ["kim", "jong", "un"])
    assert al.unmatched_query == (2,)
    assert al.unmatched_candidate == (2,)
    assert al.strong_missing == 1
    assert al.query_coverage == pytest.approx(2 / 3)
