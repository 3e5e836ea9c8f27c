"""Han characters: Mandarin pinyin, Wade–Giles, and the Sino-Korean reading.

* **Pinyin** comes from ICU's Han-Latin transform (tones dropped), one token per
  syllable (习近平 → "xi jin ping"). A single word of two to four characters is
  read with ICU's ``Han-Latin/Names``, which knows the surname readings (单 → shan,
  曾 → zeng).
* **Wade–Giles** (Taiwan, Hong Kong and older Western usage: "chang an" for 長安) is
  derived from each pinyin syllable by rule, aspiration apostrophes dropped.
* **Korean**: the DPRK entries on sanctions lists give names in Hanja (金正恩). Each
  character is mapped to its Sino-Korean reading in Hangul with the table generated
  from ICU's Korean collation (``data.hanja_readings``), then romanized as a Korean
  name (金正恩 → 김정은 → "kim jong un"). The table holds the original readings
  (李 → 리, 柳 → 류), which is the North Korean form; the South Korean spellings
  (Lee, Yu) come from the surname table.

Japanese kanji names cannot be read without a dictionary (a character has several
readings chosen by word); they get the Mandarin readings above, which rarely match a
Japanese list spelling. Kana is handled in `kana`.
"""

from __future__ import annotations

from embargo.normalize._translit import hangul
from embargo.normalize._translit.data import hanja_readings
from embargo.normalize._translit.icu_cache import transliterate
from embargo.normalize._translit.latin import squash, to_ascii

_WG_INITIALS = (
    ("zh", "ch"), ("ch", "ch"), ("sh", "sh"), ("b", "p"), ("p", "p"), ("m", "m"),
    ("f", "f"), ("d", "t"), ("t", "t"), ("n", "n"), ("l", "l"), ("g", "k"), ("k", "k"),
    ("h", "h"), ("j", "ch"), ("q", "ch"), ("x", "hs"), ("r", "j"), ("z", "ts"),
    ("c", "ts"), ("s", "s"), ("y", "y"), ("w", "w"),
)  # fmt: skip
_WG_WHOLE = {
    "zhi": "chih", "chi": "chih", "shi": "shih", "ri": "jih", "zi": "tzu", "ci": "tzu",
    "si": "ssu", "er": "erh", "yi": "i", "you": "yu", "yan": "yen", "ye": "yeh",
    "yong": "yung", "e": "o", "ge": "ko", "ke": "ko", "he": "ho",
}  # fmt: skip
#: Initials after which pinyin "uo" is written "o" in Wade–Giles (duo → to).
_WG_UO_TO_O = frozenset({"d", "t", "n", "l", "z", "c", "s", "zh", "ch", "r"})


def wade_giles(syllable: str) -> str:
    """The Wade–Giles spelling (apostrophes and umlauts dropped) of a pinyin syllable."""
    if syllable in _WG_WHOLE:
        return _WG_WHOLE[syllable]
    if not syllable.isalpha():
        return syllable
    initial, wg_initial = "", ""
    for pinyin, wg in _WG_INITIALS:
        if syllable.startswith(pinyin):
            initial, wg_initial = pinyin, wg
            break
    final = syllable[len(initial) :]
    if not final:
        return syllable
    if final == "ong":
        final = "ung"
    elif final == "iong":
        final = "iung"
    elif final == "ian":
        final = "ien"
    elif final == "ie":
        final = "ieh"
    elif final == "uo" and initial in _WG_UO_TO_O:
        final = "o"
    elif final == "ui" and initial in ("g", "k"):
        final = "uei"
    return wg_initial + final


def pinyin(chunk: str) -> str:
    """Toneless pinyin of ``chunk``, one token per syllable."""
    words = chunk.split()
    transform = "Han-Latin/Names" if len(words) == 1 and 2 <= len(words[0]) <= 4 else "Han-Latin"
    return squash(to_ascii(transliterate(transform, chunk)).lower())


def korean_reading(chunk: str) -> str | None:
    """The Hangul reading of a Hanja text, or None if a character has no reading."""
    readings = hanja_readings()
    out: list[str] = []
    for ch in chunk:
        if ch.isspace() or not ch.isalpha():
            out.append(ch)
            continue
        reading = readings.get(ch)
        if reading is None:
            return None
        out.append(reading)
    return "".join(out)


def romanize(chunk: str) -> tuple[str, ...]:
    """Pinyin, Wade–Giles, then the Korean readings of a Han run."""
    mandarin = pinyin(chunk)
    out = [mandarin, " ".join(wade_giles(syllable) for syllable in mandarin.split())]
    korean = korean_reading(chunk)
    if korean is not None:
        out.extend(hangul.romanize(korean))
    return tuple(out)
