"""Hebrew names in Latin letters.

Like Arabic, Hebrew is written without most vowels. Common names and particles come
from the small table in ``resources/translit/hebrew_names.yaml`` (יוסף → yosef,
yossef, joseph); other words get a letter rendering with the vowel letters read as
vowels inside a word (ו → o, י → i) and the begadkefat letters hard at the start of a
word, soft inside (ב b/v, כ k/kh, פ p/f). The last variant is the bare letters, which
`embargo.normalize.translit.skeleton` brings to the same key as a vocalized spelling.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import partial

from embargo.normalize._translit.data import hebrew_names

_WORD_RE = re.compile(r"[\u0590-\u05ff\ufb1d-\ufb4f'׳\"״]+")
_FINALS = str.maketrans({"ך": "כ", "ם": "מ", "ן": "נ", "ף": "פ", "ץ": "צ"})
_GERESH = "'׳’"
_GERESH_LETTERS = {"ג": "j", "ז": "zh", "צ": "ch", "ת": "th", "ח": "kh"}
_LETTERS = {
    "א": "", "ב": "v", "ג": "g", "ד": "d", "ה": "h", "ו": "v", "ז": "z", "ח": "ch",
    "ט": "t", "י": "y", "כ": "kh", "ל": "l", "מ": "m", "נ": "n", "ס": "s", "ע": "",
    "פ": "f", "צ": "tz", "ק": "k", "ר": "r", "ש": "sh", "ת": "t",
}  # fmt: skip
_HARD_AT_START = {"ב": "b", "כ": "k", "פ": "p", "ו": "v"}
#: Letters at the very start of a word that are silent consonants carrying a vowel.
_SILENT = frozenset("אע")


def fold_key(word: str) -> str:
    """Lookup key: vowel points and geresh removed, final letter forms unified."""
    stripped = "".join(ch for ch in word if not unicodedata.combining(ch))
    return stripped.translate(_FINALS).replace("'", "").replace("׳", "").replace('"', "")


def _letters_with_geresh(word: str) -> list[tuple[str, bool]]:
    """(letter with final forms unified, followed by a geresh) for each letter."""
    out: list[tuple[str, bool]] = []
    for ch in word:
        if unicodedata.combining(ch) or ch in '"״':
            continue
        if ch in _GERESH:
            if out:
                out[-1] = (out[-1][0], True)
            continue
        out.append((ch.translate(_FINALS), False))
    return out


def letters(word: str, vowels: bool) -> str:
    """Letter rendering; with ``vowels``, ו and י inside a word are read as o and i."""
    seq = _letters_with_geresh(word)
    out: list[str] = []
    for i, (ch, geresh) in enumerate(seq):
        previous = seq[i - 1][0] if i > 0 else ""
        following = seq[i + 1][0] if i + 1 < len(seq) else ""
        if geresh and ch in _GERESH_LETTERS:
            out.append(_GERESH_LETTERS[ch])
        elif i == 0:
            silent = ch in _SILENT and vowels
            out.append("a" if silent else _HARD_AT_START.get(ch, _LETTERS.get(ch, "")))
        elif vowels and ch == "ו" and not following and previous == "ה":
            out.append("u")  # -yahu, -hu
        elif vowels and ch == "ו" and "ו" not in (previous, following):
            out.append("o")
        elif vowels and ch == "י":
            out.append("i")
        elif vowels and ch == "ה" and not following:
            out.append("a")
        else:
            out.append(_LETTERS.get(ch, ""))
    if vowels and len(seq) >= 3 and all(_is_consonant(c) for c, _ in seq[:2]):
        out.insert(1, "e")  # a vowel-less cluster at the start takes a shva: netanyahu
    return "".join(out)


def _is_consonant(ch: str) -> bool:
    return ch not in "אעוי"


def romanize(chunk: str) -> tuple[str, ...]:
    """Table spellings (or the vowel reading), then the bare letters."""
    table = hebrew_names()
    words = list(_WORD_RE.finditer(chunk))
    depth = max((len(table.get(fold_key(m.group(0)), ())) for m in words), default=1)
    variants: list[str] = []
    for level in range(max(depth, 1)):
        variants.append(_replace(chunk, words, partial(_spell, level=level)))
    variants.append(_replace(chunk, words, partial(letters, vowels=False)))
    return tuple(variants)


def _spell(word: str, level: int) -> str:
    spellings = hebrew_names().get(fold_key(word))
    if spellings:
        return spellings[min(level, len(spellings) - 1)]
    return letters(word, vowels=True)


def _replace(chunk: str, words: list[re.Match[str]], spell: Callable[[str], str]) -> str:
    out: list[str] = []
    position = 0
    for match in words:
        out.append(chunk[position : match.start()])
        out.append(spell(match.group(0)))
        position = match.end()
    out.append(chunk[position:])
    return "".join(out)
