"""Cyrillic romanization in the conventions that sanctions lists actually use.

Lists spell the same Cyrillic name several ways: OFAC and the UN mostly follow
BGN/PCGN (Шойгу → Shoygu, Евгений → Yevgeniy) or the Russian passport system (ICAO
Doc 9303: Shoigu, Evgenii); the press writes Yevgeny, Sergei; German-speaking lists
write Schoigu, Jewgeni, Wagner. No single rendering meets them all, so this module
applies a fixed set of *schemes* to the whole name and returns one rendering per
scheme (a name keeps one convention throughout, as lists do).

The tables are written out here rather than taken from ICU, so a library upgrade
cannot change a romanization (and move scores): the golden tests pin every scheme.

Language is read off the letters: і ї є ґ mark Ukrainian, ў (with ы/э or alone)
Belarusian, ә ғ қ ң ө ұ ү һ Kazakh and its neighbours, ђ ћ џ љ њ ј ѓ ќ ѕ Serbian or
Macedonian; anything else is read as Russian. Non-Russian names are rendered with
their own national system first and then *russified* (Ukrainian г → g, і → i ...) and
passed through the Russian schemes, because Soviet-era documents and many list
entries spell them the Russian way (Valeriy Mikhaylovich, not Valerii Mykhailovych).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

_VOWELS = frozenset("аеёиоуыэюяіїєәөұүӣӯ")
_SIGNS = frozenset("ьъ'’ʼ")
#: Letters that take a "y" glide (ye, yu, ya ...) at a word start, after a vowel or sign.
_IOTATED = frozenset("еёюяєї")
_HUSHERS = frozenset("жчшщ")


@dataclass(frozen=True, slots=True, eq=False)
class Scheme:
    """One romanization convention.

    Attributes:
        letters: the plain rendering of each lower-case letter.
        iotated: rendering of е ё ю я є ї at a word start, after a vowel or after ь/ъ/'.
        short_i: й rendered (before a vowel or word-initially, after a vowel mid-word,
            word-finally).
        groups: letter pairs rendered as a whole anywhere (English кс → x).
        endings: word-final letter pairs rendered as a whole (Russian -ий → -y).
        yo_after_husher: ё after ж ч ш щ (Gorbachyov vs Gorbachov).
        iotate_after_vowel: whether е ю я ... take the glide after a vowel too, or only
            word-initially (Ukrainian national system: Andriivka).
    """

    name: str
    letters: Mapping[str, str]
    iotated: Mapping[str, str]
    short_i: tuple[str, str, str]
    groups: Mapping[str, str] = field(default_factory=dict)
    endings: Mapping[str, str] = field(default_factory=dict)
    yo_after_husher: str = "e"
    iotate_after_vowel: bool = True


_RU_BASE: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}  # fmt: skip

#: Non-Russian letters in their own national romanization (ASCII-folded).
_NATIVE_EXTRA: dict[str, str] = {
    "і": "i", "ї": "i", "є": "ie", "ґ": "g", "ў": "w",
    "ә": "a", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h",
    "ӣ": "i", "ӯ": "u", "ҳ": "h", "ҷ": "j", "ҫ": "s", "ӊ": "ng", "ӄ": "q", "ӈ": "ng",
    "ђ": "dj", "ћ": "c", "џ": "dz", "љ": "lj", "њ": "nj", "ј": "j", "ѓ": "gj",
    "ќ": "kj", "ѕ": "dz", "ӏ": "",
}  # fmt: skip

#: The Russian letter each non-Russian letter is spelled with in Russian documents.
_RUSSIFY: dict[str, str] = {
    "і": "и", "ї": "йи", "є": "е", "ґ": "г", "ў": "в",
    "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х",
    "ӣ": "и", "ӯ": "у", "ҳ": "х", "ҷ": "дж", "ҫ": "с", "ӊ": "н", "ӄ": "к", "ӈ": "н",
    "ђ": "дж", "ћ": "ч", "џ": "дж", "љ": "ль", "њ": "нь", "ј": "й", "ѓ": "г",
    "ќ": "к", "ѕ": "дз", "ӏ": "",
}  # fmt: skip


def _table(base: Mapping[str, str], **changes: str) -> dict[str, str]:
    table = dict(base)
    table.update(_NATIVE_EXTRA)
    table.update(changes)
    return table


#: BGN/PCGN (UK and US official; most UN and OFAC entries): Shoygu, Yevgeniy.
BGN = Scheme(
    "bgn",
    _table(_RU_BASE),
    {"е": "ye", "ё": "ye", "ю": "yu", "я": "ya", "є": "ye", "ї": "yi"},
    ("y", "y", "y"),
)
#: Russian passports since 2013 (ICAO Doc 9303): Shoigu, Evgenii, Sergei.
ICAO = Scheme(
    "icao",
    _table(_RU_BASE, й="i", ю="iu", я="ia", ъ="ie"),
    {"е": "e", "ё": "e", "ю": "iu", "я": "ia", "є": "ie", "ї": "i"},
    ("i", "i", "i"),
)
#: Plain scholarly-style spelling without diacritics: Evgeniy, Sergey, Semyonov.
SIMPLE = Scheme(
    "simple",
    _table(_RU_BASE, ё="yo"),
    {"е": "e", "ё": "yo", "ю": "yu", "я": "ya", "є": "ye", "ї": "yi"},
    ("y", "y", "y"),
    yo_after_husher="o",
)
#: English press spelling: Yevgeny, Sergei, Dmitry, Alexei (кс → x).
ENGLISH = Scheme(
    "english",
    _table(_RU_BASE, ё="yo"),
    {"е": "ye", "ё": "yo", "ю": "yu", "я": "ya", "є": "ye", "ї": "yi"},
    ("y", "i", "i"),
    groups={"кс": "x"},
    endings={"ий": "y", "ый": "y"},
    yo_after_husher="o",
)
#: Simplified passport-like spelling: Evgeny, Dmitry, Yuri.
PLAIN = Scheme(
    "plain",
    _table(_RU_BASE, й="i"),
    {"е": "e", "ё": "e", "ю": "yu", "я": "ya", "є": "ye", "ї": "yi"},
    ("y", "i", "i"),
    endings={"ий": "y", "ый": "y"},
)
#: German (Duden): Schoigu, Jewgeni, Prigoschin, Wagner, Sergej.
GERMAN = Scheme(
    "german",
    _table(
        _RU_BASE,
        в="w", ж="sch", з="s", х="ch", ц="z", ч="tsch", ш="sch", щ="schtsch",
        ё="jo", ю="ju", я="ja",
    ),
    {"е": "je", "ё": "jo", "ю": "ju", "я": "ja", "є": "je", "ї": "ji"},
    ("j", "i", "j"),
    endings={"ий": "i", "ый": "y"},
    yo_after_husher="o",
)  # fmt: skip

_UK_BASE = dict(_RU_BASE, г="h", и="y", ґ="g")

#: Ukrainian national system (KMU 2010, used in Ukrainian passports): Oleksii, Yevhen.
UK_NATIONAL = Scheme(
    "uk-national",
    _table(_UK_BASE, є="ie", ї="i", й="i", ю="iu", я="ia", ь=""),
    {"є": "ye", "ї": "yi", "ю": "yu", "я": "ya", "е": "e"},
    ("y", "i", "i"),
    groups={"зг": "zgh"},
    iotate_after_vowel=False,
)
#: BGN/PCGN for Ukrainian: Oleksiy, Yevhen, Kyyiv.
UK_BGN = Scheme(
    "uk-bgn",
    _table(_UK_BASE, є="ye", ї="yi", й="y", ю="yu", я="ya"),
    {"є": "ye", "ї": "yi", "ю": "yu", "я": "ya", "е": "e"},
    ("y", "y", "y"),
)
#: Belarusian BGN/PCGN: Alyaksandr Lukashenka.
BE_BGN = Scheme(
    "be-bgn",
    _table(_RU_BASE, г="h", ў="w", ё="yo"),
    {"е": "ye", "ё": "yo", "ю": "yu", "я": "ya"},
    ("y", "y", "y"),
)
#: Belarusian passports: Aliaksandr Lukashenka.
BE_PASSPORT = Scheme(
    "be-passport",
    _table(_RU_BASE, г="h", ў="u", й="i", ё="io", ю="iu", я="ia"),
    {"е": "ye", "ё": "yo", "ю": "yu", "я": "ya"},
    ("i", "i", "i"),
)
#: Serbian and Macedonian Latin alphabet, ASCII-folded: Milosevic, Djordje.
SR_LATIN = Scheme(
    "sr-latin",
    _table(_RU_BASE, ж="z", х="h", ц="c", ч="c", ш="s", й="j", ћ="c", ђ="dj", џ="dz"),
    {"е": "e", "ё": "e", "ю": "ju", "я": "ja"},
    ("j", "j", "j"),
)  # fmt: skip
#: Serbian in English-style spelling: Milosevich, Djordje.
SR_ENGLISH = Scheme(
    "sr-english",
    _table(_RU_BASE, х="h", ц="ts", й="y", ћ="ch", ђ="dj", џ="dzh"),
    {"е": "e", "ё": "e", "ю": "yu", "я": "ya"},
    ("y", "y", "y"),
)  # fmt: skip

#: International spelling of names of Arabic, Caucasian and Central Asian origin written
#: in Cyrillic, and French-style ж: Абу Джихад → Abu Jihad, Мухаммад → Muhammad.
INTERNATIONAL = Scheme(
    "international",
    _table(_RU_BASE, х="h", ж="j", й="y", ё="yo"),
    {"е": "e", "ё": "yo", "ю": "yu", "я": "ya", "є": "ye", "ї": "yi"},
    ("y", "y", "y"),
    groups={"дж": "j", "кс": "x"},
    endings={"ий": "i", "ый": "y"},
    yo_after_husher="o",
)

RUSSIAN_SCHEMES: tuple[Scheme, ...] = (BGN, ICAO, SIMPLE, ENGLISH, PLAIN, GERMAN, INTERNATIONAL)
#: The Russian schemes applied to the russified spelling of a non-Russian name.
_RUSSIFIED_SCHEMES: tuple[Scheme, ...] = (BGN, ICAO, SIMPLE, ENGLISH)


def detect_language(text: str) -> str:
    """Guess the language of a Cyrillic text from its letters: ru, uk, be, kk, sr."""
    letters = set(text.lower())
    if letters & set("ђћџљњјѓќѕ"):
        return "sr"
    if letters & set("әғқңөұүһӣӯҳҷҫӊӄӈӏ"):
        return "kk"
    if "ў" in letters:
        return "be"
    if letters & set("їєґ"):
        return "uk"
    if "і" in letters:
        return "be" if letters & set("ыэёъ") else "uk"
    return "ru"


def _is_letter(ch: str) -> bool:
    return "\u0400" <= ch <= "\u052f" or ch in "'’ʼ"


#: Everything whose rendering depends on context or spans two letters; the rest of a
#: text is rendered by `str.translate` with the scheme's letter table.
_CONTEXTUAL = re.compile("дж|кс|зг|ий|ый|[еёюяєїй]")


@lru_cache(maxsize=64)
def _translation(scheme: Scheme) -> dict[int, str]:
    return str.maketrans({k: v for k, v in scheme.letters.items() if len(k) == 1})


def _single(scheme: Scheme, text: str, i: int) -> str:
    """Rendering of the context-dependent letter at ``text[i]``."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    word_start = not _is_letter(prev)
    if ch == "й":
        after = text[i + 1] if i + 1 < len(text) else " "
        if word_start or after in _VOWELS:
            return scheme.short_i[0]
        if not _is_letter(after):
            return scheme.short_i[2]
        return scheme.short_i[1]
    if ch in _IOTATED:
        glide = word_start or prev in _SIGNS or (scheme.iotate_after_vowel and prev in _VOWELS)
        if glide and ch in scheme.iotated:
            return scheme.iotated[ch]
        if ch == "ё" and prev in _HUSHERS:
            return scheme.yo_after_husher
    return scheme.letters.get(ch, ch)


