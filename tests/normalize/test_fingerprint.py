"""The normalization fingerprint keys cached screening indexes (no stale index)."""

from __future__ import annotations

import re

import pytest

import embargo.services.screening as screening
from embargo.match.config import DEFAULT_CONFIG
from embargo.normalize import fingerprint


def test_fingerprint_is_a_stable_short_hash() -> None:
    value = fingerprint()
    assert re.fullmatch(r"[0-9a-f]{16}", value)
    fingerprint.cache_clear()
    assert fingerprint() == value


def test_snapshot_key_changes_with_the_normalization_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    before = screening._snapshot_key("catalog-token", DEFAULT_CONFIG)
    assert screening._snapshot_key("catalog-token", DEFAULT_CONFIG) == before
    monkeypatch.setattr(screening, "normalize_fingerprint", lambda: "0" * 16)
    assert screening._snapshot_key("catalog-token", DEFAULT_CONFIG) != before
