"""Countries and regions under comprehensive sanctions, found by code or in text.

A payment to a bank in Pyongyang or a news report about a shipment to Sevastopol is
a finding even when no listed party is named. The reviewed table lives in
``embargo/data/jurisdictions.yaml``; this module answers two questions about it:

- `jurisdiction_for_country(code)`: is this ISO country/region code sanctioned
  comprehensively (BIC countries, address countries of payment parties)?
- `find_jurisdictions(text)`: which sanctioned territories does a text mention, and
  where? Terms are matched case-insensitively on word boundaries in any script, with
  one Aho-Corasick pass over the text; all-capital acronyms (DPRK, ДНР) match only
  in capitals, so "dpr" inside ordinary words or lower-case prose does not fire.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import ahocorasick
import yaml


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """A sanctioned country or region."""

    code: str
    name: str
    status: str
    regimes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class JurisdictionMention:
    """A sanctioned territory named in a text, with its span."""

    jurisdiction: Jurisdiction
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.jurisdiction.code,
            "name": self.jurisdiction.name,
            "status": self.jurisdiction.status,
            "regimes": list(self.jurisdiction.regimes),
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }


def _is_acronym(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return len(letters) <= 5 and all(c.isupper() for c in letters)


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, Jurisdiction], Any]:
    raw = resources.files("embargo.data").joinpath("jurisdictions.yaml").read_text("utf-8")
    entries = yaml.safe_load(raw)
    by_code: dict[str, Jurisdiction] = {}
    automaton = ahocorasick.Automaton()
    for entry in entries:
        jur = Jurisdiction(
            code=str(entry["code"]),
            name=str(entry["name"]),
            status=str(entry["status"]),
            regimes=tuple(str(r) for r in entry.get("regimes", [])),
        )
        by_code[jur.code] = jur
        for term in entry.get("terms", []):
            term = str(term)
            key = term.casefold()
            automaton.add_word(key, (jur.code, len(key), _is_acronym(term)))
    automaton.make_automaton()
    return by_code, automaton


def jurisdiction_for_country(code: str | None) -> Jurisdiction | None:
    """The sanctioned jurisdiction for an ISO code (``kp``, ``ua-cri``), if any."""
    if not code:
        return None
    by_code, _ = _table()
    return by_code.get(code.lower())


def _boundary(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not (after.isalnum() and not _is_cjk(after))


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return 0x3040 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF


def find_jurisdictions(text: str) -> list[JurisdictionMention]:
    """Every mention of a sanctioned territory in ``text``, longest match per span.

    Korean and Chinese terms are accepted when followed by a particle or another
    character (``북한의``), since those scripts do not separate words by spaces.
    """
    by_code, automaton = _table()
    folded = text.casefold()
    if len(folded) != len(text):  # casefold changed lengths (ß → ss): fall back to lower()
        folded = text.lower()
    found: list[JurisdictionMention] = []
    for end_idx, (code, length, acronym) in automaton.iter(folded):
        start, end = end_idx - length + 1, end_idx + 1
        surface = text[start:end]
        if acronym and surface != surface.upper():
            continue
        if not _boundary(text, start, end):
            continue
        found.append(JurisdictionMention(by_code[code], surface, start, end))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    result: list[JurisdictionMention] = []
    last_end = -1
    for mention in found:
        if mention.start >= last_end:
            result.append(mention)
            last_end = mention.end
    return result