def apply(scheme: Scheme, text: str) -> str:
    """Romanize lower-case Cyrillic ``text`` with one scheme; other characters pass."""

    def contextual(match: re.Match[str]) -> str:
        found, i = match.group(0), match.start()
        if len(found) == 2:
            if found in scheme.groups:
                return scheme.groups[found]
            end = i + 2
            if found in scheme.endings and (end >= len(text) or not _is_letter(text[end])):
                return scheme.endings[found]
            return _single(scheme, text, i) + _single(scheme, text, i + 1)
        return _single(scheme, text, i)

    return _CONTEXTUAL.sub(contextual, text).translate(_translation(scheme))


_WORDS = re.compile(r"([\u0400-\u052f'’ʼ]+)")


@lru_cache(maxsize=65536)
def _apply_word(scheme: Scheme, word: str) -> str:
    return apply(scheme, word)


def _apply_words(scheme: Scheme, text: str) -> str:
    """`apply` word by word, with the words cached (names share most of their words)."""
    parts = _WORDS.split(text)
    return "".join(_apply_word(scheme, part) if i % 2 else part for i, part in enumerate(parts))


def _russify(text: str) -> str:
    """Spell a non-Russian Cyrillic text with Russian letters (і → и, ў → в, қ → к).

    Ukrainian и and г stay as they are: in Russian documents the same names are
    spelled with и and г (Михайло ~ Михаил, Григорій ~ Григорий).
    """
    return "".join(_RUSSIFY.get(ch, ch) for ch in text)


def _native_schemes(language: str) -> tuple[Scheme, ...]:
    if language == "uk":
        return (UK_NATIONAL, UK_BGN)
    if language == "be":
        return (BE_BGN, BE_PASSPORT)
    if language == "sr":
        return (SR_LATIN, SR_ENGLISH)
    if language == "kk":
        return (BGN,)
    return ()


def romanize(chunk: str) -> tuple[str, ...]:
    """Renderings of a Cyrillic run, one per scheme, most conventional first."""
    text = chunk.lower()
    language = detect_language(text)
    if language == "ru":
        return tuple(_apply_words(scheme, text) for scheme in RUSSIAN_SCHEMES)
    native = tuple(_apply_words(scheme, text) for scheme in _native_schemes(language))
    russified = _russify(text)
    return native + tuple(_apply_words(scheme, russified) for scheme in _RUSSIFIED_SCHEMES)


def clear() -> None:
    """Drop the per-word cache."""
    _apply_word.cache_clear()
