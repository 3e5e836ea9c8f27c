"""Any script to Latin: romanization variants of a name.

`latinize_variants` returns one or more lower-case ASCII renderings of a text. Latin
input yields its ASCII folding; other scripts yield every romanization in common use
(e.g. Cyrillic "Шойгу" → "shoigu", "shoygu", "schoigu"), so the matcher can meet a list
spelling whichever convention the list used.

This first version folds with ICU's Any-Latin and anyascii; richer per-script rules
replace it.
"""

from __future__ import annotations

from functools import lru_cache

from anyascii import anyascii
from normality import ascii_text


@lru_cache(maxsize=65536)
def latinize_variants(text: str) -> tuple[str, ...]:
    """Lower-case ASCII romanizations of ``text``, most conventional first."""
    out: list[str] = []
    for candidate in (ascii_text(text), anyascii(text)):
        if candidate:
            value = " ".join(candidate.lower().split())
            if value and value not in out:
                out.append(value)
    return tuple(out)


def reset_caches() -> None:
    latinize_variants.cache_clear()
