"""Korean Hangul romanization, syllable by syllable, in the conventions lists use.

ICU's Hangul-Latin glues a name into one word (김정은 → "gimjeong-eun"), which no list
spelling resembles. Hangul is algorithmic: a precomposed syllable is
``0xAC00 + (initial * 21 + medial) * 28 + final``, so this module decomposes each
syllable into its jamo and spells them from small tables, keeping every syllable a
separate token (김정은 → "kim jong un"): list spellings of given names vary between
"Jong Un", "Jong-Un" and "Jongun", and a matcher can glue syllables but cannot split
a glued word reliably.

Four conventions are produced, whole name at a time:

* ``dprk`` – the North Korean official system as the UN and OFAC lists print DPRK
  names: ㅈ → j, aspirates kh/th/ph, ㅓ/ㅡ → o/u, initial r kept (Ri, Ryong);
* ``south`` – the usual South Korean surname spelling (Lee, Park, Choi) with the
  given name in Revised Romanization;
* ``mr`` – McCune–Reischauer without diacritics or apostrophes (Chong, Chol);
* ``rr`` – Revised Romanization as the system gives it (Gim, Jeong, Eun);

followed by other common surname spellings (Rhee, Yi ...) with the RR given name.

A person name is recognised when the text is one word of two to four syllables
(surname + given name, the Korean order) or starts with a known surname standing
alone; otherwise each word is romanized syllable by syllable without surname
treatment (company names, places).

Voicing follows the MR and DPRK rules: in a word, ㄱ ㄷ ㅂ (and ㅈ in MR) are voiced
(g d b j) after a vowel or a voiced final (n l m ng) and voiceless (k t p ch) at the
start of a word or after a voiceless final. The given name counts as one word, so
"정은" is "jong un" in DPRK and "chong un" in MR.
"""

from __future__ import annotations

from collections.abc import Sequence

from embargo.normalize._translit.data import korean_surnames

_BASE = 0xAC00
_LAST = 0xD7A3

# Initials: ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ
_RR_INITIAL = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj",
               "ch", "k", "t", "p", "h")  # fmt: skip
#: MR and DPRK voiceless / voiced forms; None where the two are the same.
_MR_INITIAL = ("k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch",
               "ch", "k", "t", "p", "h")  # fmt: skip
_MR_VOICED = {0: "g", 3: "d", 7: "b", 12: "j"}
_DPRK_INITIAL = ("k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj",
                 "ch", "kh", "th", "ph", "h")  # fmt: skip
_DPRK_VOICED = {0: "g", 3: "d", 7: "b"}

# Medials: ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ
_RR_MEDIAL = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo",
              "u", "wo", "we", "wi", "yu", "eu", "ui", "i")  # fmt: skip
_MR_MEDIAL = ("a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo",
              "u", "wo", "we", "wi", "yu", "u", "ui", "i")  # fmt: skip

# Finals (index 0 = none):
# ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ
_FINAL = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m",
          "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")  # fmt: skip
#: Finals after which a following plain stop is voiced (n, l, m, ng and their clusters).
_VOICING_FINALS = frozenset({0, 4, 5, 6, 8, 10, 11, 12, 13, 15, 16, 21})

#: Two-syllable surnames (the rest are one syllable).
_DOUBLE_SURNAMES = frozenset({"남궁", "황보", "제갈", "선우", "독고", "사공", "서문", "동방"})

SCHEMES = ("dprk", "south", "mr", "rr")


def is_syllable(ch: str) -> bool:
    return _BASE <= ord(ch) <= _LAST


def _jamo(ch: str) -> tuple[int, int, int]:
    index = ord(ch) - _BASE
    return index // 588, (index % 588) // 28, index % 28


