"""Name symbols: cross-script identities of name parts.

rigour ships a database (from Wikidata) of given and family names in many scripts
and spellings, each with an identifier: ``Евгений``, ``Yevgeny`` and ``Evgeni`` all
carry symbol ``Q1688617``; ``مصطفى`` and ``Mustafa`` share ``Q4308518``. Two parts
that share a symbol are forms of one name even where spelling and sound rules
fail (Arabic written without vowels, Hebrew, names with traditional English
spellings).

Symbols are looked up one part at a time (the tagger works on whole names, but
parts are what the index stores) and memoized: an index computes them once per
vocabulary word.
"""

from __future__ import annotations

from functools import lru_cache

from rigour.names import NameTypeTag, SymbolCategory, analyze_names

_NAME = SymbolCategory.NAME


@lru_cache(maxsize=200_000)
def name_symbols(part: str) -> tuple[str, ...]:
    """Name-symbol ids of one name part (any script), sorted; ``()`` if unknown.

    Parts shorter than two letters or holding digits have no symbols.
    """
    if len(part) < 2 or not part.isalpha():
        return ()
    out: set[str] = set()
    for name in analyze_names(
        NameTypeTag.PER, [part], phonetics=False, numerics=False, consolidate=False
    ):
        for span in name.spans:
            symbol = span.symbol
            if symbol.category == _NAME and len(span.parts) == 1:
                out.add(str(symbol.id))
    return tuple(sorted(out))


def reset_caches() -> None:
    name_symbols.cache_clear()
