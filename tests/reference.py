"""The screening benchmark's reference list as a screener, built once per test run.

Building the index over the 15,235 real entities takes a while (rigour's name
database loads on first use), so every test module shares one build.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from embargo.screen.party import Screener, load_ftm_entities
from tests.conftest import BENCHMARK

REFERENCE = BENCHMARK / "reference.ftm.jsonl"
QUERIES = BENCHMARK / "queries.jsonl"


@lru_cache(maxsize=1)
def reference_screener() -> Screener:
    return Screener.build(load_ftm_entities(REFERENCE))


def benchmark_queries() -> Iterator[dict[str, Any]]:
    with QUERIES.open(encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)
