"""Name-related values every list parser reads the same way.

Title or position
    FollowTheMoney has two properties for what lists print next to a person's name:
    ``title`` for a form of address (an honorific, a religious or academic title, a
    rank used as one: "Dr.", "Sheikh", "Maulavi", "Major General") and ``position``
    for a function ("Former Minister of Defense", "Member of the State Duma"). Lists
    label their fields differently (OFAC's "Title" column holds functions; the UN has
    both ``TITLE`` and ``DESIGNATION``), so every parser follows one rule, by what the
    list *means* by a field:

    * a field of functions (OFAC and CSL ``Title``, UN ``DESIGNATION``, UK
      ``Position(s)``, EU ``function``, Japan MOF 役職/肩書) → ``position`` through
      `add_function`, except a value made only of honorifics (OFAC's "Dr",
      "Maulawi; Mullah") → ``title``, one value per honorific;
    * a field of forms of address (UN ``TITLE``, UK ``Title(s)``, EU ``title``,
      Japan MOF 称号, DFAT "Title:", Canada ``TitleOrShip`` of a person) → ``title``
      as published.

    FollowTheMoney files (`embargo.sources.ftm_json`) already use both properties and
    are loaded as they are.

Names in two scripts
    `split_script_pair` takes apart ``Jin Tiesan (金铁三)`` (UN aliases, DFAT names).

Gender
    `clean_gender` reads the lists' spellings (``Male``, ``M``, ``female``).

Previous names
    `previously_listed_name` reads the UN's ``(previously listed as)`` tag.

UK name fields
    Both UK lists (OFSI's consolidated list, `embargo.sources.gb_ofsi_xlsx`, and the
    FCDO's UK Sanctions List, `embargo.sources.gb_fcdo_xml`) come from one government
    data model that prints a name in six fields. For a person ``Name 1`` is the given
    name, ``Name 2`` … ``Name 5`` are middle names and ``Name 6`` is the family name;
    `add_uk_name_parts` adds them, so a person on both lists gets the same parts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from embargo.model.entity import Entity
from embargo.model.scripts import script_code

#: Honorifics (forms of address, religious and academic titles), casefolded, without
#: a final period. Checked against the title fields of the bundled lists; ranks are
#: left out on purpose: in a function field "Brigadier General" is the function.
HONORIFICS: frozenset[str] = frozenset(
    """
    dr doctor prof professor
    haji hajji hadji hadj haj hajj alhaj alhaji alhajj al-haj al-hajj al-haji
    mullah mollah mulla maulavi maulawi mawlawi mawlavi maulvi mulawi molvi moulvi
    maulana mawlana sheikh shaykh shaikh sheik cheikh sayyid sayed seyed syed
    imam qari mufti ustad ustadh ustaz ustadz hafiz
    mr mrs ms miss sir dame lord lady
    """.split()
)

_HONORIFIC_SPLIT = re.compile(r"\s*;\s*")


def honorifics_in(text: str | None) -> list[str] | None:
    """The honorifics ``text`` consists of (``"Maulawi; Mullah"`` → both), or None when
    it holds anything else (a function, a rank, a name)."""
    if text is None:
        return None
    parts = [part for part in _HONORIFIC_SPLIT.split(" ".join(text.split())) if part]
    if not parts or any(part.casefold().rstrip(".") not in HONORIFICS for part in parts):
        return None
    return parts


def add_function(entity: Entity, text: str | None, *, note: str | None = None) -> bool:
    """Add a value of a list's *function* field: ``position``, or ``title`` (one value
    per honorific) when it is only honorifics. Returns False for an empty value."""
    honorifics = honorifics_in(text)
    if honorifics is not None:
        added = [entity.add("title", part, note=note) for part in honorifics]
        return all(added)
    return entity.add("position", text, note=note)


# "Jin Tiesan (金铁三)", "حسن غول (Hassan Ghul; Hassan Gul)", "X (original script: Х)",
# with ASCII or full-width parentheses (Japanese and Chinese lists use both).
_SCRIPT_PAIR = re.compile(
    r"^(?P<outer>[^()（）]+?)\s*[(（](?:original script:\s*)?(?P<inner>[^()（）]+)[)）][\s,.;]*$",
    re.IGNORECASE,
)


def split_script_pair(name: str) -> list[str]:
    """Split a name that pairs spellings in two scripts into its spellings.

    ``Jin Tiesan (金铁三)`` → ``["Jin Tiesan", "金铁三"]``; the part in parentheses
    may list several spellings separated by ``;`` (``حسن غول (Hassan Ghul; Hassan
    Gul)``) or start with ``original script:``. Only when the two parts are written in
    different scripts: ordinary parentheses (``Al-Nusrah Front (ANF)``, ``Delta
    Engineering (DEC)``) stay part of the name.
    """
    match = _SCRIPT_PAIR.match(name)
    if match is None:
        return [name]
    outer, inner = match.group("outer").strip(), match.group("inner").strip()
    if not outer or not inner or script_code(outer) == script_code(inner):
        return [name]
    parts = [outer, *(part.strip() for part in inner.split(";"))]
    return [part for part in parts if part]


#: Gender values as lists print them (UN "Male", EU "M", UK "Female"…).
GENDERS: dict[str, str] = {"male": "male", "m": "male", "female": "female", "f": "female"}


def clean_gender(text: str | None) -> str | None:
    """``male`` or ``female`` for a published gender, None for anything else.

    The model stores FtM's two values only; a list's "Unknown" or a typo is counted
    by the parser rather than stored as a third gender.
    """
    if text is None:
        return None
    return GENDERS.get(text.strip().rstrip(".").casefold())


_PREVIOUSLY_LISTED = re.compile(r"\s*\((?:previously|formerly) listed as\)\s*$", re.IGNORECASE)


def previously_listed_name(name: str) -> str | None:
    """The name without its ``(previously listed as)`` / ``(formerly listed as)`` tag,
    or None when it has none.

    UN-derived lists (Australia DFAT, Japan MOF) mark a name the party was listed
    under before this way; it is a ``previousName``, not a current alias.
    """
    if _PREVIOUSLY_LISTED.search(name) is None:
        return None
    return _PREVIOUSLY_LISTED.sub("", name)


def add_uk_name_parts(entity: Entity, parts: Sequence[str | None]) -> None:
    """Add a person's six UK name fields (``Name 1`` … ``Name 6``, in order) as
    ``firstName`` (1), ``middleName`` (2 to 5) and ``lastName`` (6)."""
    entity.add("firstName", parts[0])
    for middle in parts[1:5]:
        entity.add("middleName", middle)
    entity.add("lastName", parts[5])
