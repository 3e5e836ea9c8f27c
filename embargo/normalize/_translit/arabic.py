"""Arabic-script names (Arabic, Persian, Dari, Pashto, Urdu) in Latin letters.

Arabic script is written without short vowels, so محمد may be Muhammad, Mohammed,
Mohamed or Mohammad and no rule can say which. This module gives three kinds of
rendering, whole name at a time:

1. **Vocalized guesses in five spelling styles**, for the name elements in the
   hand-written table (``resources/translit/arabic_names.yaml``: Muhammad, Husayn,
   Abd al-, bin, Abu ...) and by a vowel heuristic for the rest:

   ========  ===================================================  ===========================
   style     convention                                           example
   ========  ===================================================  ===========================
   ``std``   UN / OFAC / scholarly without diacritics             muhammad husayn abd al-rahman
   ``en``    common English, Levantine, Gulf                      mohammed hussein abdul rahman
   ``fr``    French / Maghreb                                     mohamed houcine abdel rahmane
   ``fa``    Persian / Iranian                                    mohammad hossein abdol rahman
   ``pk``    South Asian and Afghan English                       muhammad hussain abdul rahman
   ========  ===================================================  ===========================

   Text with letters particular to Persian, Pashto or Urdu (پ چ ژ گ ک ی ټ ړ ښ ے ...)
   lists the ``fa`` and ``pk`` styles first.
2. **The letters**, one Latin letter or digraph per Arabic letter (محمد → "mhmd"),
   which `embargo.normalize.translit.skeleton` brings to the same key as any
   vocalized spelling.

Compounds are rendered as units: ``عبد`` + ``ال…`` (Abd al-Rahman / Abdul Rahman /
Abdel Rahmane), ``… الله`` (Habib Allah / Habibullah), ``… الدين`` (Salah al-Din /
Salahuddin / Salaheddine), also when written as one word (عبدالرحمن). The article
ال is written ``al-`` (``el-`` in the French style).

The vowel heuristic (for words not in the table) follows the commonest noun
patterns: a consonant cluster at the start of a word takes an "a" (حسن → hasan,
محمود → mahmud), a two-consonant cluster at the end takes the style's short i/e
(خالد → khalid / khaled, يوسف → yusif / yousef), و and ي are vowels (u, i) between
consonants and consonants (w, y) at the start of a word or next to alif.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial

from embargo.normalize._translit.data import arabic_names

STYLES = ("std", "en", "fr", "fa", "pk")
_PERSIANATE_ORDER = (3, 4, 0, 1, 2)

#: Letters that occur in Persian, Pashto or Urdu but not in Arabic.
_PERSIANATE = frozenset("پچژگکیۀټډړږښځڅڼګېۍٹڈڑںھہۃےۓە")

# Vowel signs: fatha, kasra, damma; the rest (tanwin, sukun, ...) are dropped.
_HARAKAT = {"\u064e": "a", "\u0650": "i", "\u064f": "u", "\u0670": "a"}
_SHADDA = "\u0651"

#: Characters that belong to an Arabic-script word.
_WORD_RE = re.compile(
    r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff\u200c\u200d]+"
)

_FOLD = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
        "ى": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي", "ے": "ي", "ۓ": "ي", "ئ": "ي",
        "ک": "ك", "ګ": "گ", "ة": "ه", "ۀ": "ه", "ە": "ه", "ھ": "ه", "ہ": "ه", "ۃ": "ه",
        "ؤ": "و", "ء": None, "ـ": None, "\u200c": None, "\u200d": None,
    }
)  # fmt: skip


@lru_cache(maxsize=65536)
def fold_key(word: str) -> str:
    """The lookup key of an Arabic-script word: vowel signs, tatweel and ZWNJ removed,
    alif / ya / kaf / ha / hamza-seat variants unified (أ إ آ → ا, ى ی → ي, ة → ه)."""
    stripped = "".join(ch for ch in word if not unicodedata.combining(ch))
    return stripped.translate(_FOLD)


# --- Letters -------------------------------------------------------------------------

#: Consonant letters in the std spelling; "" for the silent ones (ain, hamza).
_CONSONANTS: dict[str, str] = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ک": "k", "ل": "l", "م": "m",
    "ن": "n", "ه": "h", "ھ": "h", "ہ": "h", "ء": "", "ؤ": "", "ئ": "", "پ": "p",
    "چ": "ch", "ژ": "zh", "گ": "g", "ګ": "g", "ټ": "t", "ډ": "d", "ړ": "r", "ږ": "zh",
    "ښ": "sh", "ځ": "z", "څ": "s", "ڼ": "n", "ٹ": "t", "ڈ": "d", "ڑ": "r", "ں": "n",
    "ڤ": "v", "ڨ": "g", "ڭ": "g", "ۋ": "v",
}  # fmt: skip
_ALIFS = frozenset("اأإآٱٲٳ")
_WAWS = frozenset("وۋۆۇۈ")
_YAS = frozenset("يیېۍ")
_FINAL_YAS = frozenset("ےۓ")
_TA_MARBUTA = frozenset("ةۃۀ")
_ALIF_MAQSURA = frozenset("ى")

_STYLE_CONSONANTS: dict[str, dict[str, str]] = {
    "std": {},
    "en": {},
    "fr": {"ش": "ch", "ج": "dj", "ق": "k", "ښ": "ch"},
    "fa": {"ث": "s", "ذ": "z", "ض": "z", "ظ": "z", "ق": "gh", "ص": "s"},
    "pk": {"ث": "s", "ذ": "z", "ض": "z", "ظ": "z"},
}
#: (long u, long i, short vowel before a final consonant, ta marbuta, consonant waw,
#: short u of the participle prefix mu-)
_STYLE_VOWELS: dict[str, tuple[str, str, str, str, str, str]] = {
    "std": ("u", "i", "i", "a", "w", "u"),
    "en": ("ou", "i", "e", "a", "w", "o"),
    "fr": ("ou", "i", "e", "a", "w", "ou"),
    "fa": ("u", "i", "e", "eh", "v", "o"),
    "pk": ("oo", "ee", "i", "a", "w", "u"),
}


#: Diphthong readings by style (std, en, fr, fa, pk); see `_mark_diphthongs`.
_DIPHTHONGS: dict[str, tuple[str, ...]] = {
    "D": ("ay", "ai", "ei", "ey", "ai"),
    "O": ("aw", "aw", "aou", "ow", "aw"),
    "U": ("uw", "uw", "ou", "ov", "uw"),
}


@dataclass(slots=True)
class _Unit:
    """One letter of a word: kind C (consonant), A (alif), W, Y, T (ta marbuta),
    M (alif maqsura), E (final ye of Urdu), V (explicit short vowel sign)."""

    kind: str
    char: str
    double: bool = False


def _units(word: str) -> list[_Unit]:
    units: list[_Unit] = []
    for ch in word:
        if ch == _SHADDA and units:
            units[-1].double = True
        elif ch in _HARAKAT:
            units.append(_Unit("V", _HARAKAT[ch]))
        elif ch in _ALIFS:
            units.append(_Unit("A", ch))
        elif ch in _WAWS:
            units.append(_Unit("W", ch))
        elif ch in _YAS:
            units.append(_Unit("Y", ch))
        elif ch in _FINAL_YAS:
            units.append(_Unit("E", ch))
        elif ch in _TA_MARBUTA:
            units.append(_Unit("T", ch))
        elif ch in _ALIF_MAQSURA:
            units.append(_Unit("M", ch))
        elif ch in _CONSONANTS:
            units.append(_Unit("C", ch))
        elif ch.isdigit():
            units.append(_Unit("C", str(unicodedata.digit(ch, 0))))
    return units


def letters(word: str) -> str:
    """One Latin letter (or digraph) per Arabic letter: محمد → mhmd, عمر → amr.

    Ain and hamza are silent, except that a word-initial ain is written "a" (its vowel
    is nearly always a, u or i, and a following waw or ya is then not word-initial).
    """
    out: list[str] = []
    for index, unit in enumerate(_units(word)):
        kind, ch = unit.kind, unit.char
        if kind == "C":
            text = _CONSONANTS.get(ch, ch)
            if ch == "ع" and index == 0:
                text = "a"
        elif kind == "A":
            text = "i" if ch == "إ" else "a"
        elif kind == "W":
            text = "w"
        elif kind == "Y":
            text = "y"
        elif kind == "E":
            text = "e"
        elif kind in ("T", "M"):
            text = "a"
        else:
            text = ""
        out.append(text * 2 if unit.double and kind == "C" else text)
    return "".join(out)


# --- Vowel heuristic -----------------------------------------------------------------


def _classify(units: list[_Unit]) -> list[str]:
    """Kinds with each waw and ya resolved to consonant (C) or vowel (W/Y)."""
    kinds = [unit.kind for unit in units]
    for i, kind in enumerate(kinds):
        if kind not in ("W", "Y"):
            continue
        before = kinds[i - 1] if i > 0 else None
        after = kinds[i + 1] if i + 1 < len(kinds) else None
        # Consonant at the start of a word, next to alif, after another waw/ya, and
        # before ta marbuta or alif maqsura (dawa, marwa, islamiya, atiya).
        if before is None or "A" in (before, after) or before in ("W", "Y") or after in ("T", "M"):
            if before is None and after is None:
                continue
            kinds[i] = "C"
    return kinds


def guess(word: str, style: str, persianate: bool = False) -> str:
    """A vocalized guess at an Arabic-script word in one spelling style."""
    return _guesses(word, persianate)[STYLES.index(style)]


@lru_cache(maxsize=65536)
def _guesses(word: str, persianate: bool) -> tuple[str, ...]:
    """`guess` in every style, the word analysed once."""
    units = _units(word)
    if any(unit.kind == "V" for unit in units):
        return tuple(_vocalized(units, style) for style in STYLES)
    if len(units) >= 3 and units[-1].char == "ه" and units[-2].kind != "A":
        # A final ha after a consonant is nearly always an undotted ta marbuta
        # (حماده = حمادة); real final ha (الله, طه, شاه) is in the table.
        units[-1].kind = "T"
    if persianate and units and units[-1].kind == "M":
        # Persian and Afghan writing uses ى for final ی: حنفى = Hanafi, ولى = Wali.
        units[-1].kind = "Y"
    kinds = _classify(units)
    _mark_diphthongs(units, kinds)
    return tuple(_guess(units, kinds, style) for style in STYLES)


def _mark_diphthongs(units: Sequence[_Unit], kinds: list[str]) -> None:
    """Read waw/ya after a word's first consonant as the diphthongs of names.

    * ``D`` (ay): C + ya + C at the start (سيف sayf, زيد zayd, حيدر haydar);
    * ``U`` + ``D`` (uway): the diminutive fu'ayl, C + waw + ya + C (حويش huwaysh,
      دويك duwaik, كويتي kuwaiti);
    * ``O`` (aw): C + waw + C in a word of four letters or more that ends in a
      consonant (جوهر jawhar, توفيق tawfiq); three-letter words keep u (نور nur).
    """
    n = len(units)
    if n < 3 or kinds[0] != "C" or units[0].kind != "C":
        return
    if n >= 4 and units[1].kind == "W" and units[2].kind == "Y" and kinds[3] == "C":
        kinds[1], kinds[2] = "U", "D"
    elif kinds[1] == "Y" and kinds[2] == "C":
        kinds[1] = "D"
    elif kinds[1] == "W" and kinds[2] == "C" and n >= 4 and kinds[-1] == "C":
        kinds[1] = "O"


def _guess(units: Sequence[_Unit], kinds: Sequence[str], style: str) -> str:
    long_u, long_i, short, ta_marbuta, cons_waw, short_u = _STYLE_VOWELS[style]
    consonants = {**_CONSONANTS, **_STYLE_CONSONANTS[style]}

    def consonant(i: int) -> str:
        unit = units[i]
        if unit.kind == "W":
            text = cons_waw if i > 0 or style != "fr" else "w"
        elif unit.kind == "Y":
            # Between a consonant and a final ta marbuta / alif maqsura a consonantal
            # ya is the -iya of nisbas: islamiya, atiya, sumaya.
            after = kinds[i + 1] if i + 1 < len(kinds) else ""
            text = "iy" if i > 0 and kinds[i - 1] == "C" and after in ("T", "M") else "y"
        else:
            text = consonants.get(unit.char, unit.char)
        return text * 2 if unit.double else text

    def vowel(i: int) -> str:
        kind, ch = kinds[i], units[i].char
        if kind == "A":
            if i == 0 and (ch == "إ" or _run_length(kinds, 1) >= 3):
                return "i"  # إ, and the ifti'al / istif'al nouns: intisar, istiqlal
            return "a"
        if kind == "W":
            return long_u
        if kind == "Y":
            return long_i
        if kind == "T":
            return ta_marbuta
        if kind == "E":
            return "e"
        if kind in _DIPHTHONGS:
            return _DIPHTHONGS[kind][STYLES.index(style)]
        return "a"  # alif maqsura

    # Walk the word: vowels as they are, consonant runs vocalized by position.
    out: list[str] = []
    i = 0
    n = len(units)
    while i < n:
        if kinds[i] != "C":
            out.append(vowel(i))
            i += 1
            continue
        start = i
        while i < n and kinds[i] == "C":
            i += 1
        run = [consonant(j) for j in range(start, i)]
        first = "a"
        if start == 0 and i < n and units[0].char == "م" and len(run) == 2 and kinds[i] in "AY":
            # Participles: mujahid, mubarak, munir; not maf'ul (mahmud, mansur), nor
            # maf'al / maf'ala (maktab, marwa), nor a word of consonants only.
            first = short_u
        out.append(_vocalize_run(run, at_start=start == 0, at_end=i == n, short=short, first=first))
    return "".join(out)


def _run_length(kinds: Sequence[str], start: int) -> int:
    """Length of the consonant run starting at ``start`` (0 if none), when a vowel
    letter follows it."""
    end = start
    while end < len(kinds) and kinds[end] == "C":
        end += 1
    return end - start if end < len(kinds) else 0


def _vocalize_run(
    run: Sequence[str], *, at_start: bool, at_end: bool, short: str, first: str
) -> str:
    """Insert vowels into a run of consonants by its position in the word."""
    size = len(run)
    if size == 1:
        return run[0]
    if at_start and at_end:
        # A word of consonants only: CaC, CaCaC (hasan), CaCCaC (jafar, maktab).
        if size == 2:
            return run[0] + "a" + run[1]
        if size == 3:
            return run[0] + "a" + run[1] + "a" + run[2]
        return run[0] + "a" + "".join(run[1:-1]) + "a" + run[-1]
    if at_start:
        # Followed by a vowel letter: CaC-, CaCC- (mahm-ud), CaCCaC- (salsala).
        if size >= 4:
            return run[0] + first + run[1] + run[2] + "a" + "".join(run[3:])
        return run[0] + first + "".join(run[1:])
    if at_end:
        # After a vowel letter: -CiC (khal-id, nas-ir), the style's short vowel.
        return "".join(run[:-1]) + short + run[-1]
    if size >= 3:
        # Between vowel letters: -CCiC- (intisar, istiqlal).
        return run[0] + run[1] + "i" + "".join(run[2:])
    return "".join(run)


def _vocalized(units: Sequence[_Unit], style: str) -> str:
    """Spell a word that carries its vowel signs (rare in lists, but exact)."""
    consonants = {**_CONSONANTS, **_STYLE_CONSONANTS[style]}
    out: list[str] = []
    for unit in units:
        if unit.kind == "V":
            out.append(unit.char)
        elif unit.kind == "C":
            text = consonants.get(unit.char, unit.char)
            out.append(text * 2 if unit.double else text)
        elif unit.kind == "A":
            out.append("" if out and out[-1] == "a" else "a")
        elif unit.kind == "W":
            out.append("" if out and out[-1] == "u" else "w")
        elif unit.kind == "Y":
            out.append("" if out and out[-1] == "i" else "y")
        else:
            out.append("a")
    return "".join(out)


# --- Words, compounds, names -----------------------------------------------------------

_ABD = "عبد"
#: Particles sometimes written joined to the next name (بنحسين = بن حسين).
_GLUED_PREFIXES = ("عبد", "ابو", "ابن", "بن", "ام")
_ARTICLE = "ال"
#: Conjunction / prepositions fused with the article: والجهاد wal-jihad, للدعوة
#: lil-dawa, بالله bil-lah. Only for words of three letters or more after them.
_CLITICS = (("وال", "wal"), ("لل", "lil"), ("بال", "bil"))
_ALLAH = "الله"
_DIN = "الدين"

#: How each style joins compounds: (abd al-X, abd + allah, X + allah, X + al-din, al-X).
_COMPOUNDS: dict[str, tuple[str, str, str, str, str]] = {
    "std": ("abd al-{x}", "abd allah", "{x} allah", "{x} al-din", "al-{x}"),
    "en": ("abdul {x}", "abdullah", "{x}ullah", "{x}uddin", "al-{x}"),
    "fr": ("abdel {x}", "abdallah", "{x}allah", "{x}eddine", "el-{x}"),
    "fa": ("abdol {x}", "abdollah", "{x}ollah", "{x}oddin", "al-{x}"),
    "pk": ("abdul {x}", "abdullah", "{x}ullah", "{x}uddin", "al-{x}"),
}


@lru_cache(maxsize=65536)
def word_styles(word: str, persianate: bool = False) -> tuple[str, ...]:
    """One word (no compound) in every style: the table, else the article + the
    table, else the vowel guess."""
    key = fold_key(word)
    found = arabic_names().get(key)
    if found is not None:
        return found
    if key.startswith(_ARTICLE) and len(key) > 3:
        rest = word_styles(_bare(word), persianate)
        return tuple(
            _COMPOUNDS[style][4].format(x=x) for style, x in zip(STYLES, rest, strict=True)
        )
    for prefix, latin in _CLITICS:
        if key.startswith(prefix) and len(key) >= len(prefix) + 3:
            rest = word_styles(key[len(prefix) :], persianate)
            return tuple(f"{latin}-{x}" for x in rest)
    return _guesses(word, persianate)


def _bare(word: str) -> str:
    """The word without its article (الرحمن → رحمن)."""
    key = fold_key(word)
    if key.startswith(_ARTICLE):
        return word[word.index("ل") + 1 :] if "ل" in word else word[2:]
    return word


def _split_joined(words: list[str]) -> list[str]:
    """Split compounds written as one word: عبدالرحمن → عبد الرحمن, عبدالله → عبد الله."""
    out: list[str] = []
    table = arabic_names()
    for word in words:
        key = fold_key(word)
        if key in table:
            out.append(word)
        elif key.startswith(_ABD + _ARTICLE) and len(key) > 5:
            out.extend((_ABD, key[3:]))
        elif any(
            key.startswith(prefix) and len(key) > len(prefix) + 2 and key[len(prefix) :] in table
            for prefix in _GLUED_PREFIXES
        ):
            prefix = next(
                p for p in _GLUED_PREFIXES if key.startswith(p) and key[len(p) :] in table
            )
            out.extend((prefix, key[len(prefix) :]))
        elif key.endswith(_ALLAH) and len(key) > 5 and not key.startswith(_ARTICLE):
            out.extend((key[:-4], _ALLAH))
        elif key.endswith(_DIN) and len(key) > 6:
            out.extend((key[:-5], _DIN))
        else:
            out.append(word)
    return out


def render_words(words: Sequence[str], style_index: int, persianate: bool = False) -> str:
    """The words of a name in one style, compounds joined as that style joins them."""

    def _word(word: str, index: int) -> str:
        return word_styles(word, persianate)[index]

    style = STYLES[style_index]
    abd_al, abd_allah, x_allah, x_din, _ = _COMPOUNDS[style]
    parts = _split_joined(list(words))
    out: list[str] = []
    i = 0
    while i < len(parts):
        word = parts[i]
        key = fold_key(word)
        following = fold_key(parts[i + 1]) if i + 1 < len(parts) else ""
        if key == _ABD and following == _ALLAH:
            out.append(abd_allah)
            i += 2
        elif key == _ABD and following.startswith(_ARTICLE) and len(following) > 2:
            bare = _bare(parts[i + 1])
            out.append(abd_al.format(x=_word(bare, style_index)))
            i += 2
        elif following == _ALLAH and key != _ARTICLE:
            out.append(x_allah.format(x=_word(word, style_index)))
            i += 2
        elif following == _DIN:
            out.append(x_din.format(x=_word(word, style_index)))
            i += 2
        else:
            out.append(_word(word, style_index))
            i += 1
    return " ".join(out)


def is_persianate(text: str) -> bool:
    """Whether the text uses letters of Persian, Pashto or Urdu that Arabic lacks."""
    return any(ch in _PERSIANATE for ch in text)


def romanize(chunk: str) -> tuple[str, ...]:
    """Five styled renderings and the letters of an Arabic-script run."""
    pieces = _pieces(chunk)
    persianate = is_persianate(chunk)
    order = _PERSIANATE_ORDER if persianate else tuple(range(len(STYLES)))
    out = [
        _render(pieces, partial(render_words, style_index=index, persianate=persianate))
        for index in order
    ]
    out.append(_render(pieces, _letters_of))
    return tuple(out)


def _letters_of(words: Sequence[str]) -> str:
    return " ".join(letters(word) for word in words)


def _pieces(chunk: str) -> list[tuple[bool, str]]:
    """Split into (is_arabic_word, text) pieces, keeping what lies between words."""
    pieces: list[tuple[bool, str]] = []
    position = 0
    for match in _WORD_RE.finditer(chunk):
        if match.start() > position:
            pieces.append((False, chunk[position : match.start()]))
        pieces.append((True, match.group(0)))
        position = match.end()
    if position < len(chunk):
        pieces.append((False, chunk[position:]))
    return pieces


def _render(pieces: Sequence[tuple[bool, str]], words_fn: Callable[[Sequence[str]], str]) -> str:
    """Render each group of Arabic words separated only by spaces as a whole (so that
    compounds across words are seen), keeping the text between groups as it is."""
    out: list[str] = []
    group: list[str] = []
    for index, (is_word, text) in enumerate(pieces):
        if is_word:
            group.append(text)
            continue
        next_is_word = index + 1 < len(pieces) and pieces[index + 1][0]
        if group and text.isspace() and next_is_word:
            continue
        if group:
            out.append(words_fn(group))
            group = []
        out.append(text)
    if group:
        out.append(words_fn(group))
    return "".join(out)


def clear() -> None:
    """Drop the per-word caches (after the name table changed)."""
    for cached in (fold_key, _guesses, word_styles):
        cached.cache_clear()
