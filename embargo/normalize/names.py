"""Names → comparable name parts, in any script.

A published name string goes through four steps before it can be matched:

1. **Split** (`split_name`): lists pack several names into one field
   (``"Fazel Rahim; Fazil Rahim"``, ``"… b) M. Javad Kareemi Sabet"``) and put
   acronyms in parentheses (``"TARIQ GIDAR GROUP (TGG)"``). Each becomes its own
   name; the parenthesised part is a name of its own, not extra words.
2. **Romanize** (`embargo.normalize.translit.latinize_variants`): every script to
   lower-case ASCII, in all romanizations in common use (``Шойгу`` → ``shoigu``,
   ``shoygu``…). Apostrophes and quotes are removed first so that
   ``Cho'ng``, ``Sa'id`` and ``'WAGNER'`` become ``chong``, ``said``, ``wagner``.
3. **Tokenize**: runs of ``[a-z0-9]``; hyphens and punctuation separate parts
   (``AL-QAIDA`` → ``al qaida``, ``Jong-un`` → ``jong un``). Joined spellings
   (``Jongun``) are reconciled at match time, not here.
4. **Fold** organisation names (`embargo.normalize.orgtypes.fold_org_types`):
   legal forms in any language become a class word (``ООО``, ``Limited Liability
   Company`` → ``llc``) and abbreviations are expanded (``co`` → ``company``).

The result, `ParsedName`, keeps each *part* with all its romanizations side by
side (a "slot"), plus the part in its original script when it was not Latin, so
the matcher can use name-symbol data (e.g. that ``Евгений`` is ``Yevgeny``).

Nothing is dropped: honorifics (``Sheikh``), particles (``bin``, ``al``, ``van``)
and legal forms stay as parts, flagged *weak* by `is_weak`, so that they add
little evidence and cost little when missing, instead of being silently lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from rigour.names import replace_org_types_compare

from embargo.normalize.orgtypes import fold_org_types
from embargo.normalize.translit import latinize_variants
from embargo.normalize.wordlists import COUNTRY_CODES, COUNTRY_NAMES, ORG_WEAK, PERSON_WEAK


class NameKind(StrEnum):
    """What a name names; decides org-type folding and which words are weak."""

    PERSON = "person"
    ORG = "org"
    OBJECT = "object"


_KIND_BY_SCHEMA: dict[str, NameKind] = {
    "Person": NameKind.PERSON,
    "Vessel": NameKind.OBJECT,
    "Airplane": NameKind.OBJECT,
    "CryptoWallet": NameKind.OBJECT,
}


def name_kind(schema: str) -> NameKind:
    """The name kind of a schema: Person → person, Vessel/Airplane → object,
    every other party schema (Organization, Company, LegalEntity…) → org."""
    return _KIND_BY_SCHEMA.get(schema, NameKind.ORG)


# Apostrophes, quotes and letter modifiers: removed, joining the letters around them.
_QUOTES = re.compile(
    "[\"'`\u00b4\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u02bb\u02bc\u02bd\u02be\u02bf\u2032\u00ab\u00bb\u2039\u203a]"
)
# Separators of several names in one field: ";" or an enumeration "b) ", "c) "….
_LIST_SPLIT = re.compile(r"\s*;\s*|\s+[b-h]\)\s+")
_LEADING_ENUM = re.compile(r"^\s*a\)\s+")
# Alternatives run together in a person-name field as published ("Валерій Пахниць and
# Валерий Пахниц", "ШОР Семендуева or Манахимова", "or Цивилёв"): lower-case
# conjunctions only, which a name in capitals or title case does not contain.
_PERSON_ALTERNATIVES = re.compile(r"(?:^|\s+)(?:or|and)\s+")
_PAREN = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_TOKEN = re.compile(r"[a-z0-9]+")
# Marks romanizers leave for letters without a Latin equivalent (soft sign ʹ, ayn ʿ
# or `, hamza ʾ, unknown ?): removed so that the word stays whole ("prokopʹev").
_ROMAN_MARKS = re.compile("['`?\u02b9\u02ba\u02bb\u02bc\u02be\u02bf\u2018\u2019]")
# Scripts that write no short vowels (Hebrew, Arabic, Syriac, Thaana).
_ABJAD = re.compile(
    "[\u0590-\u05ff\u0600-\u06ff\u0700-\u074f\u0750-\u077f"
    "\u0780-\u07bf\u08a0-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]"
)
_ARABIC_ARTICLE = ("ال", "وال", "بال")
# Dotted abbreviations written letter by letter: "s.a.l.", "l.l.c.", "u.k.".
_DOTTED = re.compile(r"\b[a-z](?:\.[a-z])+\b\.?")
_INVISIBLE = re.compile(r"[_\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
_NATIVE_TOKEN = re.compile(r"[^\W_]+")
_HAS_ALNUM = re.compile(r"[^\W_]")


def split_name(text: str) -> list[str]:
    """Split one published name field into the names it holds.

    ``"TARIQ GIDAR GROUP (TGG)"`` → ``["TARIQ GIDAR GROUP", "TGG"]``;
    ``"Fazel Rahim; Fazil Rahim"`` → ``["Fazel Rahim", "Fazil Rahim"]``. A
    parenthesised part that holds no letter or digit is dropped; a name that is
    only a parenthesis keeps its content.
    """
    out: list[str] = []
    for chunk in _LIST_SPLIT.split(_LEADING_ENUM.sub("", text)):
        inner = [a or b for a, b in _PAREN.findall(chunk)]
        inner = [i for i in inner if not _is_qualifier(i)]
        outer = " ".join(_PAREN.sub(" ", chunk).split()).replace(" ,", ",")
        for candidate in (outer, *inner):
            candidate = candidate.strip(" ,.-/")
            if candidate and _HAS_ALNUM.search(candidate) and candidate not in out:
                out.append(candidate)
    return out


def _is_qualifier(text: str) -> bool:
    """A parenthesis that qualifies rather than names: a country ("(USA)",
    "(U.K.)") or fewer than two letters."""
    letters = sum(ch.isalnum() for ch in text)
    if letters < 2:
        return True
    key = " ".join(text.lower().replace(".", "").split())
    return key in COUNTRY_NAMES or (len(key) <= 3 and key in COUNTRY_CODES)


def is_abjad(text: str) -> bool:
    """True when ``text`` is written in a script without short vowels (Arabic,
    Hebrew, Syriac, Thaana): its romanizations are consonant skeletons."""
    return _ABJAD.search(text) is not None


@dataclass(frozen=True, slots=True)
class ParsedName:
    """One name, as comparable parts.

    Attributes:
        text: the name as published (one name of a split field).
        slots: one tuple per name part holding its romanizations, most
            conventional first (``(("shoigu", "sojgu"), ("sergei", "sergej"))``).
        native: each part in its original (non-Latin) script, aligned with
            ``slots``; empty when the name is Latin or parts could not be aligned.
    """

    text: str
    slots: tuple[tuple[str, ...], ...]
    native: tuple[str, ...] = ()

    @property
    def tokens(self) -> tuple[str, ...]:
        """The most conventional romanization of every part."""
        return tuple(slot[0] for slot in self.slots)

    def variants(self) -> list[tuple[str, ...]]:
        """Each romanization as its own token sequence (variant *i* takes the
        *i*-th form of every part, or the part's last form if it has fewer)."""
        depth = max((len(s) for s in self.slots), default=0)
        out: list[tuple[str, ...]] = []
        for i in range(depth):
            seq = tuple(s[min(i, len(s) - 1)] for s in self.slots)
            if seq not in out:
                out.append(seq)
        return out


def tokenize(text: str) -> tuple[str, ...]:
    """Tokens of an already romanized, lower-case text (romanizer marks removed)."""
    return tuple(_TOKEN.findall(_ROMAN_MARKS.sub("", text)))


def _romanized_token_lists(text: str, kind: NameKind) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for variant in latinize_variants(text):
        tokens = _fold_legal_forms(variant) if kind is not NameKind.PERSON else tokenize(variant)
        if tokens and tokens not in out:
            out.append(tokens)
    return out


def _fold_legal_forms(variant: str) -> tuple[str, ...]:
    """Tokens of an organisation name with its legal forms folded to classes.

    The first fold runs on the punctuated text, where "s.a. de c.v." and
    "gmbh & co kg" are still whole. Punctuation a form did not use still separates
    tokens ("S:A:S" → "s a s"), which a second look would fold ("llc"): folding is
    repeated on the token text until nothing changes, so normalizing a normalized
    name returns it unchanged (the index and the query side must agree).
    """
    # "_" and control or invisible format characters split tokens but not regex
    # word boundaries: spaces first, so "KB_" and "E\bV" fold like "KB" and "E V"
    text = " ".join(
        _DOTTED.sub(
            lambda m: m.group(0).replace(".", "") + " ", _INVISIBLE.sub(" ", variant)
        ).split()
    )
    tokens = fold_org_types(tokenize(replace_org_types_compare(text, generic=True)))
    for _ in range(4):
        again = fold_org_types(tokenize(replace_org_types_compare(" ".join(tokens), generic=True)))
        if again == tokens:
            break
        tokens = again
    return tokens


def _strip_article(forms: list[str]) -> None:
    """Add each form without the Arabic article written into it (``alrhmn`` →
    ``rhmn``): Arabic script joins ``ال`` to the word, Latin lists separate it."""
    for form in list(forms):
        for prefix in ("al", "el", "l"):
            if form.startswith(prefix) and len(form) - len(prefix) >= 3:
                rest = form[len(prefix) :]
                if rest not in forms:
                    forms.append(rest)
                break


@lru_cache(maxsize=50_000)
def parse_name(text: str, kind: NameKind) -> tuple[ParsedName, ...]:
    """Parse a published name field into comparable names (see module docstring).

    Romanizations that split a name into the same number of parts are merged into
    slots of one `ParsedName`; a romanization with a different part count (e.g.
    Han characters read as one joined word) becomes a `ParsedName` of its own.
    """
    out: list[ParsedName] = []
    names = split_name(text)
    if kind is NameKind.PERSON:
        names = [alt for name in names for alt in _PERSON_ALTERNATIVES.split(name) if alt]
    for name in names:
        clean = _QUOTES.sub("", name)
        token_lists = _romanized_token_lists(clean, kind)
        if not token_lists:
            continue
        native: tuple[str, ...] = ()
        if not clean.isascii():
            native_tokens = tuple(t.lower() for t in _NATIVE_TOKEN.findall(clean))
            if any(not t.isascii() for t in native_tokens):
                native = native_tokens
        groups: dict[int, list[tuple[str, ...]]] = {}
        for tokens in token_lists:
            groups.setdefault(len(tokens), []).append(tokens)
        for size, lists in groups.items():
            aligned = native if len(native) == size else ()
            slots: list[tuple[str, ...]] = []
            for i in range(size):
                forms: list[str] = []
                for tokens in lists:
                    if tokens[i] not in forms:
                        forms.append(tokens[i])
                if aligned and aligned[i].startswith(_ARABIC_ARTICLE):
                    _strip_article(forms)
                slots.append(tuple(forms))
            parsed = ParsedName(text=name, slots=tuple(slots), native=aligned)
            if parsed not in out:
                out.append(parsed)
    return tuple(out)


def legal_form_words(text: str) -> set[str]:
    """Words of an organisation name that legal-form folding replaced
    (``"LIMITED LIABILITY COMPANY BONUM"`` → ``{"limited", "liability", "company"}``).

    An index collects them so that a query with a typo in a legal form
    (``NIMITED LIABILITY COMPANY``) can be corrected before folding.
    """
    out: set[str] = set()
    for name in split_name(text):
        clean = _QUOTES.sub("", name)
        variants = latinize_variants(clean)
        if not variants:
            continue
        raw = set(tokenize(variants[0]))
        folded = set(_romanized_token_lists(clean, NameKind.ORG)[0]) if raw else set()
        out.update(w for w in raw - folded if w.isalpha() and len(w) >= 3)
    return out


def normalize_name(text: str, kind: NameKind = NameKind.PERSON) -> str:
    """A name's most conventional comparable form, as one string.

    ``"PRIVATE MILITARY COMPANY 'WAGNER'"`` (org) → ``"mil wagner"``. Idempotent:
    normalizing the result again returns it unchanged. Several names in one field
    are joined with ``"; "``.
    """
    return "; ".join(" ".join(p.tokens) for p in parse_name(text, kind))


def is_weak(token: str, kind: NameKind) -> bool:
    """True for a part that carries little evidence: a particle or honorific in a
    person name, a function word or legal-form class in an organisation name."""
    if kind is NameKind.PERSON:
        return token in PERSON_WEAK
    return token in ORG_WEAK


def reset_caches() -> None:
    parse_name.cache_clear()
