"""Words of a running text, by script, and the morphology a name mention needs.

Document screening cannot ask the author where the names are. This module cuts a
text into *tokens* (runs of letters of one script, with their character offsets
into the original text) and answers the small questions the mention detector asks
of each token, in any language and without a language model:

* **which script** (`Script`): scripts with letter case (Latin, Cyrillic, Greek,
  Armenian) mark names with capitals; scripts without case (Arabic, Hebrew,
  Georgian, Hangul, Han, Kana…) do not, and some (Han, Kana, Thai) do not even
  separate words with spaces;
* **is it a function word or a title** (`STOPWORDS`, `TITLES`): a capitalised
  "The", "En", "По" at the start of a sentence, or the "Minister" before a name,
  is not a name part;
* **does it join name parts** (`PARTICLES`: ``bin``, ``al``, ``de``, ``van``…) or
  **describe an organisation** (`descriptor_class`: ``Grupo``, ``группа``, ``ЧВК``,
  ``PMC`` → ``group`` / ``mil``), so that "del Grupo Wagner" and
  "группы «Вагнер»" become one mention;
* **what is its dictionary form**: Russian and Ukrainian decline names
  (``Пригожина``, ``Вагнера``, ``Сергея``: `cyrillic_stems`), Arabic script attaches
  conjunctions and prepositions (``والظواهري``: `arabic_bases`), Korean attaches
  particles (``김정은은``: `korean_name_prefixes`). Each word yields candidate base
  forms; the gazetteer keeps those that are listed name parts, so no stemmer has to be
  right on its own.

`tokenize_text` returns every word; `tokenize_names` only the words that can be name
parts in capitalised prose (a third of a news text), which is what makes scanning a
megabyte a second possible in Python.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple


class Script(StrEnum):
    """Script families the detector treats differently."""

    LATIN = "latin"
    CYRILLIC = "cyrillic"
    GREEK = "greek"
    ARMENIAN = "armenian"
    GEORGIAN = "georgian"
    ARABIC = "arabic"
    HEBREW = "hebrew"
    HANGUL = "hangul"
    HAN = "han"
    KATAKANA = "katakana"
    HIRAGANA = "hiragana"
    THAI = "thai"
    OTHER = "other"


#: Scripts with upper and lower case: capitals mark proper names.
CASED: frozenset[Script] = frozenset({Script.LATIN, Script.CYRILLIC, Script.GREEK, Script.ARMENIAN})
#: Scripts written without spaces between words: names are found by look-up only.
UNSPACED: frozenset[Script] = frozenset({Script.HAN, Script.KATAKANA, Script.HIRAGANA, Script.THAI})

_COMBINING = "\u0300-\u036f"
_SCRIPT_CLASSES: tuple[tuple[Script, str], ...] = (
    (
        Script.LATIN,
        f"A-Za-z\u00aa\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff{_COMBINING}",
    ),
    (
        Script.CYRILLIC,
        f"\u0400-\u0482\u0483-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f{_COMBINING}",
    ),
    (
        Script.GREEK,
        f"\u0370-\u0373\u0376\u0377\u037b-\u037d\u037f\u0386\u0388-\u03ff\u1f00-\u1fff{_COMBINING}",
    ),
    (Script.ARMENIAN, "\u0531-\u0556\u0561-\u0587"),
    (Script.GEORGIAN, "\u10a0-\u10ff\u1c90-\u1cbf"),
    (Script.HEBREW, "\u0591-\u05c7\u05d0-\u05ea\u05f0-\u05f2\ufb1d-\ufb4f"),
    (
        Script.ARABIC,
        "\u0620-\u065f\u066e-\u06d3\u06d5-\u06dc\u06df-\u06e8\u06ea-\u06ef\u06fa-\u06ff"
        "\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc",
    ),
    (Script.HANGUL, "\uac00-\ud7a3\u1100-\u11ff\u3131-\u318e"),
    (Script.HAN, "\u3005\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"),
    (Script.KATAKANA, "\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f"),
    (Script.HIRAGANA, "\u3041-\u3096\u309d-\u309f"),
    (Script.THAI, "\u0e01-\u0e3a\u0e40-\u0e4e"),
)
_TOKEN_RE = re.compile(
    "|".join(f"(?P<{script.name}>[{chars}]+)" for script, chars in _SCRIPT_CLASSES)
    + r"|(?P<OTHER>[^\W\d_]+)"
)
_SCRIPT_BY_GROUP: dict[str, Script] = {s.name: s for s in Script}


class Token(NamedTuple):
    """A run of letters of one script, with its offsets in the original text."""

    start: int
    end: int
    text: str
    script: Script


def tokenize_text(text: str) -> list[Token]:
    """Every letter run of ``text`` with its script; digits and punctuation are gaps."""
    by_group = _SCRIPT_BY_GROUP
    return [
        Token(m.start(), m.end(), m.group(), by_group[m.lastgroup or "OTHER"])
        for m in _TOKEN_RE.finditer(text)
    ]


def _char_class(ranges: str, keep: Callable[[str], bool]) -> str:
    """A regex character class body of the characters of ``ranges`` (a class body
    of single characters and ``a-b`` ranges) for which ``keep`` holds."""
    chars: list[int] = []
    i = 0
    while i < len(ranges):
        if i + 2 < len(ranges) and ranges[i + 1] == "-":
            chars.extend(range(ord(ranges[i]), ord(ranges[i + 2]) + 1))
            i += 3
        else:
            chars.append(ord(ranges[i]))
            i += 1
    kept = sorted(c for c in set(chars) if keep(chr(c)))
    out: list[str] = []
    j = 0
    while j < len(kept):
        k = j
        while k + 1 < len(kept) and kept[k + 1] == kept[k] + 1:
            k += 1
        out.append(re.escape(chr(kept[j])) + ("-" + re.escape(chr(kept[k])) if k > j else ""))
        j = k + 1
    return "".join(out)


def _is_upper(ch: str) -> bool:
    return ch.isupper() or ch.istitle()


_CASED_CLASSES = {script: chars for script, chars in _SCRIPT_CLASSES if script in CASED}
_UNCASED_SPACED = (Script.ARABIC, Script.HEBREW, Script.GEORGIAN, Script.HANGUL)
_ALL_CASED = "".join(_CASED_CLASSES.values())
_LOWER_CASED = _char_class(_ALL_CASED, str.islower)

_CAP_WORD = re.compile(f"\\b[{_char_class(_ALL_CASED, _is_upper)}][{_ALL_CASED}]*")
_UNCASED_WORD = re.compile(
    "[" + "".join(chars for script, chars in _SCRIPT_CLASSES if script in _UNCASED_SPACED) + "]+"
)
_ATTACHED_WORD = re.compile(f"[-\u2010\u2011]([{_LOWER_CASED}][{_ALL_CASED}]*)")
_LOWER_START = re.compile(f"(?<![{_ALL_CASED}])[{_LOWER_CASED}]")
_SCRIPT_MATCHERS = [(script, re.compile(f"[{chars}]")) for script, chars in _SCRIPT_CLASSES]
_SCRIPT_OF_CHAR: dict[str, Script] = {}


def _script_of(ch: str) -> Script:
    """The script of a letter (memoized)."""
    found = _SCRIPT_OF_CHAR.get(ch)
    if found is None:
        found = next((s for s, rx in _SCRIPT_MATCHERS if rx.match(ch)), Script.OTHER)
        _SCRIPT_OF_CHAR[ch] = found
    return found


def tokenize_names(text: str) -> tuple[list[Token], bool]:
    """The tokens that can be part of a name, and whether the text uses capitals.

    In text written with capitals (news, reports) only capitalised words, words of
    scripts without case that separate words with spaces, lower-case particles and
    descriptors, and words attached by a hyphen (``Jong-un``) can be name parts; the
    other words only separate names, which the gaps between the returned tokens
    show. In text without capitals (chat, normalized input) every word is returned.
    Four simple expressions find them: one alternation of everything is several
    times slower with Python's regular expression engine.
    """
    script_of = _script_of
    new = tuple.__new__  # a Token without the Python-level NamedTuple constructor
    tokens: list[Token] = [
        new(Token, (m.start(), m.end(), m.group(), script_of(m.group()[0])))
        for m in _CAP_WORD.finditer(text)
    ]
    caps = len(tokens)
    if caps < UNCASED_TEXT_SHARE * text.count(" "):
        lower = len(_LOWER_START.findall(text))
        if lower and caps < UNCASED_TEXT_SHARE * (caps + lower):
            return tokenize_text(text), False
    for rx in (_UNCASED_WORD, _JOINER_WORD):
        tokens.extend(
            new(Token, (m.start(), m.end(), m.group(), script_of(m.group()[0])))
            for m in rx.finditer(text)
        )
    for m in _ATTACHED_WORD.finditer(text):
        tokens.append(Token(m.start(1), m.end(1), m.group(1), script_of(m.group(1)[0])))
    tokens.sort()
    return tokens, True


#: Below this share of capitalised words a text is taken to be written without
#: capitals (chat, normalized input): every word may then be a name part.
UNCASED_TEXT_SHARE = 0.02


# -- gaps between tokens ---------------------------------------------------------------

#: Characters that may separate two parts of one name: spaces, hyphens, apostrophes,
#: quotes (``ЧВК «Вагнер»``, ``PRIVATE MILITARY COMPANY 'WAGNER'``), the Japanese
#: middle dot (``ウラジーミル・プーチン``) and a period after an initial.
_JOINING_GAP = re.compile(
    "[ \t\u00a0\u2009\u202f\u3000\\-\u2010\u2011\u2012\u2013"
    "'\u2019\u02bc\u2018\"\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a\u300c\u300d\u30fb\u00b7.]*"
)
_LINE_BREAK = re.compile(r"\r?\n")


def joins(gap: str) -> bool:
    """True when ``gap`` (the text between two tokens) can sit inside one name.

    A single line break is accepted (text extracted from PDFs wraps names); a
    blank line, a comma, a colon, brackets or a period followed by a space are
    not. A period is accepted only right after an initial (checked by the caller).
    """
    if not gap:
        return True
    if len(gap) > 6:
        return False
    if "\n" in gap:
        if len(_LINE_BREAK.findall(gap)) > 1:
            return False
        gap = gap.replace("\r", "").replace("\n", " ")
    return _JOINING_GAP.fullmatch(gap) is not None


def is_possessive(text: str, end: int) -> int:
    """Length of an English possessive (``'s``, ``’s``, ``'``) right at ``end``, or 0."""
    if end < len(text) and text[end] in "'\u2019":
        nxt = text[end + 1 : end + 2]
        if nxt in ("s", "S") and not text[end + 2 : end + 3].isalpha():
            return 2
        if not nxt.isalpha():
            return 1
    return 0


_SENTENCE_END = frozenset(".!?\u3002\uff01\uff1f\u061f\u2026")
_OPENERS = frozenset("\"'\u201c\u201e\u00ab\u2018(\u2014\u2013-*\u2022")


def sentence_initial(text: str, start: int) -> bool:
    """True when the token at ``start`` opens a sentence, paragraph or the text."""
    i = start - 1
    while i >= 0 and (text[i].isspace() or text[i] in _OPENERS):
        if text[i] == "\n":
            return True
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END or text[i] == ":"


# -- word lists ----------------------------------------------------------------------------

#: Function words (lower-cased) of the languages news is most screened in: a
#: capitalised one opens a sentence or a headline and is not part of a name.
STOPWORDS: frozenset[str] = frozenset(
    """
    a an the and or but nor so yet if then than that this these those there here
    in on at of for to from by with without into onto over under after before
    during since until while when where which who whom whose what why how as
    about against among between through per via also however meanwhile moreover
    he she it its they them their his her hers we our us you your i me my mine
    is are was were be been being has have had do does did will would shall
    should can could may might must not no yes all any some many most much more
    each every both either neither other such only just even still already
    mr mrs ms dr sir madam
    monday tuesday wednesday thursday friday saturday sunday
    january february march april june july august september october november december
    today yesterday tomorrow according last next earlier later
    el la los las lo un una unos unas y o u pero sino que como cuando donde
    en con sin por para según tras desde hasta durante sobre entre hacia ante
    este esta estos estas ese esa esos esas aquel su sus mi tu nuestro
    también además sin embargo según el lunes martes miércoles jueves viernes
    sábado domingo enero febrero marzo abril mayo junio julio agosto septiembre
    octubre noviembre diciembre
    le les une des du et ou mais dans pour par avec sans selon après avant
    ce cette ces il elle ils elles son sa ses leur leurs lors aussi
    der die das ein eine einer und oder aber im am auf mit nach vor bei von zu
    für laut dem den des er sie es wir ihr sein seine
    il lo gli le una uno del della dei delle nel nella per con dopo
    в во на по с со к ко о об от до из за для без при и а но или что как
    это этот эта эти тот та те он она оно они его ее её их мы вы я
    также однако после перед во время уже ещё еще не ни да нет
    у з із від та й але що як це він вона вони його її їх ми ви
    також після перед під над між
    في من على إلى الى عن مع أن إن ان لا ما لم لن قد كان كانت يكون هذا هذه ذلك
    تلك التي الذي الذين هو هي هم نحن أو او ثم حتى بعد قبل عند منذ خلال بين حول
    ضد عبر كل بعض غير أي قال قالت وقال وقالت وكان وكانت وأن وفي ومن وعلى إنه أنه
    كما أيضا يوم عام أمس اليوم وهو وهي وهذا لكن بل إذا اذا حيث وقد فقد لقد
    של את על עם זה זאת הוא היא הם אם כי לא גם אבל או אחרי לפני בין כל אמר
    """.split()
)

#: Titles and roles written before a name ("Defence Minister Sergei Shoigu",
#: "Президент Владимир Путин"): they end a run, so the title is never taken for a
#: name part ("Minister" resembles the "MINISTRY" of many listed names).
TITLES: frozenset[str] = frozenset(
    """
    minister ministers president vice prime premier chancellor secretary chairman
    chairwoman chairperson leader spokesman spokeswoman spokesperson ambassador envoy
    governor mayor commander chief director ceo founder king queen prince princess
    emperor sheikh senator deputy adviser advisor official officials
    ministro ministra presidente líder lider jefe jefa portavoz embajador gobernador
    fundador director directora primer
    ministre président présidente chef porte-parole ambassadeur fondateur
    präsident präsidentin kanzler sprecher
    министр министра министру министром президент президента президенту президентом
    глава главы лидер лидера основатель основателя генерал генерала премьер
    спикер посол губернатор командующий директор
    міністр президент голова засновник
    الوزير وزير الرئيس رئيس الأمير أمير الملك ملك السفير سفير المتحدث متحدث زعيم
    القائد قائد مدير المدير مؤسس الجنرال اللواء العقيد النائب نائب
    """.split()
)

#: Words that join parts of one person name, lower-cased (``bin``, ``al``, ``de``…).
PARTICLES: frozenset[str] = frozenset(
    "al el ad ar as ash at az ul bin ben bint ibn ibnu abu abou umm ould uld wuld "
    "de del della dei di da das dos do du des la le van ver von vom zu der den ter "
    "y e mac mc".split()
)

#: Organisation descriptors a journalist adds to or translates in a listed name,
#: as (lower-case word or stem, class): ``group`` words become ``group``, private
#: military company abbreviations ``mil`` (the class the name normalizer folds
#: ``PRIVATE MILITARY COMPANY`` into). Cyrillic entries are stems: every case form
#: of ``группа`` (``группы``, ``группой``…) is a descriptor.
_DESCRIPTOR_WORDS: dict[str, str] = {
    "group": "group",
    "groups": "group",
    "grupo": "group",
    "groupe": "group",
    "gruppe": "group",
    "gruppo": "group",
    "grup": "group",
    "grupa": "group",
    "grupy": "group",
    "grupă": "group",
    "gruppa": "group",
    "ομάδα": "group",
    "pmc": "mil",
    "чвк": "mil",
    "пвк": "mil",
    "chvk": "mil",
}
_DESCRIPTOR_STEMS: tuple[tuple[str, str], ...] = (
    ("групп", "group"),
    ("груп", "group"),
)
#: The word a descriptor class is written as in a query variant.
DESCRIPTOR_WORD: dict[str, str] = {"group": "Group", "mil": "PMC"}


def descriptor_class(word: str) -> str | None:
    """The class of an organisation descriptor (``group``, ``mil``), or None."""
    low = word.lower()
    cls = _DESCRIPTOR_WORDS.get(low)
    if cls is not None:
        return cls
    for stem, stem_cls in _DESCRIPTOR_STEMS:
        if low.startswith(stem) and len(low) <= len(stem) + 3:
            return stem_cls
    return None


#: Lower-case words that may sit inside a name (particles, descriptors), longest
#: first for the alternation; Cyrillic descriptor stems are matched as ``груп…``.
_LOWER_JOINERS = sorted(PARTICLES | set(_DESCRIPTOR_WORDS), key=lambda w: (-len(w), w))
_JOINER_FIRST = "".join(sorted({w[0] for w in _LOWER_JOINERS} | {"г"}))
_JOINER_WORD = re.compile(
    f"(?<![{_ALL_CASED}])(?=[{_JOINER_FIRST}])(?:{'|'.join(_LOWER_JOINERS)}|груп[а-яіїєґ]*)"
    f"(?![{_ALL_CASED}])"
)

# -- morphology ------------------------------------------------------------------------------

#: Russian, Ukrainian and Belarusian case endings of nouns, names and adjectives,
#: longest first.
_CYRILLIC_ENDINGS: tuple[str, ...] = (
    "ого", "его", "ому", "ему", "ыми", "ими", "ами", "ями", "ові", "еві", "єві",
    "ой", "ей", "ый", "ий", "ым", "им", "ом", "ем", "ою", "ею", "єю", "ую", "юю",
    "ая", "яя", "ах", "ях", "ов", "ев", "ів",
    "а", "я", "у", "ю", "е", "є", "ы", "и", "і", "ї",
)  # fmt: skip
#: What a stem may have ended with in the nominative, with the romanizations of that
#: ending (romanizing the stem once and appending these is much cheaper than
#: romanizing every reconstructed word, and Cyrillic romanizes letter by letter).
CYRILLIC_TAILS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("", ("",)),
    ("й", ("y", "i", "j")),
    ("ий", ("iy", "ii", "ij", "y", "i")),
    ("ь", ("",)),
    ("а", ("a",)),
    ("я", ("ya", "ia", "ja", "a")),
)
_MIN_STEM = 3

#: Arabic proclitics written into the next word: "and", "so", then "with", "for", "like".
_ARABIC_CONJ = ("و", "ف")
_ARABIC_PREP = ("ب", "ل", "ك")


@lru_cache(maxsize=100_000)
def cyrillic_stems(word: str) -> tuple[str, ...]:
    """Stems of a Cyrillic word once a case ending is cut (``Пригожина`` →
    ``Пригожин``, ``Пригожи``…); the caller appends `CYRILLIC_TAILS` and keeps
    the forms that are listed name parts, so no stemmer has to be right alone."""
    low = word.lower()
    out: list[str] = []
    for ending in _CYRILLIC_ENDINGS:
        if low.endswith(ending) and len(low) - len(ending) >= _MIN_STEM:
            stem = word[: len(word) - len(ending)]
            if stem not in out:
                out.append(stem)
    return tuple(out)


def arabic_bases(word: str) -> tuple[str, ...]:
    """An Arabic word without the conjunction and preposition written into it
    (``والظواهري`` → ``الظواهري``; ``للظواهري`` → ``الظواهري``)."""
    out: list[str] = []
    rest = word
    if rest.startswith(_ARABIC_CONJ) and len(rest) > 3:
        rest = rest[1:]
        out.append(rest)
    if rest.startswith("لل") and len(rest) > 4:
        out.append("ال" + rest[2:])
    elif rest.startswith(_ARABIC_PREP) and len(rest) > 3:
        out.append(rest[1:])
    return tuple(out)


# -- Korean names ------------------------------------------------------------------------------

#: Common Korean family names written in Hangul (South and North Korean spellings:
#: 이/리, 노/로, 나/라, 양/량, 임/림…). Rare family names that are also frequent
#: first syllables of ordinary words (시, 사, 가, 소…) are left out on purpose.
KOREAN_SURNAMES: frozenset[str] = frozenset(
    """
    김 이 리 박 최 정 강 조 윤 장 임 림 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 량
    손 배 백 허 남 심 노 로 하 곽 성 차 주 우 구 민 진 나 라 지 엄 채 원 천 방 공 현 함
    변 염 렴 여 려 추 도 석 선 설 마 길 연 련 위 표 명 기 반 왕 금 옥 육 륙 인 맹 제
    모 탁 국 봉 태
    남궁 황보 제갈 선우 독고 사공 서문
    """.split()
)

#: Korean particles and endings written onto a noun (longest first).
HANGUL_PARTICLES: tuple[str, ...] = (
    "에게서", "으로서", "으로써", "이라고", "에서는", "에게는", "께서는",
    "에서", "에게", "께서", "한테", "으로", "로서", "부터", "까지", "처럼", "보다",
    "과의", "와의", "이다", "이며", "이고", "에는", "와는", "과는", "라고", "이라",
    "은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "도", "로", "만", "측", "씨",
)  # fmt: skip
_HANGUL_PARTICLE_SET = frozenset(HANGUL_PARTICLES)


def korean_name_prefixes(word: str) -> list[int]:
    """Lengths of the prefixes of a Hangul word that can be a full Korean name —
    a family name and a two-syllable given name (3 syllables, 4 with a
    two-syllable family name) — followed only by a particle or nothing:
    ``김정은은`` → [3], ``김정은`` → [3]. One-syllable given names are left out:
    two syllables match too many ordinary words."""
    out: list[int] = []
    for size in (4, 3):
        if size > len(word):
            continue
        rest = word[size:]
        if rest and rest not in _HANGUL_PARTICLE_SET:
            continue
        head = word[:size]
        if (size == 4 and head[:2] in KOREAN_SURNAMES) or (
            size == 3 and head[:1] in KOREAN_SURNAMES
        ):
            out.append(size)
    return out


def korean_surname_alone(word: str) -> str | None:
    """The family name when a Hangul word is only a family name and a particle
    (``김``, ``김은``): a later mention of someone named earlier in full. ``김씨``
    ("Mr Kim") is not: the honorific 씨 marks a private person, never a leader named
    earlier."""
    for size in (2, 1):
        head, rest = word[:size], word[size:]
        if head in KOREAN_SURNAMES and (not rest or rest in _HANGUL_PARTICLE_SET):
            return None if rest.startswith("씨") else head
    return None
