"""Japanese kana (hiragana, katakana) in Hepburn romanization.

ICU's Any-Latin gives modified Hepburn with macrons (タロー → "tarō") and wapuro
spellings for hiragana long vowels (とうきょう → "toukyou"). Japanese passports and
sanctions lists write Hepburn without macrons and with long vowels collapsed (Taro,
Tokyo, Ono), and ん before b/m/p as "m" (Namba, Homma). So:

1. passport Hepburn: macrons dropped, ``ou``/``oo``/``uu`` collapsed, ``nb/nm/np`` kept;
2. the same with ``mb/mm/mp`` (passport rule);
3. ICU's spelling with macrons dropped but long vowels written out (tarou, toukyou).

The middle dot ・ (and its half-width form) separates words: it becomes a space. ICU
renders small-vowel combinations of foreign words with a tilde (ヴィ → "vu~i"); they are
spelled out before ICU runs (ヴィ → vi, ウィ → wi, ツァ → tsa ...).
"""

from __future__ import annotations

import re

from embargo.normalize._translit.icu_cache import transliterate
from embargo.normalize._translit.latin import squash, to_ascii

#: Small-vowel combinations ICU marks with "~": spelled here first.
_COMBINATIONS = {
    "ヴァ": "va", "ヴィ": "vi", "ヴェ": "ve", "ヴォ": "vo", "ヴュ": "vyu", "ヴ": "vu",
    "ウィ": "wi", "ウェ": "we", "ウォ": "wo", "ツァ": "tsa", "ツィ": "tsi", "ツェ": "tse",
    "ツォ": "tso", "クァ": "kwa", "クィ": "kwi", "クェ": "kwe", "クォ": "kwo",
    "グァ": "gwa", "デュ": "dyu", "テュ": "tyu", "フュ": "fyu", "イェ": "ye",
    "ヶ": "ke", "ヵ": "ka", "・": " ", "･": " ", "゠": " ",
}  # fmt: skip
_COMBINATION_RE = re.compile("|".join(sorted(map(re.escape, _COMBINATIONS), key=len, reverse=True)))
_LONG = re.compile(r"(?<=o)[ou]|(?<=u)u|(?<=a)a|(?<=i)i(?=[^aeiou]|$)")
_SYLLABIC_N = re.compile(r"n(?=[bmp])")


def romanize(chunk: str) -> tuple[str, ...]:
    """Passport Hepburn, Hepburn with m before b/m/p, and long vowels spelled out."""
    prepared = _COMBINATION_RE.sub(lambda m: _COMBINATIONS[m.group(0)], chunk)
    icu_text = transliterate("Any-Latin", prepared)
    spelled = squash(to_ascii(icu_text).lower().replace("'", "").replace("~", ""))
    words = spelled.split(" ")
    passport = " ".join(_LONG.sub("", word) for word in words)
    with_m = _SYLLABIC_N.sub("m", passport)
    return (passport, with_m, spelled)
