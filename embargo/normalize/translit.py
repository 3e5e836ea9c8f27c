"""Any script to Latin: romanization variants of a name, script detection, skeletons.

Sanctions lists print names in Latin letters, spelled by whichever convention the
publishing authority used; queries arrive in any script. `latinize_variants` turns a
name into a small, bounded set of lower-case ASCII renderings, most conventional
first, so the matcher can meet a list spelling whatever convention the list used:

>>> latinize_variants("Шойгу")
('shoygu', 'shoigu', 'schoigu')
>>> latinize_variants("김정은")[0]
'kim jong un'
>>> latinize_variants("Müller")
('muller',)

How each script is handled (details in the private per-script modules and in
``docs/transliteration.md``):

======================  =========================================================
script                  renderings
======================  =========================================================
Latin                   ASCII folding only (ß → ss, ø → o, diacritics dropped)
Cyrillic                BGN/PCGN, ICAO passport, simple, English press, plain,
                        German; Ukrainian/Belarusian/Kazakh/Serbian national
                        systems first, then russified (`_translit.cyrillic`)
Hangul                  DPRK official, South Korean conventional + RR, McCune–
                        Reischauer, RR; one token per syllable (`_translit.hangul`)
Han                     pinyin, Wade–Giles, Sino-Korean reading (`_translit.han`)
Hiragana / Katakana     Hepburn, passport style (`_translit.kana`)
Arabic (+ Persian ...)  five vocalized spelling styles from a name table and a
                        vowel heuristic, then the bare letters (`_translit.arabic`)
Hebrew                  name table / vowel-letter reading, then letters
Greek, Armenian, ...    ICU BGN/PCGN transforms and anyascii (`_translit.generic`)
======================  =========================================================

A name that mixes scripts is split into runs; the runs' variants are lined up by
position (variant *k* of the whole is variant *k* of each run, or its last one).

Guarantees the matcher relies on: the result is a tuple of at most `MAX_VARIANTS`
distinct, non-empty, lower-case ASCII strings with single spaces; the function never
raises on any ``str``; it is deterministic and does not depend on ICU for Cyrillic,
Hangul or Arabic (the tables are in this package, pinned by golden tests); and it is
idempotent on its own output (an ASCII string maps to itself, lower-cased and with
whitespace collapsed). Results are cached: call `reset_caches` in long-lived
processes after a data update, or in tests.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import lru_cache

import icu
from rigour.text.scripts import codepoint_script

from embargo.normalize._translit import (
    arabic,
    cyrillic,
    data,
    generic,
    han,
    hangul,
    hebrew,
    icu_cache,
    kana,
)
from embargo.normalize._translit.latin import clean_output, fold_latin, squash
from embargo.normalize._translit.skeleton import skeleton as _skeleton

__all__ = ["MAX_VARIANTS", "latinize_variants", "reset_caches", "script_of", "skeleton"]

log = logging.getLogger(__name__)

#: Upper bound on the number of renderings `latinize_variants` returns.
MAX_VARIANTS = 8

#: Unicode script names (as rigour reports them) → ISO 15924 codes used here.
_SCRIPT_CODES = {
    "Latin": "Latn",
    "Cyrillic": "Cyrl",
    "Arabic": "Arab",
    "Hebrew": "Hebr",
    "Han": "Hani",
    "Hangul": "Hang",
    "Hiragana": "Kana",
    "Katakana": "Kana",
    "Greek": "Grek",
    "Georgian": "Geor",
    "Armenian": "Armn",
    "Thai": "Thai",
    "Devanagari": "Deva",
}
_NO_SCRIPT = frozenset({"Common", "Inherited", "Unknown"})
_SURROGATES = re.compile("[\ud800-\udfff]")

#: Latin and Cyrillic letters that look the same. Lists (and people typing names)
#: mix them inside one word ("Пpигожин" with a Latin p); such a word is read in the
#: script of most of its letters.
_LATIN_LOOKALIKES = "aceopxyiABCEHKMOPTXYI"
_CYRILLIC_LOOKALIKES = "асеорхуіАВСЕНКМОРТХУІ"
_TO_CYRILLIC = str.maketrans(_LATIN_LOOKALIKES, _CYRILLIC_LOOKALIKES)
_TO_LATIN = str.maketrans(_CYRILLIC_LOOKALIKES, _LATIN_LOOKALIKES)
_BEYOND_LATIN_1_AND_EXTENDED = re.compile("[^\u0000-\u024f]")
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")

Romanizer = Callable[[str], tuple[str, ...]]


def _latin(chunk: str) -> tuple[str, ...]:
    return (fold_latin(chunk),)


_ROMANIZERS: dict[str, Romanizer] = {
    "Latn": _latin,
    "Zyyy": _latin,
    "Cyrl": cyrillic.romanize,
    "Arab": arabic.romanize,
    "Hebr": hebrew.romanize,
    "Hang": hangul.romanize,
    "Hani": han.romanize,
    "Kana": kana.romanize,
}


@lru_cache(maxsize=256)
def _iso15924(script_name: str) -> str:
    codes = icu.Script.getCode(script_name)
    if not codes:
        return "Zyyy"
    return str(icu.Script(codes[0]).getShortName())


@lru_cache(maxsize=65536)
def _char_script(char: str) -> str | None:
    """ISO 15924 code of a character, or None for spaces, digits, punctuation, marks."""
    name = codepoint_script(ord(char))
    if name is None or name in _NO_SCRIPT:
        return None
    code = _SCRIPT_CODES.get(name)
    return code if code is not None else _iso15924(name)


@lru_cache(maxsize=65536)
def script_of(text: str) -> str:
    """The ISO 15924 code of the script ``text`` is written in.

    ``Latn``, ``Cyrl``, ``Arab``, ``Hebr``, ``Hani``, ``Hang``, ``Kana`` (hiragana
    and katakana alike), ``Grek``, ``Geor``, ``Armn``, ``Thai``, ``Deva`` ... as
    ICU names them; ``Jpan`` for Han mixed with kana, ``Kore`` for Han mixed with
    Hangul, ``Mixed`` for any other mix, ``Zyyy`` when there is no letter at all.
    Spaces, digits and punctuation do not count.
    """
    if text.isascii():
        return "Latn" if any(ch.isalpha() for ch in text) else "Zyyy"
    codes = {code for code in map(_char_script, text) if code is not None}
    if not codes:
        return "Zyyy"
    if len(codes) == 1:
        return codes.pop()
    if codes == {"Hani", "Kana"}:
        return "Jpan"
    if codes == {"Hani", "Hang"}:
        return "Kore"
    return "Mixed"


def _fix_lookalikes(text: str) -> str:
    """Read each word that mixes Latin and Cyrillic lookalike letters in one script."""
    if not (_CYRILLIC_WORD.search(text) and _LATIN_LETTER.search(text)):
        return text
    words = text.split(" ")
    for index, word in enumerate(words):
        cyrillic = len(_CYRILLIC_WORD.findall(word))
        latin = len(_LATIN_LETTER.findall(word))
        if not cyrillic or not latin:
            continue
        if cyrillic >= latin and all(ch in _LATIN_LOOKALIKES for ch in _LATIN_LETTER.findall(word)):
            words[index] = word.translate(_TO_CYRILLIC)
        elif latin > cyrillic and all(
            ch in _CYRILLIC_LOOKALIKES for ch in _CYRILLIC_WORD.findall(word)
        ):
            words[index] = word.translate(_TO_LATIN)
    return " ".join(words)


def _runs(text: str) -> list[tuple[str, str]]:
    """Split ``text`` into (script, chunk) runs; script-less characters join the run
    they follow (or the first run, when they lead)."""
    runs: list[tuple[str, str]] = []
    current: str | None = None
    buffer: list[str] = []
    for char in text:
        code = _char_script(char)
        if code is None or code == current:
            buffer.append(char)
            continue
        if current is None:
            current = code
            buffer.append(char)
            continue
        runs.append((current, "".join(buffer)))
        current = code
        buffer = [char]
    if buffer:
        runs.append((current or "Zyyy", "".join(buffer)))
    return runs


def _romanize_run(script: str, chunk: str) -> tuple[str, ...]:
    romanizer = _ROMANIZERS.get(script)
    try:
        if romanizer is not None:
            variants = romanizer(chunk)
        else:
            variants = generic.romanize(chunk, script)
    except Exception:  # the contract is "never raises": fall back to anyascii, log it
        log.exception("romanizer for %s failed; falling back to anyascii", script)
        variants = (generic.render(generic.ANYASCII, chunk),)
    lead = " " if chunk[:1].isspace() else ""
    trail = " " if chunk[-1:].isspace() else ""
    return tuple(f"{lead}{variant}{trail}" for variant in variants) or ("",)


@lru_cache(maxsize=65536)
def latinize_variants(text: str) -> tuple[str, ...]:
    """Lower-case ASCII romanizations of ``text``, most conventional first.

    Latin input gives exactly one rendering, its ASCII folding; other scripts give
    up to `MAX_VARIANTS` (see the module docstring). Pure ASCII input returns at
    once. Empty or whitespace-only input gives ``()``.
    """
    if text.isascii():
        folded = squash(text.lower())
        return (folded,) if folded else ()
    if not _BEYOND_LATIN_1_AND_EXTENDED.search(text):
        # Latin-1 and Latin Extended-A/B only (Müller, Łódź, Şahin): Latin folding.
        folded = fold_latin(text)
        return (folded,) if folded else ()
    if _SURROGATES.search(text):
        text = _SURROGATES.sub("", text)
    text = _fix_lookalikes(text)
    runs = _runs(text)
    if all(script in ("Latn", "Zyyy") for script, _ in runs):
        folded = fold_latin(text)
        return (folded,) if folded else ()
    per_run = [_romanize_run(script, chunk) for script, chunk in runs]
    width = max(len(variants) for variants in per_run)
    out: list[str] = []
    for k in range(width):
        joined = clean_output("".join(v[min(k, len(v) - 1)] for v in per_run))
        if joined and joined not in out:
            out.append(joined)
            if len(out) == MAX_VARIANTS:
                break
    return tuple(out)


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """A vowel-less consonant key of a Latin token, shared by its Arabic-script spellings.

    "Mohammed", "Muhammad", "Mohamad" and the letter rendering "mhmd" of محمد all give
    ``"mhmd"``; "Hussein", "Husayn", "hsyn" give ``"hsn"``; "Abdullah" gives
    ``"bdlh"``, the same as the concatenated keys of "Abd" + "Allah". The steps:

    1. fold to lower-case ASCII, split on non-letters;
    2. drop article parts (al-, el-, ul-, il-; ad-/ar-/as-/ash- ... before their
       own consonant) and join the rest;
    3. ``abd`` + ``ul/el/al/ol/oul/il`` → ``abd``;
    4. drop a glued leading ``al``/``el`` before a consonant and 2+ more letters;
    5. drop a final ``h`` (ta marbuta, silent h) unless it ends a digraph or -llah;
    6. letter classes: sch/sh/ch → c, kh → x, gh → g, dj/dzh/zh → j, th → t,
       dh → d, ph → f, c before e/i/y → s, ck/q/c → k, x → ks, v → w, p → b;
    7. drop vowels a e i o u, and y/w except as the first letter;
    8. collapse doubled letters.

    The key may be empty (vowel-only tokens, a bare article): treat an empty key as
    "no evidence", never as agreement. Never raises; cached.
    """
    return _skeleton(token)


def reset_caches() -> None:
    """Clear every cache: results, per-word caches of the romanizers, the loaded
    reference tables and this thread's ICU instances."""
    latinize_variants.cache_clear()
    skeleton.cache_clear()
    script_of.cache_clear()
    _char_script.cache_clear()
    arabic.clear()
    cyrillic.clear()
    data.clear()
    icu_cache.clear()