def _syllable(ch: str, scheme: str, voiced: bool) -> str:
    initial, medial, final = _jamo(ch)
    if scheme in ("rr", "south"):
        onset = _RR_INITIAL[initial]
        vowel = _RR_MEDIAL[medial]
    elif scheme == "mr":
        onset = _MR_VOICED.get(initial, _MR_INITIAL[initial]) if voiced else _MR_INITIAL[initial]
        vowel = _MR_MEDIAL[medial]
        if onset == "s" and vowel in ("i", "wi"):
            onset = "sh"
    else:
        onset = (
            _DPRK_VOICED.get(initial, _DPRK_INITIAL[initial]) if voiced else _DPRK_INITIAL[initial]
        )
        vowel = _MR_MEDIAL[medial]
    return onset + vowel + _FINAL[final]


def romanize_word(word: str, scheme: str, voicing: bool = True) -> list[str]:
    """The syllables of one Hangul word in ``scheme``, with MR/DPRK voicing inside it
    (or, with ``voicing=False``, every syllable spelled as if it began a word)."""
    out: list[str] = []
    voiced = False
    for ch in word:
        if not is_syllable(ch):
            out.append(ch)
            voiced = False
            continue
        out.append(_syllable(ch, scheme, voiced))
        voiced = voicing and _jamo(ch)[2] in _VOICING_FINALS
    return out


def _split_surname(words: Sequence[str]) -> tuple[str, list[str]] | None:
    """(surname, given-name words) when ``words`` look like a Korean person name."""
    if not words or not all(is_syllable(ch) for ch in words[0]):
        return None
    first = words[0]
    surnames = korean_surnames()
    if len(words) == 1 and 2 <= len(first) <= 4:
        if len(first) >= 3 and first[:2] in _DOUBLE_SURNAMES:
            return first[:2], [first[2:]]
        return first[:1], [first[1:]]
    if len(words) in (2, 3) and first in surnames and len(first) <= 2:
        return first, list(words[1:])
    return None


def _surname_spellings(surname: str) -> list[str]:
    """Spellings of a surname: dprk, south, mr, rr, then extras."""
    known = korean_surnames().get(surname)
    if known:
        return list(known)
    generic = [" ".join(romanize_word(surname, scheme)).replace(" ", "") for scheme in SCHEMES]
    return generic


def _given(words: Sequence[str], scheme: str) -> str:
    return " ".join(" ".join(romanize_word(word, scheme)) for word in words)


def romanize_name(text: str) -> tuple[str, ...] | None:
    """Renderings of a Korean person name, or None if ``text`` does not look like one."""
    split = _split_surname(text.split())
    if split is None:
        return None
    surname, given_words = split
    spellings = _surname_spellings(surname)
    given = {scheme: _given(given_words, scheme) for scheme in SCHEMES}
    out = [f"{spellings[i]} {given[scheme]}" for i, scheme in enumerate(SCHEMES)]
    out.extend(f"{extra} {given['rr']}" for extra in spellings[len(SCHEMES) :])
    return tuple(out)


def romanize(chunk: str) -> tuple[str, ...]:
    """Renderings of a Hangul run: as a person name when it looks like one.

    Other text (company and place names, often written as one word: 조선광선은행) is
    spelled syllable by syllable in DPRK spelling with voicing inside the word
    (jo son gwang son ...), DPRK spelling without it (jo son kwang son ..., as
    when the list splits the name into words: Korea Kwangson Banking), RR and MR.
    """
    named = romanize_name(chunk.strip())
    if named is not None:
        return named
    return tuple(
        _romanize_text(chunk, scheme, voicing)
        for scheme, voicing in (("dprk", True), ("dprk", False), ("rr", True), ("mr", True))
    )


def _romanize_text(chunk: str, scheme: str, voicing: bool) -> str:
    words: list[str] = []
    word: list[str] = []
    for ch in chunk:
        if is_syllable(ch):
            word.append(ch)
            continue
        if word:
            words.append(" ".join(romanize_word("".join(word), scheme, voicing)))
            word = []
        words.append(ch)
    if word:
        words.append(" ".join(romanize_word("".join(word), scheme, voicing)))
    return "".join(words)
