"""Canada Consolidated Autonomous Sanctions List, XML (``<data-set><record>``).

Official address: https://www.international.gc.ca/world-monde/assets/office_docs/
international_relations-relations_internationales/sanctions/sema-lmes.xml (Global
Affairs Canada). It lists the persons, entities and ships designated under the Special
Economic Measures Act (SEMA) regulations and the Justice for Victims of Corrupt Foreign
Officials Act (JVCFOA). Updated whenever regulations are amended, typically several
times a month for Russia. The file carries no date of its own: `ParseResult.published`
is the latest ``DateOfListing`` in it, a proxy for the publication date.

Format: flat ``<record>`` elements with optional children ``Country``, ``LastName``,
``GivenName``, ``EntityOrShip``, ``TitleOrShip``, ``ShipIMONumber``,
``DateOfBirthOrShipBuildDate``, ``Aliases``, ``Schedule``, ``Item``, ``DateOfListing``.

Record id: the file has no id field. A designation is identified in law by its
regulations (``Country``, which names the country or, for JVCFOR and the thematic
regimes, the regulations), the schedule part and the item number, so the record id is
``<regime>-<schedule>-<item>``: ``russia-s1p1-185`` (Russia, Schedule 1, Part 1, item
185), ``myanmar-burma-p2-24``, ``jvcfor-12`` (no schedule given). Regime is the
English half of the bilingual ``Country`` value as a slug, or its acronym in brackets
when it has one (``JVCFOR``); schedule ``1, Part 1.1`` → ``s1p1.1``, ``Part 2`` →
``p2``, ``1.1`` → ``s1.1``. The ids are unique over the 2025-03-20 file (4,759 records,
checked by the tests). Should two different records ever share one, the later gets
``~2`` appended and is counted in ``skipped`` as ``record id collision`` (an exact repeat
is dropped as ``duplicate record``), so no designation is lost. Items are stable while a
designation stands: Canada repeals a delisted item rather than renumbering, but an item
moved to another part (or a regulation renumbered) gets a new id.

Field mapping:

- ``LastName``/``GivenName`` → Person: ``name`` = ``GivenName LastName``, ``lastName``,
  ``firstName`` (given names as published; for Russian and Belarusian names they include
  the patronymic).
- ``EntityOrShip`` with ``ShipIMONumber`` → Vessel: ``name``, ``imoNumber``, ``type`` =
  ``TitleOrShip``, ``buildDate`` = ``DateOfBirthOrShipBuildDate``; without → Organization.
  A trailing ``(also known as X, Y)`` in the name becomes aliases.
- ``TitleOrShip`` of a person → ``title`` (ranks and forms of address: "Brigadier",
  "Dr."; `embargo.sources.names`); ``DateOfBirthOrShipBuildDate`` → ``birthDate``
  (``1965-07-15 OR 1969-09-28`` gives two).
- ``Aliases`` → ``alias``, split as described below; ``lang`` = the language its label
  names (``Russian:`` → ``rus``, ``Belarusian:`` → ``bel``, ``Arabic:`` → ``ara``),
  else the script of its letters (``Cyrl``, ``Arab``…).
- ``Country`` → ``program`` (as published); ``DateOfListing`` → ``listingDate``;
  ``Schedule``/``Item`` → ``notes`` (``Schedule 1, Part 1, item 185``, ``Part 2, item 74``),
  the legal citation.

``Aliases`` is free text written by hand. The parser splits it on ``;``, before language
labels (``Russian:``), on `` or ``, on a slash with a space beside it (``Владимир … /
Володимир …``), for persons on `` and ``, and on commas, except a comma before a
legal-form abbreviation (``Море Река Сервис, ООО`` stays whole) and, for persons, the
comma of ``word, several words`` (``Sergei, Serhii SHERBAKOV``, variants of one name;
``Баранов, Олег Анатольевич``, surname first), which stays one name. Organisation names
contain `` and `` too often (``Research and Production Corporation``) to split on it, so
``Zlatmash and Zlatoust Factory …`` stays one alias. A one-word piece on a person
(``Манахимова``, a variant surname; ``Hemedti``, a nickname) becomes a ``weakAlias``: it is
not a full name. Some splits stay wrong (``Russian Air, Space Forces`` is one name); the
rules favour keeping text together over inventing short aliases.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import ClassVar

from lxml import etree
from normality import slugify

from embargo.model.entity import Entity
from embargo.model.scripts import language_code, script_code
from embargo.model.values import collapse_spaces
from embargo.sources.base import ParseResult, SourceParser
from embargo.sources.identifiers import imo_number
from embargo.sources.xml_records import require_root
from embargo.sources.xmlutil import iter_records, local_name, root_element

ROOT = "data-set"
RECORDS = frozenset({"record"})

#: Legal-form abbreviations that follow a comma inside one name (``АО "ТБК", АО``).
LEGAL_FORMS = frozenset(
    {
        "ао", "ооо", "оао", "пао", "зао", "нао", "фгуп", "фгбу", "гуп", "ано",
        "ao", "ooo", "oao", "pao", "zao", "jsc", "ojsc", "pjsc", "cjsc", "llc", "ltd",
        "limited", "inc", "gmbh", "fsue", "sc", "plc", "llp", "co", "co ltd", "sa", "bv",
    }
)  # fmt: skip

_LABEL = re.compile(
    r"\b(Russian|Belarusian|Belarussian|Ukrainian|Arabic|Persian|Farsi|Chinese|Korean)\s*:\s*",
    re.I,
)
_OR = re.compile(r"\s+or\s+", re.I)
_SLASH = re.compile(r"\s+/\s*|\s*/\s+")  # "Владимир … / Володимир …", not "Products/Entreprise"
_AND = re.compile(r"\s+and\s+", re.I)
_AKA = re.compile(r"\s*\(\s*also\s+known\s+as\s+(?P<aka>[^)]*)(?P<close>\))?\s*$", re.I)
_LINE_HYPHEN = re.compile(r"-\s*\n\s*")
_SCHEDULE = re.compile(r"^(?:(?P<s>\d+(?:\.\d+)?)\s*,?\s*)?(?:Part\s*(?P<p>\d+(?:\.\d+)?))?$", re.I)
_ACRONYM = re.compile(r"\(([A-Z]{2,})\)")


def clean_text(value: str | None) -> str | None:
    """Collapse whitespace, re-joining words hyphenated at a line break (``Almaz-\\nAntey``)."""
    if value is None:
        return None
    value = collapse_spaces(_LINE_HYPHEN.sub("-", value)).strip(" ;")
    return value or None


def regime_key(country: str) -> str:
    """Id part for the ``Country`` field: ``Russia / Russie`` → ``russia``."""
    english = country.split(" / ")[0]
    acronym = _ACRONYM.search(english)
    if acronym:
        return acronym.group(1).lower()
    return slugify(english) or "unknown"


def schedule_key(schedule: str) -> str:
    """Id part for the ``Schedule`` field: ``1, Part 1.1`` → ``s1p1.1``, ``Part 2`` → ``p2``."""
    value = collapse_spaces(schedule)
    match = _SCHEDULE.match(value)
    if match is None or not (match.group("s") or match.group("p")):
        return slugify(value) or "schedule"
    out = f"s{match.group('s')}" if match.group("s") else ""
    return out + (f"p{match.group('p')}" if match.group("p") else "")


def record_key(country: str, schedule: str | None, item: str) -> str:
    """The derived record id ``<regime>-<schedule>-<item>`` (schedule omitted if none)."""
    parts = [regime_key(country)]
    if schedule:
        parts.append(schedule_key(schedule))
    parts.append(collapse_spaces(item))
    return "-".join(parts)


def citation(schedule: str | None, item: str) -> str:
    """The legal citation: ``Schedule 1, Part 1, item 8``; ``Part 2, item 74``; ``Item 1``."""
    if not schedule:
        return f"Item {item}"
    prefix = "Schedule " if schedule[:1].isdigit() else ""
    return f"{prefix}{schedule}, item {item}"


def _is_legal_form(piece: str) -> bool:
    return piece.strip(" .()").replace(".", "").casefold() in LEGAL_FORMS


def _split_commas(chunk: str, is_person: bool) -> list[str]:
    pieces: list[str] = []
    for raw in chunk.split(","):
        piece = raw.strip()
        if pieces and _is_legal_form(piece):
            pieces[-1] = f"{pieces[-1]}, {piece}"
        elif piece:
            pieces.append(piece)
    if is_person and len(pieces) == 2 and len(pieces[0].split()) == 1 < len(pieces[1].split()):
        # "Sergei, Serhii SHERBAKOV" (variants of one name), "Баранов, Олег Анатольевич"
        # (surname, given names): one name, not two.
        return [chunk.strip()]
    return pieces


def split_aliases(text: str, is_person: bool) -> list[tuple[str, str | None]]:
    """Split the free-text ``Aliases`` field into ``(name, language label)`` pairs.

    See the module docstring for the rules. The label is the language named before
    the name (``Russian: …``), or None.
    """
    value = clean_text(text)
    if value is None:
        return []
    out: list[tuple[str, str | None]] = []
    for part in value.split(";"):
        segments = _LABEL.split(part)
        chunks: list[tuple[str, str | None]] = [(segments[0], None)]
        chunks += [(segments[i + 1], segments[i]) for i in range(1, len(segments) - 1, 2)]
        for chunk, label in chunks:
            alternatives = [a for alt in _OR.split(chunk) for a in _SLASH.split(alt)]
            if is_person:
                alternatives = [a for alt in alternatives for a in _AND.split(alt)]
            for alternative in alternatives:
                for piece in _split_commas(alternative, is_person):
                    name = piece.strip(" ,;:")
                    if name and (name, label) not in out:
                        out.append((name, label))
    return out


class CaSemaXml(SourceParser):
    """Parser of Canada's Consolidated Autonomous Sanctions List XML."""

    NAME: ClassVar[str] = "ca_sema_xml"
    TITLE: ClassVar[str] = "Canada Consolidated Autonomous Sanctions List (SEMA, JVCFOA)"
    LIST_KEY: ClassVar[str] = "ca_sema"
    URL: ClassVar[str | None] = (
        "https://www.international.gc.ca/world-monde/assets/office_docs/"
        "international_relations-relations_internationales/sanctions/sema-lmes.xml"
    )
    FILE_NAMES: ClassVar[tuple[str, ...]] = ("sema-lmes.xml", "ca_sema*.xml")

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        if root_element(head) != (None, ROOT):
            return False
        return b"<record" in head and (b"<DateOfListing>" in head or b"<Schedule>" in head)

    def parse(self, path: Path) -> ParseResult:
        list_key = self.list_key_for(path)
        skipped: Counter[str] = Counter()
        entities: list[Entity] = []
        seen: dict[str, dict[str, str | None]] = {}
        collisions: Counter[str] = Counter()

        def check_root(root: etree._Element) -> None:
            require_root(self, path, root, ROOT)

        for element in iter_records(path, RECORDS, check_root):
            fields = {local_name(child): clean_text(child.text) for child in element}
            country, item = fields.get("Country"), fields.get("Item")
            if country is None or item is None:
                skipped["record without Country or Item"] += 1
                continue
            record_id = record_key(country, fields.get("Schedule"), item)
            if record_id in seen:
                if seen[record_id] == fields:
                    skipped["duplicate record"] += 1
                    continue
                # Two different designations under one citation: keep both, flag it.
                skipped["record id collision"] += 1
                collisions[record_id] += 1
                record_id = f"{record_id}~{collisions[record_id] + 1}"
            seen[record_id] = fields
            entity = self._entity(list_key, record_id, fields, skipped)
            if entity is None:
                skipped["record without a name"] += 1
                continue
            entities.append(entity)

        if not entities:
            raise self.error("no <record> elements with a name found", path)
        dates = [d for e in entities for d in e.get("listingDate")]
        return ParseResult(
            source=self.NAME,
            list_key=list_key,
            published=max(dates) if dates else None,  # the file states no date: proxy
            entities=entities,
            files=[path],
            skipped=skipped,
        )

    @staticmethod
    def _entity(
        list_key: str, record_id: str, fields: dict[str, str | None], skipped: Counter[str]
    ) -> Entity | None:
        last, given = fields.get("LastName"), fields.get("GivenName")
        other = fields.get("EntityOrShip")
        imo = fields.get("ShipIMONumber")
        is_person = bool(last or given)
        if is_person:
            entity = Entity(list_key, record_id, "Person")
            entity.add("name", " ".join(p for p in (given, last) if p))
            entity.add("lastName", last)
            entity.add("firstName", given)
            entity.add("title", fields.get("TitleOrShip"))
        elif other:
            entity = Entity(list_key, record_id, "Vessel" if imo else "Organization")
            aka = _AKA.search(other)
            name = other[: aka.start()] if aka else other
            entity.add("name", name)
            if aka:
                complete = aka.group("close") is not None
                prop = "alias" if complete else "weakAlias"
                note = None if complete else "truncated in the source"
                for alias, _ in split_aliases(aka.group("aka"), is_person=False):
                    entity.add(prop, alias, lang=script_code(alias), note=note)
            if imo:
                if not entity.add("imoNumber", imo_number(imo, bare=True, check_digit=False)):
                    skipped["unreadable ShipIMONumber"] += 1
                entity.add("type", fields.get("TitleOrShip"))
        else:
            return None

        date_prop = "birthDate" if is_person else "buildDate"
        dates = fields.get("DateOfBirthOrShipBuildDate")
        for value in _OR.split(dates) if dates else []:
            if not entity.add(date_prop, value):
                skipped[f"unreadable {date_prop}"] += 1

        for alias, label in split_aliases(fields.get("Aliases") or "", is_person):
            script = script_code(alias)
            lang = (language_code(label) if script else None) or script
            prop = "weakAlias" if is_person and len(alias.split()) < 2 else "alias"
            entity.add(prop, alias, lang=lang)

        country = fields.get("Country")
        entity.add("program", country)
        listed = fields.get("DateOfListing")
        if listed and not entity.add("listingDate", listed):
            skipped["unreadable DateOfListing"] += 1
        entity.add("notes", citation(fields.get("Schedule"), fields.get("Item") or ""))
        return entity
