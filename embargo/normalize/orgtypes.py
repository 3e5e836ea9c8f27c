"""Legal-form folding for organisation names, across languages.

"LIMITED LIABILITY COMPANY BONUM INVESTMENTS", "OOO Bonum Investments",
"ООО «Бонум Инвестментс»" and "Bonum Investments LLC" name the same company. The
legal form is weak evidence (thousands of companies share it) but it must not make
two spellings of the same form disagree. `fold_org_types` rewrites every legal form
into one of a few generic *class* words (``llc``, ``jsc``, ``soe``, ``mil``, …),
which the matcher then treats as weak name parts.

The bulk of the work is rigour's org-type database (ISO 20275 legal forms, OCCRP's
list, Wikipedia), run in its *generic* mode. Measured on the OFAC/UN organisation
names of the screening benchmark, it folds 8,600 legal forms into 11 classes. Its
gaps (``ЧВК``/"private military company", Chinese ``you xian gong si``, Japanese
``kabushiki kaisha``, a few abbreviations) are filled from ``resources/names.yml``.
"""

from __future__ import annotations

from functools import lru_cache

from rigour.names import replace_org_types_compare

from embargo.normalize.wordlists import (
    ORG_SYNONYMS,
    ORG_TRANSLATION_STEMS,
    ORG_TYPE_CLASSES,
    ORG_TYPES_EXTRA,
)


def _phrase_table() -> dict[int, dict[tuple[str, ...], str]]:
    table: dict[int, dict[tuple[str, ...], str]] = {}
    for phrase, cls in ORG_TYPES_EXTRA.items():
        words = tuple(phrase.split())
        table.setdefault(len(words), {})[words] = cls
    return table


_PHRASES = _phrase_table()
_MAX_PHRASE = max(_PHRASES) if _PHRASES else 0


@lru_cache(maxsize=100_000)
def fold_org_types(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Replace legal forms in a tokenized organisation name by their class word.

    Args:
        tokens: lower-case ASCII tokens of one romanized name.

    Returns:
        The tokens with legal forms replaced (``("ooo", "bonum")`` →
        ``("llc", "bonum")``) and abbreviations expanded (``co`` → ``company``).
        A name that consists of a legal form only is returned unchanged, so it
        never becomes empty.
    """
    if not tokens:
        return tokens
    folded = replace_org_types_compare(" ".join(tokens), generic=True).split()
    if not folded:
        folded = list(tokens)
    out: list[str] = []
    i = 0
    while i < len(folded):
        for size in range(min(_MAX_PHRASE, len(folded) - i), 0, -1):
            cls = _PHRASES.get(size, {}).get(tuple(folded[i : i + size]))
            if cls is not None:
                out.append(cls)
                i += size
                break
        else:
            out.append(translate_word(folded[i]))
            i += 1
    if not out or all(t in ORG_TYPE_CLASSES for t in out):
        return tuple(translate_word(t) for t in tokens)
    return tuple(out)


#: Inflection endings of romanized Russian adjectives, longest first.
_RU_ENDINGS: tuple[str, ...] = tuple(
    sorted(
        set(
            "ogo ego ykh ikh omu emu aya yaya oye oe yye iye ye ie ii iy yi yy ij yj ym im"
            " uyu yu oi oy oj om aia oie iia yia y i a e o u".split()
        ),
        key=len,
        reverse=True,
    )
)
_NUMBERS: dict[str, str] = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10",
}  # fmt: skip
_ORDINAL_SUFFIXES: tuple[str, ...] = ("st", "nd", "rd", "th")


@lru_cache(maxsize=200_000)
def translate_word(word: str) -> str:
    """The English word lists use for a common organisation word in another
    language, an abbreviation's full word, or the word itself.

    Translated and romanized names of one organisation share their rare words
    ("VYSOCHAISHY", "KUPOL") but word their descriptors differently
    ("ZAVOD"/"PLANT", "SANAYI VE TICARET"/"INDUSTRY AND TRADE"); folding the
    descriptors to one word lets those parts agree. Romanized Russian adjectives are
    looked up by stem, since the lists print them in every case
    ("MEZHDUNARODNYKH", "MEZHDUNARODNAYA"). Numerals in words and ordinals fold to
    digits ("NUMBER ONE" / "NO. 1", "48TH" / "48").
    """
    found = ORG_SYNONYMS.get(word)
    if found is not None:
        return found
    if word in _NUMBERS:
        return _NUMBERS[word]
    if word[:1].isdigit():
        for suffix in _ORDINAL_SUFFIXES:
            if word.endswith(suffix) and word[: -len(suffix)].isdigit():
                return word[: -len(suffix)]
        return word
    if len(word) >= 6:
        for ending in _RU_ENDINGS:
            if word.endswith(ending):
                stem = ORG_TRANSLATION_STEMS.get(word[: -len(ending)])
                if stem is not None:
                    return stem
        stem = ORG_TRANSLATION_STEMS.get(word)
        if stem is not None:
            return stem
    return word


def is_org_type(token: str) -> bool:
    """True for a legal-form class word (``llc``, ``jsc``, ``soe``…)."""
    return token in ORG_TYPE_CLASSES


def reset_caches() -> None:
    fold_org_types.cache_clear()
    translate_word.cache_clear()
