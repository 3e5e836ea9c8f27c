"""Consonant skeletons: one key for the many Latin spellings of an Arabic-script name.

Arabic, Persian and Hebrew write consonants and long vowels only; Latin spellings of
one name differ in the vowels (Muhammad / Mohammed), in doubling (Hasan / Hassan), in
how a letter is written (Khalid / Chalid, Sharif / Cherif, Qasim / Kasim, Yusuf /
Youssef / Yousef) and in how the article is joined (Abd al-Rahman / Abdul Rahman /
Abdurrahman). `skeleton` maps a Latin token to a key that the spellings of one name,
and the letter rendering of the unvocalized original (محمد → "mhmd"), share.

The steps, in order (the public docstring of `embargo.normalize.translit.skeleton`
and ``docs/transliteration.md`` state the same contract):

1. Fold to lower-case ASCII; split on anything that is not a letter.
2. Drop an article part: ``al``/``el``/``ul``/``il`` when other parts follow, and a
   sun-letter article (``ad``, ``ar``, ``as``, ``ash``, ``at``, ``az``, ``an``, ``ud``,
   ``ur`` ...) when the next part starts with its consonant (ad-din, ur-rahman).
   The parts are then joined. A token that is only an article gives "".
3. ``abd`` + ``ul``/``el``/``al``/``ol``/``oul``/``il`` + rest → ``abd`` + rest
   (Abdulrahman, Abdelkader, Abdullah → abd·rahman, abd·kader, abd·lah).
4. A leading article glued to a word of three or more letters that starts with a
   consonant is dropped: alrahman → rahman, elkader → kader (not Ali, Alexander).
5. A final ``h`` is dropped (ta marbuta and silent h: Fatimah = Fatima, Zadeh =
   Zade, and the letter rendering salh of صالح = Saleh), except in a digraph
   (sh, kh, gh, th, dh, ch, zh, ph) and in the divine name (-llah, -llh).
6. Letter classes, longest first: sch/sh/ch → c, kh → x, gh → g, dj/dzh → j,
   zh → j, th → t, dh → d, ph → f, c before e/i/y → s (French: Houcine, Nacer),
   ck/q/c → k, x → ks, v → w, p → b.
7. Vowels a e i o u are dropped; y and w are dropped too except as the first letter
   (Yusuf → ysf, Walid → wld, but Husayn → hsn, Marwan → mrn).
8. Doubled letters collapse (Hassan → hsn, Abdullah → bdlh).

Consequences worth knowing: the key is empty for a vowel-only token (a matcher must
not treat two empty keys as agreement); short keys (one consonant: Ali → l) are weak;
different names can share a key (Hasan, Hussein, Hassoun → hsn). The key is for
recall, to confirm or rescue a fuzzy comparison, not proof of identity on its own.
"""

from __future__ import annotations

import re

from embargo.normalize._translit.latin import to_ascii

_PARTS = re.compile(r"[a-z]+")
_ARTICLES = frozenset({"al", "el", "ul", "il", "ol"})
_SUN_ARTICLE = re.compile(r"^[aeiou](t|th|d|dh|r|z|s|sh|n)$")
_ABD = re.compile(r"^abd(?:u|e|a|o|ou|i)l(?=[a-z]|$)")
_GLUED_ARTICLE = re.compile(r"^[ae]l(?=[^aeiouy][a-z]{2,})")
_CLASSES = re.compile(r"sch|sh|ch|kh|gh|dzh|dj|zh|th|dh|ph|ck|[a-z]")
_CLASS_MAP = {
    "sch": "c", "sh": "c", "ch": "c", "kh": "x", "gh": "g", "dzh": "j", "dj": "j",
    "zh": "j", "th": "t", "dh": "d", "ph": "f", "ck": "k", "q": "k", "c": "k",
    "x": "ks", "v": "w", "p": "b",
}  # fmt: skip
_DIGRAPH_STARTS = frozenset("sckgztdp")
_VOWELS = frozenset("aeiou")


def _join_parts(text: str) -> str:
    parts = _PARTS.findall(text)
    if len(parts) <= 1:
        return parts[0] if parts else ""
    kept: list[str] = []
    for i, part in enumerate(parts):
        following = parts[i + 1] if i + 1 < len(parts) else ""
        if following and part in _ARTICLES:
            continue
        sun = _SUN_ARTICLE.match(part)
        if sun and following.startswith(sun.group(1)):
            continue
        kept.append(part)
    return "".join(kept)


def skeleton(token: str) -> str:
    """The consonant key of a Latin token (see the module docstring for the steps)."""
    text = _join_parts(to_ascii(token).lower())
    if not text or text in _ARTICLES:
        return ""
    divine = text.endswith(("llah", "llh"))
    text = _ABD.sub("abd", text, count=1)
    text = _GLUED_ARTICLE.sub("", text, count=1)
    if len(text) > 1 and text[-1] == "h" and text[-2] not in _DIGRAPH_STARTS and not divine:
        text = text[:-1]
    out: list[str] = []
    for index, match in enumerate(_CLASSES.finditer(text)):
        unit = match.group(0)
        if unit == "c" and match.end() < len(text) and text[match.end()] in "eiy":
            unit = "s"  # French soft c: Houcine, Nacer, Mohcine
        if unit in _VOWELS:
            continue
        if unit in ("y", "w") and index > 0:
            continue
        if unit == "v" and index > 0:
            continue
        mapped = _CLASS_MAP.get(unit, unit)
        for letter in mapped:
            if not out or out[-1] != letter:
                out.append(letter)
    return "".join(out)
