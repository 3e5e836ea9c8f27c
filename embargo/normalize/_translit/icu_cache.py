"""Cached ICU transliterators.

Creating an ICU transliterator compiles its rules (milliseconds); using one costs
microseconds. Instances are created once per id and kept for the process. ICU
transliterators are not documented as thread-safe for concurrent use of one
instance, so each thread gets its own.
"""

from __future__ import annotations

import threading
from typing import Any

import icu

_local = threading.local()


def _instances() -> dict[str, Any]:
    cache: dict[str, Any] | None = getattr(_local, "instances", None)
    if cache is None:
        cache = {}
        _local.instances = cache
    return cache


def transliterate(transform_id: str, text: str) -> str:
    """Apply the ICU transform ``transform_id`` (e.g. ``"Han-Latin"``) to ``text``."""
    cache = _instances()
    instance = cache.get(transform_id)
    if instance is None:
        instance = icu.Transliterator.createInstance(transform_id)
        cache[transform_id] = instance
    return str(instance.transliterate(text))


def clear() -> None:
    """Forget this thread's instances."""
    _instances().clear()
