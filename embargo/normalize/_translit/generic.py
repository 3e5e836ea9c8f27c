"""Scripts without a romanizer of their own: ICU transforms and anyascii.

Each script lists the renderings to try, best first, chosen by measuring them on
names: ICU's BGN/PCGN transforms give list spellings for Greek (Alexis Tsipras),
Armenian and Georgian; for Thai, anyascii's RTGS-like output (thaksin) beats ICU's
ISO 11940 (thaks'in); for Devanagari and other Indic scripts ICU keeps the inherent
vowel (narendra) where anyascii drops it (nrendr). Apostrophes marking ejectives or
aspiration (K'ocharyan) are dropped: lists do not write them.
"""

from __future__ import annotations

from anyascii import anyascii

from embargo.normalize._translit.icu_cache import transliterate
from embargo.normalize._translit.latin import squash, to_ascii

ANYASCII = "anyascii"

#: ISO 15924 code → renderings to try, best first (ICU transform ids or ANYASCII).
PREFERENCES: dict[str, tuple[str, ...]] = {
    "Grek": ("Greek-Latin/BGN", "Greek-Latin/UNGEGN", ANYASCII),
    "Armn": ("Armenian-Latin", "Armenian-Latin/BGN", ANYASCII),
    "Geor": ("Georgian-Latin/BGN", ANYASCII),
    "Thai": (ANYASCII, "Thai-Latin"),
    "Mymr": (ANYASCII, "Myanmar-Latin"),
}
DEFAULT: tuple[str, ...] = ("Any-Latin", ANYASCII)


def render(how: str, chunk: str) -> str:
    """One rendering: an ICU transform id or `ANYASCII`, cleaned to lower-case ASCII."""
    text = anyascii(chunk) if how == ANYASCII else transliterate(how, chunk)
    text = to_ascii(text).lower()
    return squash(text.replace("'", "").replace("~", "").replace("`", ""))


def romanize(chunk: str, script: str) -> tuple[str, ...]:
    """Renderings of a run in ``script`` by each preferred method."""
    return tuple(render(how, chunk) for how in PREFERENCES.get(script, DEFAULT))
