"""The fast paths of retrieval give exactly what the plain ones give.

Retrieval has plain-Python and numpy implementations of the same arithmetic (the
cheaper one is chosen by size). Their results must be identical, not merely close:
a different float sum or tie order would change which candidates are scored. Each
test runs the benchmark's real query names against an index of real listed
entities once per implementation and compares.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import numpy as np
import pytest

from embargo.index import memory
from embargo.index.base import Candidate
from embargo.index.memory import MemoryIndex
from embargo.match import retrieval
from embargo.match.config import MatchConfig
from embargo.match.scoring import Matcher, PreparedQuery
from embargo.screen.party import load_ftm_entities
from tests.conftest import BENCHMARK

ENTITIES = 4000
QUERIES = 400


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    entities = load_ftm_entities(BENCHMARK / "reference.ftm.jsonl")
    index = MemoryIndex.build(e for i, e in enumerate(entities) if i < ENTITIES)
    return Matcher(index, MatchConfig())


def prepared_queries(matcher: Matcher) -> Iterator[PreparedQuery]:
    with (BENCHMARK / "queries.jsonl").open(encoding="utf-8") as fh:
        for number, line in enumerate(fh):
            if number >= QUERIES:
                break
            data = json.loads(line)
            names = data["properties"].get("name", [])
            if names:
                yield matcher.prepare(data["schema"], names)


def all_candidates(matcher: Matcher) -> list[list[Candidate]]:
    return [matcher.candidates(q) for q in prepared_queries(matcher)]


def test_common_parts_add_the_same_evidence_in_python_and_numpy(
    matcher: Matcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = matcher.index
    assert isinstance(index, MemoryIndex)
    compared = with_common = 0
    for query in prepared_queries(matcher):
        for name in query.names:
            evidence = [slot.weighted_evidence() for slot in name.slots]
            weak = [slot.weak for slot in name.slots]
            plain = index.search_small(evidence, weak=weak)  # dict arithmetic
            if plain is None:
                continue
            monkeypatch.setattr(memory, "NUMPY_COMMON_FORMS", 0)
            forms, raw, small = index.search_evidence(evidence, weak=weak)
            monkeypatch.undo()
            assert small
            assert dict(zip(forms.tolist(), raw.tolist(), strict=True)) == plain
            compared += 1
            _, common, _ = index._split_slots(evidence, weak)
            with_common += bool(common)
    assert compared > 100 and with_common > 20  # the comparison saw real work


def test_small_and_large_search_paths_find_the_same_evidence(
    matcher: Matcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = matcher.index
    assert isinstance(index, MemoryIndex)
    compared = 0
    for query in prepared_queries(matcher):
        for name in query.names:
            evidence = [slot.weighted_evidence() for slot in name.slots]
            small_forms, small_raw = index.search_forms(evidence)
            monkeypatch.setattr(memory, "PYTHON_SEARCH_VOLUME", -1)
            large_forms, large_raw = index.search_forms(evidence)
            monkeypatch.undo()
            assert small_forms.tolist() == large_forms.tolist()
            # the same sums, part by part, up to the order of float additions
            np.testing.assert_allclose(small_raw, large_raw, rtol=1e-12)
            compared += len(small_forms) > 0
    assert compared > 100


def test_candidates_are_ranked_alike_in_python_and_numpy(
    matcher: Matcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(retrieval, "NUMPY_RANK_FORMS", 10**9)
    plain = all_candidates(matcher)
    monkeypatch.setattr(retrieval, "NUMPY_RANK_FORMS", 1)
    vectorized = all_candidates(matcher)
    assert sum(len(c) for c in plain) > 1000
    assert plain == vectorized


def test_legal_form_typos_are_corrected_as_against_the_whole_word_list(matcher: Matcher) -> None:
    """Legal-form typos are looked up among words of nearby length only (one edit
    changes the length by at most one); the correction must be the one the whole
    list gives, ties included."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    from embargo.normalize.names import tokenize

    legal = matcher.legal_words
    tokens: set[str] = set(legal)
    with (BENCHMARK / "queries.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            data = json.loads(line)
            if data["schema"] != "Person":
                for name in data["properties"].get("name", []):
                    tokens.update(tokenize(name.lower()))
    # every legal word with each one-letter slip, plus the benchmark's own words
    for word in legal[:200]:
        tokens.update(word[:i] + word[i + 1 :] for i in range(len(word)))
        tokens.update(word[:i] + "x" + word[i:] for i in range(len(word)))
    corrected = 0
    for token in sorted(t for t in tokens if len(t) >= 3):
        whole = process.extractOne(token, legal, scorer=OSA.distance, score_cutoff=1)
        near = process.extractOne(
            token, matcher._legal_words_near(len(token)), scorer=OSA.distance, score_cutoff=1
        )
        assert (whole and whole[0]) == (near and near[0]), token
        corrected += whole is not None
    assert corrected > 500
