"""OFAC Sanctions List Service ADVANCED_XML (``<Sanctions>``, the UN ASDM data model).

Publication
    ``https://sanctionslistservice.ofac.treas.gov/api/download/SDN_ADVANCED.XML`` (SDN
    list, 100+ MB) and ``…/CONS_ADVANCED.XML`` (Consolidated non-SDN list); formerly
    ``https://www.treasury.gov/ofac/downloads/sanctions/1.0/sdn_advanced.xml``. Updated
    with every OFAC action. Only a trimmed real excerpt is bundled
    (``data/lists/excerpts/ofac_sdn_advanced_excerpt.xml``).

Format
    A normalised relational dump, in this order:

    * ``DateOfIssue`` (Year/Month/Day) → ``published``;
    * ``ReferenceValueSets``: every code table (alias types, name part types, scripts,
      feature types, detail references, countries and area codes, ID document types,
      lists, legal bases, sanctions types, relation types, reliability…);
    * ``Locations``: addresses and countries, referenced by id from features;
    * ``IDRegDocuments``: identity documents and registrations, referencing an
      ``Identity`` of a party;
    * ``DistinctParties``: one ``DistinctParty``/``Profile`` per designation, with its
      ``Identity`` (aliases made of typed name parts) and ``Feature``\\ s;
    * ``ProfileRelationships``: links between profiles;
    * ``SanctionsEntries``: list, entry date, legal basis and program per profile.

    Every reference is resolved against ``ReferenceValueSets``, so the parser reads the
    file in one streaming pass: look-up tables, locations and documents are kept (they
    come first and are small), parties become entities as they are read, relations and
    sanctions entries are attached at the end. Each processed element is freed.

Field mapping (entity id ``us_ofac_sdn-<Profile ID>`` / ``us_ofac_cons-<Profile ID>``;
the profile id is the legacy CSV's ``ent_num``)
    =====================================  =================================================
    ``Profile@PartySubTypeID``             schema: Vessel, Aircraft → Airplane; "Unknown"
                                           sub-type → its PartyType (Individual → Person,
                                           Entity → Organization)
    ``Alias`` type "Name", Primary         ``name`` from the "Primary Latin" documented
                                           name, formatted like the legacy CSV and
                                           ENHANCED_XML: ``LAST NAME, First Middle`` (the
                                           last name / entity name upper-cased, as OFAC
                                           formats it); ``firstName``, ``lastName``
    ``Alias`` A.K.A. / N.K.A. / F.K.A.     ``alias`` / ``alias`` / ``previousName``;
                                           ``LowQuality`` → ``weakAlias``
    non-Latin documented names             same property (``alias`` for the primary
                                           name), ``lang=`` ``Arab``/``Cyrl``/``zho``…;
                                           right-to-left scripts in natural order
                                           ("given last", as ENHANCED_XML prints them)
    ``Feature`` by ``FeatureType``         shared OFAC vocabulary
                                           (`ofac_xml_common.FIELDS`): Birthdate, Place of
                                           Birth, Nationality/Citizenship Country (from
                                           the referenced Location), Gender, vessel and
                                           aircraft facts, digital currency addresses,
                                           Title (``position``, or ``title`` when only
                                           honorifics: `embargo.sources.names`)…;
                                           "Location" → ``address`` and ``country``
    ``IDRegDocument``                      passportNumber, taxNumber, registrationNumber,
                                           idNumber… with ``country=`` the issuing country
                                           and ``note=`` the document type
    ``ProfileRelationship``                ``linkedTo`` on the From profile: the To
                                           profile's primary name, ``note=`` relation type
    ``SanctionsEntry``                     ``sanctionsList`` (List), ``listingDate``
                                           (EntryEvent date), ``authority`` (legal basis,
                                           unless "Unknown"), ``program`` (measures of
                                           type "Program": their comment, e.g. ``SDGT``)
    ``DistinctParty/Comment``              ``notes``
    =====================================  =================================================

Dates
    ``DatePeriod`` is reduced to the precision OFAC means (`reduce_period`): equal
    start and end → the day; 1 Jan–31 Dec of one year → the year (how OFAC stores
    "DOB 1962"); first to last day of one month → the month; whole years → ``1960/1965``;
    otherwise full ISO dates (``1962-03-01/1963-03-31``). The published texts of the
    other formats ("DOB 1960 to 1965", "01 Mar 1962 to 31 Mar 1963") yield the same.

List key
    ``us_ofac_cons`` when no sanctions entry is on the "SDN List" but some are on other
    lists, or when the file name says "cons"; else ``us_ofac_sdn``.

Quirks
    * Features with reliability "False" are skipped and counted. Documents marked
      fraudulent (``ValidityID``) are kept: the number still identifies the holder.
    * Countries "undetermined" are ignored.
    * Locations and documents must precede the parties, as OFAC writes them; a
      reference to one not (yet) read is counted in ``skipped``.
    * The bundled excerpt has an empty ``ProfileRelationships`` (EP-GOL's "Linked To:
      POUYA AIR" is missing there) and an empty ``IDRegDocuments``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import ClassVar

from lxml import etree

from embargo.model.entity import Entity
from embargo.model.values import collapse_spaces
from embargo.sources.base import ParseResult
from embargo.sources.io import open_binary
from embargo.sources.ofac_xml_common import (
    NsReader,
    OfacXmlParser,
    add_address_parts,
    add_spelling,
    alias_note,
    alias_prop,
    apply_field,
    fold_quotes,
    is_rtl_script,
    iter_records,
    person_name,
    record_schema,
    reduce_period,
    script_lang,
    source_line,
)
from embargo.sources.xmlutil import local_name

_ROOT = "Sanctions"
#: The elements read, each when complete (everything else is inside them).
_TAGS = (
    "DateOfIssue",
    "ReferenceValueSets",
    "Location",
    "IDRegDocument",
    "DistinctParty",
    "ProfileRelationship",
    "SanctionsEntry",
)
_SNIFF = re.compile(rb"<Sanctions[\s>]")
_UNDETERMINED = "undetermined"
#: Name part types that hold the whole name of a non-person.
_WHOLE_NAME_PARTS = ("Entity Name", "Vessel Name", "Aircraft Name")
#: Given-name part types, in the order OFAC writes them after the comma.
_GIVEN_PARTS = ("First Name", "Middle Name", "Patronymic", "Matronymic", "Maiden Name")


@dataclass(slots=True)
class _Ref:
    text: str | None
    attrs: dict[str, str]


@dataclass(slots=True)
class _Location:
    parts: dict[str, str]
    country: str | None


@dataclass(slots=True)
class _Document:
    label: str
    number: str | None
    country: str | None


@dataclass(slots=True)
class _State:
    """What one pass keeps between sections of the file."""

    refs: dict[str, dict[str, _Ref]] = field(default_factory=dict)
    locations: dict[str, _Location] = field(default_factory=dict)
    documents: dict[str, list[_Document]] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    relations: list[tuple[str, str, str | None]] = field(default_factory=list)
    lists: Counter[str] = field(default_factory=Counter)

    def ref(self, kind: str, ref_id: str | None) -> _Ref | None:
        if ref_id is None:
            return None
        return self.refs.get(kind, {}).get(ref_id)

    def text(self, kind: str, ref_id: str | None) -> str | None:
        ref = self.ref(kind, ref_id)
        return ref.text if ref is not None else None

    def country(self, country_id: str | None) -> str | None:
        name = self.text("Country", country_id)
        if name is None or name.casefold() == _UNDETERMINED:
            return None
        return name


class OfacAdvancedXml(OfacXmlParser):
    """Parser of OFAC's ADVANCED_XML (``SDN_ADVANCED.XML``, ``CONS_ADVANCED.XML``)."""

    NAME: ClassVar[str] = "us_ofac_advanced_xml"
    TITLE: ClassVar[str] = "OFAC SDN / Consolidated list (Sanctions List Service ADVANCED_XML)"
    URL: ClassVar[str | None] = (
        "https://sanctionslistservice.ofac.treas.gov/api/download/SDN_ADVANCED.XML"
    )
    FILE_NAMES: ClassVar[tuple[str, ...]] = (
        "sdn_advanced.xml",
        "sdn_advanced.xml.gz",
        "cons_advanced.xml",
        "cons_advanced.xml.gz",
    )

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        if _SNIFF.search(head) is None:
            return False
        return b"ADVANCED_XML" in head or b"<ReferenceValueSets" in head

    def parse(self, path: Path) -> ParseResult:
        result = ParseResult(
            source=self.NAME,
            list_key=self.list_key_for(path),
            published=None,
            entities=[],
            files=[path],
        )
        state = _State()
        published_seen = False
        with open_binary(path) as fh:
            wrong_root = self._wrong_root(path, f"ADVANCED_XML <{_ROOT}>")
            for ns, tag, el in iter_records(fh, _ROOT, _TAGS, wrong_root):
                if tag == "DateOfIssue" and not published_seen:
                    result.published = _ymd(ns, el)
                    published_seen = True
                elif tag == "ReferenceValueSets":
                    self._references(el, state)
                elif tag == "Location":
                    self._location(ns, el, state)
                elif tag == "IDRegDocument":
                    self._document(ns, el, state)
                elif tag == "DistinctParty":
                    self._party(ns, el, state, result.list_key, result.skipped, path)
                elif tag == "ProfileRelationship":
                    state.relations.append(
                        (
                            el.get("From-ProfileID") or "",
                            el.get("To-ProfileID") or "",
                            state.text("RelationType", el.get("RelationTypeID")),
                        )
                    )
                elif tag == "SanctionsEntry":
                    self._entry(ns, el, state, result.skipped)
        if not state.refs and state.entities:
            raise self.error("ReferenceValueSets is missing: references cannot be read", path)
        orphans = sum(len(docs) for docs in state.documents.values())
        if orphans:
            result.skipped["IDRegDocument of an identity not in the file"] += orphans
        result.list_key = self._list_key(path, state.lists)
        for from_id, to_id, relation in state.relations:
            entity = state.entities.get(from_id)
            if entity is None:
                result.skipped["relationship from an unknown profile"] += 1
                continue
            target = state.names.get(to_id) or (f"{result.list_key}-{to_id}" if to_id else None)
            if not entity.add("linkedTo", target, note=relation):
                result.skipped["relationship without a target profile"] += 1
        for entity in state.entities.values():
            entity.list_key = result.list_key
            entity.version = result.published
            result.entities.append(entity)
        return result

    def _list_key(self, path: Path, lists: Counter[str]) -> str:
        if self.list_key_override:
            return self.list_key_override
        names = {name.casefold() for name in lists}
        if names and "sdn list" not in names:
            return self.CONS_LIST_KEY
        return self.list_key_for(path)

    # --- sections read before the parties ----------------------------------------

    def _references(self, el: etree._Element, state: _State) -> None:
        for values in el:
            for ref in values:
                if not isinstance(ref.tag, str):
                    continue
                kind = local_name(ref)
                ref_id = ref.get("ID")
                if ref_id is None:
                    continue
                text = collapse_spaces(ref.text or "") or None
                attrs = {str(k): str(v) for k, v in ref.attrib.items()}
                state.refs.setdefault(kind, {})[ref_id] = _Ref(text, attrs)

    def _location(self, ns: NsReader, el: etree._Element, state: _State) -> None:
        loc_id = el.get("ID")
        if loc_id is None:
            return
        country: str | None = None
        for item in ns.findall(el, "LocationCountry"):
            country = country or state.country(item.get("CountryID"))
        for item in ns.findall(el, "LocationAreaCode"):
            area = state.ref("AreaCode", item.get("AreaCodeID"))
            if area is not None and country is None:
                country = state.country(area.attrs.get("CountryID"))
        parts: dict[str, str] = {}
        for part in ns.findall(el, "LocationPart"):
            kind = state.text("LocPartType", part.get("LocPartTypeID")) or "Unknown"
            values = ns.findall(part, "LocationPartValue")
            primary = [v for v in values if v.get("Primary") == "true"] or values
            for value in primary[:1]:
                text = ns.text(value, "Value")
                if text:
                    parts[kind.upper()] = text
        state.locations[loc_id] = _Location(parts, country)

    def _document(self, ns: NsReader, el: etree._Element, state: _State) -> None:
        identity = el.get("IdentityID")
        if identity is None:
            return
        label = state.text("IDRegDocType", el.get("IDRegDocTypeID")) or "Identification Number"
        doc = _Document(
            label=label,
            number=ns.text(el, "IDRegistrationNo"),
            country=state.country(el.get("IssuedBy-CountryID")),
        )
        state.documents.setdefault(identity, []).append(doc)

    # --- parties -----------------------------------------------------------------

    def _party(
        self,
        ns: NsReader,
        el: etree._Element,
        state: _State,
        list_key: str,
        skipped: Counter[str],
        path: Path,
    ) -> None:
        profile = ns.find(el, "Profile")
        if profile is None or not profile.get("ID"):
            skipped["DistinctParty without Profile"] += 1
            return
        profile_id = str(profile.get("ID")).strip()
        subtype = state.ref("PartySubType", profile.get("PartySubTypeID"))
        if subtype is None:
            raise self.error(
                f"unknown PartySubTypeID {profile.get('PartySubTypeID')!r}",
                path,
                line=source_line(profile),
                record_id=profile_id,
            )
        type_text = subtype.text
        if type_text is None or type_text.casefold() == "unknown":
            type_text = state.text("PartyType", subtype.attrs.get("PartyTypeID"))
        schema = record_schema(type_text, "party type", skipped)
        entity = Entity(list_key=list_key, record_id=profile_id, schema=schema)

        for identity in ns.findall(profile, "Identity"):
            self._identity(ns, identity, entity, state, skipped)
        for feature in ns.findall(profile, "Feature"):
            self._feature(ns, feature, entity, state, skipped)
        for identity in ns.findall(profile, "Identity"):
            for doc in state.documents.pop(identity.get("ID") or "", []):
                apply_field(
                    entity, doc.label, doc.number, skipped, country=doc.country, document=True
                )
        comment = ns.text(el, "Comment")
        entity.add("notes", fold_quotes(comment or ""))
        state.entities[profile_id] = entity
        state.names[profile_id] = entity.caption

    def _identity(
        self,
        ns: NsReader,
        identity: etree._Element,
        entity: Entity,
        state: _State,
        skipped: Counter[str],
    ) -> None:
        part_types: dict[str, str] = {}
        for group in ns.findall(identity, "NamePartGroups/MasterNamePartGroup/NamePartGroup"):
            kind = state.text("NamePartType", group.get("NamePartTypeID"))
            if group.get("ID") and kind:
                part_types[str(group.get("ID"))] = kind
        aliases = ns.findall(identity, "Alias")
        # Primary name first, so it is the caption whatever the order in the file.
        aliases.sort(key=lambda a: a.get("Primary") != "true")
        for alias in aliases:
            primary = alias.get("Primary") == "true"
            weak = alias.get("LowQuality") == "true"
            alias_type = state.text("AliasType", alias.get("AliasTypeID"))
            prop = alias_prop(alias_type, weak)
            if prop == "name" and not primary:
                prop = "alias"
            if primary:
                prop = "name"
            note = None if primary else alias_note(alias_type, weak)
            for documented in ns.findall(alias, "DocumentedName"):
                self._documented_name(
                    ns, documented, (prop, note), entity, state, part_types, skipped
                )

    def _documented_name(
        self,
        ns: NsReader,
        documented: etree._Element,
        prop_note: tuple[str, str | None],
        entity: Entity,
        state: _State,
        part_types: dict[str, str],
        skipped: Counter[str],
    ) -> None:
        prop, note = prop_note
        parts: list[tuple[str, str]] = []
        script: str | None = None
        for value in ns.findall(documented, "DocumentedNamePart/NamePartValue"):
            text = fold_quotes(collapse_spaces(value.text or ""))
            if not text:
                continue
            kind = part_types.get(value.get("NamePartGroupID") or "")
            if kind is None:
                skipped["name part of an unknown group"] += 1
                kind = "Entity Name"
            parts.append((kind, text))
            script = script or state.text("Script", value.get("ScriptID"))
        if not parts:
            skipped["documented name without parts"] += 1
            return
        lang = script_lang(script, " ".join(text for _, text in parts))
        whole = " ".join(t for k, t in parts if k in _WHOLE_NAME_PARTS)
        last = " ".join(t for k, t in parts if k == "Last Name")
        given_types = [*_GIVEN_PARTS, "Nickname"]
        given_parts = sorted(
            (p for p in parts if p[0] not in _WHOLE_NAME_PARTS and p[0] != "Last Name"),
            key=lambda p: given_types.index(p[0]) if p[0] in given_types else len(given_types),
        )
        given = " ".join(t for _, t in given_parts)
        if whole:
            full = whole.upper()
        elif is_rtl_script(script):
            full = " ".join(x for x in (given, last) if x)
        else:
            full = person_name(last.upper(), given)
        add_spelling(
            entity,
            prop,
            full,
            lang=lang,
            note=note,
            primary=prop == "name",
            last=last.upper() or None,
            first=given or None,
        )

    def _feature(
        self,
        ns: NsReader,
        feature: etree._Element,
        entity: Entity,
        state: _State,
        skipped: Counter[str],
    ) -> None:
        label = state.text("FeatureType", feature.get("FeatureTypeID"))
        if label is None:
            skipped["feature of unknown FeatureTypeID"] += 1
            return
        for version in ns.findall(feature, "FeatureVersion"):
            reliability = state.text("Reliability", version.get("ReliabilityID"))
            if reliability is not None and reliability.casefold() == "false":
                skipped["feature marked false by OFAC"] += 1
                continue
            locations = [
                state.locations.get(v.get("LocationID") or "")
                for v in ns.findall(version, "VersionLocation")
            ]
            if None in locations:
                skipped["feature refers to a location not in the file"] += locations.count(None)
            if label.casefold() == "location":
                for location in locations:
                    if location is not None:
                        self._address(location, entity, skipped)
                continue
            values: list[str] = []
            period = ns.find(version, "DatePeriod")
            if period is not None:
                values.extend(v for v in [_period(ns, period)] if v)
            for detail in ns.findall(version, "VersionDetail"):
                ref_id = detail.get("DetailReferenceID")
                if ref_id is not None:
                    values.extend(v for v in [state.text("DetailReference", ref_id)] if v)
                elif detail.text and collapse_spaces(detail.text):
                    values.append(collapse_spaces(detail.text))
            for location in locations:
                if location is not None:
                    country = location.country or location.parts.get("UNKNOWN")
                    values.extend(v for v in [country] if v)
            if not values:
                skipped[f"feature without value: {label}"] += 1
            for value in values:
                apply_field(entity, label, value, skipped)

    def _address(self, location: _Location, entity: Entity, skipped: Counter[str]) -> None:
        parts = location.parts
        country = location.country or parts.get("UNKNOWN")
        add_address_parts(entity, skipped, parts.get, country)

    # --- sanctions entries -------------------------------------------------------

    def _entry(
        self, ns: NsReader, el: etree._Element, state: _State, skipped: Counter[str]
    ) -> None:
        entity = state.entities.get(el.get("ProfileID") or "")
        if entity is None:
            skipped["sanctions entry of an unknown profile"] += 1
            return
        list_name = state.text("List", el.get("ListID"))
        if list_name:
            state.lists[list_name] += 1
            entity.add("sanctionsList", list_name)
        for event in ns.findall(el, "EntryEvent"):
            date_el = ns.find(event, "Date")
            if date_el is not None and not entity.add("listingDate", _ymd(ns, date_el)):
                skipped["unreadable EntryEvent date"] += 1
            basis = state.text("LegalBasis", event.get("LegalBasisID"))
            if basis and basis.casefold() != "unknown":
                entity.add("authority", basis)
        for measure in ns.findall(el, "SanctionsMeasure"):
            kind = state.text("SanctionsType", measure.get("SanctionsTypeID"))
            if kind is not None and kind.casefold() == "program":
                entity.add("program", ns.text(measure, "Comment"))


def _ymd(ns: NsReader, el: etree._Element) -> str | None:
    """``<Year/><Month/><Day/>`` as an ISO (partial) date."""
    year, month, day = ns.text(el, "Year"), ns.text(el, "Month"), ns.text(el, "Day")
    if year is None or not year.isdigit():
        return None
    if month is None or not month.isdigit():
        return f"{int(year):04d}"
    if day is None or not day.isdigit():
        return f"{int(year):04d}-{int(month):02d}"
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def _date(ns: NsReader, el: etree._Element | None) -> date | None:
    if el is None:
        return None
    try:
        return date(
            int(ns.text(el, "Year") or ""),
            int(ns.text(el, "Month") or "1"),
            int(ns.text(el, "Day") or "1"),
        )
    except ValueError:
        return None


def _period(ns: NsReader, period: etree._Element) -> str | None:
    """A ``DatePeriod`` at the precision OFAC means (see `reduce_period`)."""
    start = _date(ns, ns.find(period, "Start/From")) or _date(ns, ns.find(period, "Start/To"))
    end = _date(ns, ns.find(period, "End/To")) or _date(ns, ns.find(period, "End/From"))
    if start is None or end is None:
        only = start or end
        return only.isoformat() if only else None
    return reduce_period(start, end)
