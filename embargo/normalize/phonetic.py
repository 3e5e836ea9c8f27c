"""Phonetic keys for romanized name parts.

Names reach a sanctions list through many hands: a clerk in Moscow writes
``Евгений``, one list prints ``Yevgeniy``, another ``Evgeny``, a bank customer types
``Jewgeni``. Edit distance sees three or four changes between these; what stays
constant is the *consonant frame* (``v-g-n``). `phonetic_key` reduces a lower-case
ASCII token to that frame:

* digraphs that spell one sound are folded first (``sch``/``sh``/``ch``/``zh``
  → ``s``/``s``/``c``/``j`` — English ``zh`` and French ``j`` both write ``ж``:
  ``Prigozhin``/``Prigojine`` —, ``kh`` → ``h``, ``ph`` → ``f``, ``th``/``dh`` → ``t``/``d``,
  ``ck``/``q``/``c`` → ``k``, ``w`` → ``v``, ``x`` → ``ks``, ``z`` → ``s``);
* Slavic adjective endings are unified (``-iy``/``-ij``/``-yi``/``-ii`` → ``-i``);
* a word-final ``h`` after a vowel is dropped (``Abdullah``/``Abdulla``);
* vowels and ``y`` are dropped (Arabic and Hebrew script write no short vowels,
  so their romanizations differ mostly there);
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
    ("kh", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("dj", "j"),
    ("dzh", "j"),
    ("ts", "s"),
    ("zh", "j"),
    ("tz", "s"),
    ("ck", "k"),
    ("ou", "u"),
)
_SLAVIC_END = re.compile(r"(?:iy|ij|yi|yj|ii|yy)$")
_FINAL_VOWEL_H = re.compile(r"(?<=[aeiou])h$")
_SINGLE = str.maketrans({"q": "k", "c": "k", "w": "v", "x": "k", "z": "s"})
_VOWELS = re.compile(r"[aeiouy]+")
_SKELETON_DROP = re.compile(r"[aeiouyv]+")
_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def phonetic_key(token: str) -> str:
    """Consonant-frame key of a lower-case ASCII token (see module docstring).

    Tokens with digits are returned unchanged; an all-vowel token keeps its first
    letter so that it is never empty.
    """
    if not token or not token.isalpha():
        return token
    stripped = _VOWELS.sub("", _fold(token))
    stripped = _DOUBLES.sub(r"\1", stripped)
    return stripped or token[0]


def _fold(token: str) -> str:
    text = _SLAVIC_END.sub("i", token)
    if len(text) > 3:
        text = _FINAL_VOWEL_H.sub("", text)
    for src, dst in _DIGRAPHS:
        if src in text:
            text = text.replace(src, dst)
    return text.translate(_SINGLE)


@lru_cache(maxsize=200_000)
def skeleton_key(token: str) -> str:
    """Consonant skeleton for matching names written without vowels.

    Arabic and Hebrew script write no short vowels, and their long vowels and
    glides (``و`` w/u/o, ``ي`` y/i/e, ``ه`` h/a) are romanized as consonants or
    vowels at will: ``منصور`` → ``mnswr`` vs ``Mansur``, ``حماده`` → ``hmadh`` vs
    ``Hamada``. Dropping vowels *and* w/v and y from both sides leaves what the
    spellings share (``mnsr``, ``hmd``). Only meaningful when one side comes from
    such a script; far too coarse otherwise. ``h`` stays (``ح`` is a consonant).
    """
    if not token or not token.isalpha():
        return token
    text = _SKELETON_DROP.sub("", _fold(token))
    return _DOUBLES.sub(r"\1", text)


def is_reliable_key(key: str) -> bool:
    """True when a key is long enough that equality means something.

    Two-consonant keys (``ml``: Jamal, Amal, Mali…) collide too often to be
    evidence on their own.
    """
    return len(key) >= 3 or (len(key) == 2 and key.isdigit())


def reset_caches() -> None:
    """Drop memoized keys (long-lived processes, tests)."""
    phonetic_key.cache_clear()
    skeleton_key.cache_clear()
