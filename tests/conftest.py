"""Shared test fixtures: paths to real list data and golden-file comparison.

Golden files pin parser (and scorer) output on real excerpts. Run
``pytest --update-golden`` to rewrite them after an intended change, then review the
diff before committing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from embargo.model.entity import Entity

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
LISTS = ROOT / "data" / "lists"
EXCERPTS = LISTS / "excerpts"
FIXTURES = TESTS / "fixtures" / "sources"
GOLDEN = TESTS / "golden" / "sources"
SHARED = ROOT.parent / "shared"
BENCHMARK = SHARED / "data" / "benchmark"

# Property tests are derandomized by default, so a CI run is reproducible and main
# stays green on the commit that passed; `make fuzz` (HYPOTHESIS_PROFILE=fuzz)
# explores fresh random inputs, round after round. Cases it finds are pinned
# with @example on the test.
settings.register_profile("default", derandomize=True, print_blob=True)
settings.register_profile("fuzz", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden files from current output instead of comparing",
    )


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Isolate every test from the developer's EMBARGO_* settings."""
    for key in list(os.environ):
        if key.startswith("EMBARGO_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("EMBARGO_HOME", str(tmp_path / "embargo-home"))
    yield


class Golden:
    """Compare JSON-lines output with a reviewed golden file."""

    def __init__(self, update: bool) -> None:
        self.update = update

    def check_rows(self, path: Path, rows: Iterable[object]) -> None:
        lines = [json.dumps(row, ensure_ascii=False, sort_keys=True) for row in rows]
        text = "\n".join(lines) + "\n"
        if self.update or not path.exists():
            if not self.update:
                pytest.fail(
                    f"golden file {path} is missing; run pytest --update-golden and review it"
                )
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        expected = path.read_text(encoding="utf-8").splitlines()
        assert lines == expected, f"output differs from golden file {path}"

    def check_entities(self, name: str, entities: Iterable[Entity]) -> None:
        """Compare parsed entities with ``tests/golden/sources/<name>.jsonl``."""
        self.check_rows(GOLDEN / f"{name}.jsonl", (e.to_dict() for e in entities))


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    return Golden(bool(request.config.getoption("--update-golden")))
