"""Payment screening made cheaper without changing a finding: the party memo across
messages, the party key read off a party, the short-text scanner, and the scanner
factory that the CLI, the API and the benchmark import without an import cycle.

Real lists (UN + OFAC SDN) and the message fixtures of ``tests/fixtures/messages``.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from embargo.catalog import Catalog
from embargo.screen.documents import scan_text, scanner_for, text_scanner
from embargo.screen.messages import PaymentMessage, parse_message
from embargo.screen.party import Screener
from embargo.screen.payment import (
    PartyMemo,
    key_query,
    memo_for,
    party_key,
    party_query,
    query_key,
    screen_payment,
)
from embargo.services.screening import ScreeningSnapshot, open_snapshot
from tests.conftest import LISTS

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = ROOT / "tests" / "fixtures" / "messages"


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScreeningSnapshot]:
    path = tmp_path_factory.mktemp("payment-catalog") / "catalog.duckdb"
    with Catalog(path) as catalog:
        catalog.load(LISTS / "un_consolidated.xml.gz", format="un_sc_xml")
        catalog.load(LISTS / "ofac_sdn.csv.gz", format="us_ofac_sdn_csv")
    yield open_snapshot(path)


@pytest.fixture(scope="module")
def messages() -> list[PaymentMessage]:
    out: list[PaymentMessage] = []
    for path in sorted(MESSAGES.iterdir()):
        out.extend(parse_message(path.read_bytes()))
    return out


def rows(results: Any) -> list[dict[str, Any]]:
    out = []
    for result in results:
        row = result.to_dict()
        del row["duration_ms"]
        out.append(row)
    return out


def full_scanner(snapshot: ScreeningSnapshot, threshold: float | None = None) -> Any:
    """The scanner as the CLI bound it before `text_scanner`: the whole document result."""

    def scan(text: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = scan_text(text, snapshot, threshold=threshold).to_dict()[
            "mentions"
        ]
        return found

    return scan


def fresh_modules(code: str) -> list[str]:
    """Run ``code`` in a new interpreter (nothing imported yet) and return the
    ``embargo.services`` modules it imported; a failing import fails the test."""
    program = (
        f"{code}\nimport json, sys\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('embargo.services'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", program],
        cwd=ROOT / "benchmarks",
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    found: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


# -- imports ------------------------------------------------------------------------------


def test_scanner_factory_imports_no_service_module() -> None:
    """The factory sits below the services: importing it (first, in a fresh
    interpreter) and payment screening pulls in no CLI or web module."""
    imported = fresh_modules(
        "from embargo.screen.documents import text_scanner\n"
        "from embargo.screen.payment import memo_for, screen_payment\n"
        "from embargo.screen.messages import parse_message"
    )
    assert imported == []


def test_benchmark_import_path_has_no_cycle() -> None:
    """What ``bench_messages.py --scan`` used to crash on (it imported the factory
    from the CLI module, whose import registers the CLI's command modules, one of
    which was the half-imported module itself)."""
    imported = fresh_modules("import bench_messages")
    assert "embargo.services.cli" not in imported
    assert "embargo.services.cli_service" not in imported


def test_api_module_imports_first() -> None:
    imported = fresh_modules("import embargo.services.api_text")
    assert "embargo.services.api_text" in imported
    assert "embargo.services.cli" not in imported


# -- the party key -------------------------------------------------------------------------


def test_party_key_is_the_query_key(messages: list[PaymentMessage]) -> None:
    parties = [p for m in messages for p in m.parties]
    assert len(parties) > 20
    for party in parties:
        query = party_query(party)
        key = party_key(party, 0.8, 5)
        if query is None:
            assert key is None
            continue
        assert key == query_key(query, 0.8, 5)
        assert key is not None and key_query(key) == query


# -- the memo ------------------------------------------------------------------------------


def test_memo_changes_no_result(
    snapshot: ScreeningSnapshot, messages: list[PaymentMessage]
) -> None:
    screener = snapshot.screener
    plain = rows(screen_payment(m, screener) for m in messages)
    assert any(r["hit"] for r in plain) and any(not r["hit"] for r in plain)
    memo = PartyMemo(screener)
    first = rows(screen_payment(m, screener, memo=memo) for m in messages)
    screened = memo.misses
    assert screened == len(memo) > 0
    again = rows(screen_payment(m, screener, memo=memo) for m in messages)
    assert memo.misses == screened  # the second pass screened nothing…
    assert memo.hits >= screened  # … it was all remembered
    assert first == plain
    assert again == plain


def test_memo_keeps_threshold_and_limit_apart(
    snapshot: ScreeningSnapshot, messages: list[PaymentMessage]
) -> None:
    screener = snapshot.screener
    memo = PartyMemo(screener)
    for threshold in (0.95, 0.7, None):
        plain = rows(screen_payment(m, screener, threshold=threshold) for m in messages)
        remembered = rows(
            screen_payment(m, screener, threshold=threshold, memo=memo) for m in messages
        )
        assert remembered == plain
    loose = rows(screen_payment(m, screener, threshold=0.7, memo=memo) for m in messages)
    strict = rows(screen_payment(m, screener, threshold=0.95, memo=memo) for m in messages)
    count = sum(len(r["alerts"]) for r in loose)
    assert count > sum(len(r["alerts"]) for r in strict)


def test_memo_belongs_to_one_target(
    snapshot: ScreeningSnapshot, messages: list[PaymentMessage]
) -> None:
    memo = PartyMemo(snapshot.screener)
    with pytest.raises(ValueError, match="another snapshot or screener"):
        screen_payment(messages[0], snapshot, memo=memo)  # the snapshot is not its screener


def test_memo_for_lives_as_long_as_its_target(snapshot: ScreeningSnapshot) -> None:
    served = Screener(snapshot.screener.index, snapshot.screener.config)
    memo = memo_for(served)
    assert memo_for(served) is memo
    assert memo.target is served
    other = Screener(snapshot.screener.index, snapshot.screener.config)
    assert memo_for(other) is not memo
    del served
    gc.collect()
    assert memo.target is None  # a replaced snapshot is not kept alive by its memo


def test_memo_is_bounded(snapshot: ScreeningSnapshot, messages: list[PaymentMessage]) -> None:
    screener = snapshot.screener
    memo = PartyMemo(screener, size=3)
    results = rows(screen_payment(m, screener, memo=memo) for m in messages)
    assert len(memo) == 3
    assert results == rows(screen_payment(m, screener) for m in messages)


# -- free text -------------------------------------------------------------------------------


def test_text_scanner_finds_what_scan_text_finds(
    snapshot: ScreeningSnapshot, messages: list[PaymentMessage]
) -> None:
    texts = [t.text for m in messages for t in m.free_texts]
    texts += [
        "Payment for Sergei Shoigu via Concord Management, ref. Hamas",
        "Переговоры с Евгением Пригожиным о поставках",
        "Prigozhin " * 30,  # longer than a remittance line: not remembered whole
    ]
    for threshold in (None, 0.7):
        fast = text_scanner(snapshot, threshold=threshold)
        full = full_scanner(snapshot, threshold)
        found = [fast(text) for text in texts]
        assert found == [full(text) for text in texts]
        assert [fast(text) for text in texts] == found  # remembered: the same again
    mentioned = {m["id"] for text in texts for m in full_scanner(snapshot)(text)}
    assert "us_ofac_sdn-21171" in mentioned  # Prigozhin
    assert any("Concord" in str(m["text"]) for m in full_scanner(snapshot)(texts[-3]))


def test_payment_with_text_scanner_as_with_the_document_result(
    snapshot: ScreeningSnapshot, messages: list[PaymentMessage]
) -> None:
    screener = snapshot.screener
    memo = memo_for(screener)
    fast = rows(
        screen_payment(m, screener, scanner=text_scanner(snapshot), memo=memo) for m in messages
    )
    plain = rows(screen_payment(m, screener, scanner=full_scanner(snapshot)) for m in messages)
    assert fast == plain
    in_text = [a for r in fast for a in r["alerts"] if "start" in a["context"]]
    locations = {a["location"] for a in in_text if a["kind"] == "entity"}
    assert locations >= {"70", "UndrlygCstmrCdtTrf/RmtInf/Ustrd"}  # Concord, Mahan Air


def test_scanner_warm_up_changes_nothing(
    snapshot: ScreeningSnapshot, messages: list[PaymentMessage]
) -> None:
    texts = [t.text for m in messages for t in m.free_texts]
    before = [full_scanner(snapshot)(t) for t in texts]
    assert scanner_for(snapshot).warm_up() >= 0.0
    assert [full_scanner(snapshot)(t) for t in texts] == before


def test_text_scanner_checks_the_threshold(snapshot: ScreeningSnapshot) -> None:
    from embargo.exc import QueryError

    with pytest.raises(QueryError, match="threshold"):
        text_scanner(snapshot, threshold=0.0)("CONCORD MANAGEMENT")
