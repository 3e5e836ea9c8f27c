"""Spelling similarity of two romanized name parts.

Normalized optimal-string-alignment similarity (insertions, deletions, substitutions
and transpositions of adjacent letters: the four typing slips), with two rules for
name parts:

* parts with digits must carry the same digits (``Investment Decisions 6`` is not
  ``… 7``), and are then compared by spelling;
* in parts of at most `SHORT_PART` letters that start with different letters an
  edit costs `SHORT_EDIT_COST` times as much: ``jong`` and ``song``, ``kang`` and
  ``jang`` are different syllables, while a slip inside the part (``kagn``/``kang``)
  stays a spelling variant.
"""

from __future__ import annotations

from rapidfuzz.distance import OSA

SHORT_PART = 4
SHORT_EDIT_COST = 1.5


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def spelling_similarity(a: str, b: str, *, short_rule: bool = True) -> float:
    """Similarity in [0, 1] of two lower-case romanized parts (see module docstring).

    ``short_rule=False`` drops the extra cost of short parts (for a query part that no
    listed name contains: there a one-letter difference is most likely a slip).
    """
    if a == b:
        return 1.0
    if not (a.isalpha() and b.isalpha()) and _digits(a) != _digits(b):
        return 0.0
    longest = len(a) if len(a) > len(b) else len(b)
    edits = OSA.distance(a, b)
    short = short_rule and longest <= SHORT_PART and a[:1] != b[:1]
    cost = SHORT_EDIT_COST if short else 1.0
    sim = 1.0 - cost * edits / longest
    return sim if sim > 0.0 else 0.0
