"""Word lists used by name normalization, loaded once from the packaged JSON.

The source of truth is ``resources/names.yml`` (hand-edited, commented); the JSON in
``embargo/normalize/data/`` is generated from it by ``genscripts/build_name_data.py``.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

_DATA: dict[str, Any] = json.loads(
    resources.files("embargo.normalize").joinpath("data/names.json").read_text("utf-8")
)

#: Particles joining person name parts (``al``, ``bin``, ``de``, ``van``…).
PERSON_PARTICLES: frozenset[str] = frozenset(_DATA["person_particles"])
#: Honorifics, titles and generational suffixes (``sheikh``, ``mullah``, ``dr``, ``jr``…).
PERSON_HONORIFICS: frozenset[str] = frozenset(_DATA["person_honorifics"])
#: Function words of organisation names (``of``, ``the``, ``de``, ``and``…).
ORG_STOPWORDS: frozenset[str] = frozenset(_DATA["org_stopwords"])
#: Generic legal-form classes (``llc``, ``jsc``…).
ORG_TYPE_CLASSES: frozenset[str] = frozenset(_DATA["org_type_classes"])
#: Legal forms rigour does not fold: phrase → class.
ORG_TYPES_EXTRA: dict[str, str] = dict(_DATA["org_types_extra"])
#: Abbreviations expanded in organisation names: ``co`` → ``company``; common words
#: romanized from Russian folded to the English word of translated names
#: (``zavod`` → ``plant``).


def _canonical(table: dict[str, str], targets: dict[str, str]) -> dict[str, str]:
    """Follow one step of the synonym table from each target, so that every word of
    a concept folds to the same word ("promyshlennaya" → "industrial" → "industry")."""
    return {word: targets.get(value, value) for word, value in table.items()}


_SYNONYMS: dict[str, str] = {**_DATA["org_translations"], **_DATA["org_synonyms"]}
ORG_SYNONYMS: dict[str, str] = _canonical(_SYNONYMS, _SYNONYMS)
#: Stems of romanized Russian adjectives → the English word (endings removed first).
ORG_TRANSLATION_STEMS: dict[str, str] = _canonical(_DATA["org_translation_stems"], _SYNONYMS)

#: Country codes (ISO alpha-2/-3, FtM territory codes, lower case) → alpha-2 code.
COUNTRY_CODES: dict[str, str] = dict(_DATA["country_codes"])
#: Country names (short and official, lower case, no dots) → code.
COUNTRY_NAMES: dict[str, str] = dict(_DATA["country_names"])

#: Words that carry little weight in a person name.
PERSON_WEAK: frozenset[str] = PERSON_PARTICLES | PERSON_HONORIFICS
#: Words that carry little weight in an organisation or vessel name.
ORG_WEAK: frozenset[str] = ORG_STOPWORDS | ORG_TYPE_CLASSES
