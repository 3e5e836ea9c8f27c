"""ASCII folding of Latin text, and the last clean-up every romanization goes through.

Folding drops diacritics (é → e), expands the letters Unicode does not decompose
(ß → ss, ø → o, æ → ae, đ → d, ł → l, þ → th, ı → i), drops the ayn and hamza signs
of scholarly romanization (ʿAbd → Abd, Qurʾan → Quran: lists do not print them) and
unifies the other apostrophe-like marks (’ ‘ ʼ ʻ) to ``'``. Anything still outside ASCII (a
stray symbol, a letter of a script without its own romanizer) goes through anyascii.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

#: Combining diacritical marks (the blocks NFKD leaves after a base letter).
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")

#: Letters that NFKD leaves alone, and apostrophe-like marks.
_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "ss",
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "ł": "l",
        "Ł": "l",
        "ı": "i",
        "ħ": "h",
        "Ħ": "h",
        "ŋ": "ng",
        "Ŋ": "ng",
        "ĸ": "q",
        "ſ": "s",
        "ŀ": "l",
        "Ŀ": "l",
        "ʿ": "",
        "ʾ": "",
        "ʻ": "'",
        "ʼ": "'",
        "ʹ": "'",
        "’": "'",
        "‘": "'",
        "`": "'",
        "´": "'",
        "ʽ": "'",
        "ʺ": '"',
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "\u00ad": "",
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\ufeff": "",
    }
)


_SPECIAL_RE = re.compile("[" + re.escape("".join(chr(c) for c in _SPECIAL)) + "]")


def squash(text: str) -> str:
    """Collapse runs of whitespace to one space and strip the ends."""
    return " ".join(text.split())


def to_ascii(text: str) -> str:
    """Fold ``text`` to ASCII (case kept). Never raises."""
    if text.isascii():
        return text
    if _SPECIAL_RE.search(text):
        text = text.translate(_SPECIAL)
        if text.isascii():
            return text
    kept = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    if kept.isascii():
        return kept
    return "".join(
        ch if ch.isascii() else anyascii(ch) for ch in kept if not unicodedata.combining(ch)
    )


def fold_latin(text: str) -> str:
    """The lower-case ASCII folding of a Latin-script text, whitespace collapsed."""
    return squash(to_ascii(text).lower())


def clean_output(text: str) -> str:
    """Final form of a romanization: ASCII, lower case, single spaces."""
    return squash(to_ascii(text).lower())
