"""Language and script codes for names published in other scripts.

Lists often give a name "in original script" without saying which language it is in
(the UN's ``NAME_ORIGINAL_SCRIPT``, the UK's ``NameNonLatinScript``, Canada's free-text
aliases). The model records what is known: the ISO 639-3 language when the list names
it, otherwise the ISO 15924 script read off the characters. An Arabic-script name may
be Arabic, Persian, Pashto or Urdu; calling it ``ara`` would be an invention, ``Arab``
is a fact.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import icu
from rigour.langs import iso_639_alpha3
from rigour.text.scripts import codepoint_script

#: Unicode script names that are not a writing system of their own.
_NO_SCRIPT = frozenset({"Common", "Inherited", "Unknown"})

#: Japanese mixes Han with kana, Korean Han with Hangul: ISO 15924 has codes for the mix.
_JAPANESE = frozenset({"Hiragana", "Katakana"})


@lru_cache(maxsize=64)
def _iso15924(script_name: str) -> str | None:
    codes = icu.Script.getCode(script_name)
    if not codes:
        return None
    return str(icu.Script(codes[0]).getShortName())


def script_code(text: str | None) -> str | None:
    """The ISO 15924 code of the non-Latin script a name is written in, or None.

    Counts the letters of each script and returns the most frequent one; Latin-only
    text (and text without letters) gives None, because a Latin name needs no script
    tag. Han mixed with kana is ``Jpan``, Han mixed with Hangul is ``Kore``.

    >>> script_code("Ким Чен Ын"), script_code("김정은"), script_code("Kim")
    ('Cyrl', 'Hang', None)
    """
    if not text or text.isascii():  # ASCII letters are all Latin: the common case, fast
        return None
    counts: Counter[str] = Counter()
    for char in text:
        if not char.isalpha():
            continue
        name = codepoint_script(ord(char))
        if name is None or name in _NO_SCRIPT:
            continue
        counts[name] += 1
    counts.pop("Latin", None)
    if not counts:
        return None
    names = set(counts)
    kana = names & _JAPANESE
    if kana and ("Han" in names or len(kana) > 1):
        return "Jpan"
    if "Hangul" in names and "Han" in names:
        return "Kore"
    return _iso15924(counts.most_common(1)[0][0])


def language_code(text: str | None) -> str | None:
    """ISO 639-3 code of a language given as a code or an English name, or None.

    Accepts ISO 639-1/2/3 codes in any case (``EN``, ``fa``, ``rus``) and English
    language names (``Russian``, ``Belarusian``); lists spell them all these ways.
    """
    if not text or not text.strip():
        return None
    code = iso_639_alpha3(text.strip())
    return str(code) if code else None
