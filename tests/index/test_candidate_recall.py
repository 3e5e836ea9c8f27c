"""Candidate retrieval on the development split of the screening benchmark.

Full scoring only ever sees the candidates the index retrieves, so retrieval must
not lose matches the scorer would find. Measured over every positive query: the
share whose expected entity is among the retrieved candidates, counting only those
the scorer can find at all (expected entity scores at least 0.5 when scored
directly); the raw share is asserted too, with a looser bound, because some
aliases share no word with any listed name (translations) and no index finds them.
"""

from __future__ import annotations

import pytest

from embargo.screen.party import Query
from tests.reference import benchmark_queries, reference_screener


@pytest.mark.slow
def test_candidate_recall_on_the_dev_split() -> None:
    screener = reference_screener()
    matcher = screener.matcher
    position = {e: i for i, e in enumerate(screener.index.entity_ids)}
    positives = findable = retrieved = retrieved_findable = 0
    for data in benchmark_queries():
        if not data["expected"]:
            continue
        positives += 1
        query = Query.from_ftm({"schema": data["schema"], "properties": data["properties"]})
        prepared = matcher.prepare(
            query.schema, query.names, query.birth_dates, query.countries, query.identifier_pairs
        )
        expected = {position[e] for e in data["expected"]}
        found = any(c.entity in expected for c in matcher.candidates(prepared))
        scorable = max(matcher.score(prepared, e).score for e in expected) >= 0.5
        retrieved += found
        findable += scorable
        retrieved_findable += found and scorable
    assert positives == 1700
    assert retrieved_findable / findable >= 0.995, (retrieved_findable, findable)
    assert retrieved / positives >= 0.98, (retrieved, positives)
