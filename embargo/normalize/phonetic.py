"""Phonetic keys for romanized name parts.

Names reach a sanctions list through many hands: a clerk in Moscow writes
``Евгений``, one list prints ``Yevgeniy``, another ``Evgeny``, a bank customer types
``Jewgeni``. Edit distance sees three or four changes between these; what stays
constant is the *consonant frame* (``v-g-n``). `phonetic_key` reduces a lower-case
ASCII token to that frame:

* digraphs that spell one sound are folded first (``sch``/``sh``/``ch``/``zh``
  → ``s``/``s``/``c``/``j``, ``kh`` → ``h``, ``ph`` → ``f``, ``th``/``dh`` → ``t``/``d``,
  ``ck``/``q``/``c`` → ``k``, ``w`` → ``v``, ``x`` → ``ks``, ``z`` → ``s``);
* Slavic adjective endings are unified (``-iy``/``-ij``/``-yi``/``-ii`` → ``-i``);
* vowels, ``y`` and a word-final ``h`` are dropped (Arabic and Hebrew script write
  no short vowels, so their romanizations differ mostly there);
* doubled letters collapse (``Mohammad`` / ``Muhamad``).

The key is deliberately coarse: it is a *candidate channel* and one similarity
signal, never a match on its own. Short keys collide a lot, so callers should
check `is_reliable_key` before trusting an equality.

Digits are kept as they are: a number in a name (``Investment Decisions 6``) must
match exactly.
"""

from __future__ import annotations

import re
from functools import lru_cache

_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("sch", "s"),
    ("tch", "c"),
    ("tsch", "c"),
    ("sh", "s"),
    ("ch", "c"),
    ("zh", "j"),
    ("kh", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("dj", "j"),
    ("dzh", "j"),
    ("ts", "s"),
    ("tz", "s"),
    ("ck", "k"),
    ("ou", "u"),
)
_SLAVIC_END = re.compile(r"(?:iy|ij|yi|yj|ii|yy)$")
_SINGLE = str.maketrans({"q": "k", "c": "k", "w": "v", "x": "k", "z": "s"})
_VOWELS = re.compile(r"[aeiouy]+")
_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def phonetic_key(token: str) -> str:
    """Consonant-frame key of a lower-case ASCII token (see module docstring).

    Tokens with digits are returned unchanged; an all-vowel token keeps its first
    letter so that it is never empty.
    """
    if not token or not token.isalpha():
        return token
    text = _SLAVIC_END.sub("i", token)
    for src, dst in _DIGRAPHS:
        if src in text:
            text = text.replace(src, dst)
    text = text.translate(_SINGLE)
    if text.endswith("h") and len(text) > 2:
        text = text[:-1]
    stripped = _VOWELS.sub("", text)
    stripped = _DOUBLES.sub(r"\1", stripped)
    return stripped or token[0]


def is_reliable_key(key: str) -> bool:
    """True when a key is long enough that equality means something.

    Two-consonant keys (``ml``: Jamal, Amal, Mali…) collide too often to be
    evidence on their own.
    """
    return len(key) >= 3 or (len(key) == 2 and key.isdigit())


def reset_caches() -> None:
    """Drop memoized keys (long-lived processes, tests)."""
    phonetic_key.cache_clear()
