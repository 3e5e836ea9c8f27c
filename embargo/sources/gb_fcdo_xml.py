"""UK Sanctions List (FCDO), XML (``<Designations>``).

Official address: https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml
(Foreign, Commonwealth & Development Office). It lists everyone designated under
regulations made under the Sanctions and Anti-Money Laundering Act 2018, UK-only and
UN-derived alike, and is updated on every designation change, usually several times a
week. ``DateGenerated`` (day first, ``10/09/2026``) is the publication date.

Format: ``<Designations><DateGenerated/><Designation>…</Designations>``; every
designation has a ``UniqueID`` (``AFG0006``: regime prefix and sequence), which is the
record id: it is the reference the FCDO publishes and keeps for the life of the
designation.

Field mapping (``IndividualEntityShip``: Individual → Person, Entity → Organization,
Ship → Vessel):

- ``Names/Name``: ``Name1`` … ``Name6`` joined in order make the name (``Name6`` is the
  family name of a person, or the whole name of an entity or ship). ``NameType``
  ``Primary Name`` → ``name``; ``Primary Name Variation`` and ``Alias`` → ``alias``, or
  ``weakAlias`` when ``AliasStrength`` says low quality; the type and strength go into
  the value's note. For persons ``Name1`` → ``firstName``, ``Name2`` … ``Name5`` →
  ``middleName``, ``Name6`` → ``lastName`` (strong names only).
- ``NonLatinNames/NonLatinName/NameNonLatinScript`` → ``alias``, ``lang`` from
  ``NonLatinScriptLanguage`` when given, else the script of its letters.
- ``UNReferenceNumber`` → ``unscId``; ``OFSIGroupID`` → ``authorityId`` (the key of the
  same designation in HM Treasury's OFSI consolidated list); ``RegimeName`` →
  ``program``; ``DateDesignated`` → ``listingDate``; ``LastUpdated`` → ``modifiedAt``;
  ``DesignationSource`` (``UK|UN``) → ``authority``; ``SanctionsImposed`` → ``notes``
  (``Sanctions imposed: Asset freeze, Travel Ban``); ``OtherInformation`` → ``notes``;
  ``UKStatementofReasons`` → ``reason``; ``Titles/Title`` → ``title``.
- ``Addresses/Address``: ``AddressLine1`` … ``AddressLine6``, ``AddressPostalCode``,
  ``AddressCountry`` → ``address``; ``AddressCountry`` → ``country``. ``PhoneNumbers``,
  ``EmailAddresses``, ``Websites`` → ``phone``, ``email``, ``website``.
- ``IndividualDetails/Individual``: ``DOBs/DOB`` → ``birthDate`` (read by
  `embargo.sources.dates.partial_dmy`, as OFSI's dates; ``dd/mm/1945`` means the
  year only); ``Nationalities`` → ``nationality``; ``Genders`` → ``gender``;
  ``Positions`` → ``position`` (or ``title`` when only honorifics; ``Titles`` are forms
  of address, ``Positions`` functions: `embargo.sources.names`);
  ``PassportDetails/Passport`` → ``passportNumber`` (note =
  ``PassportAdditionalInformation``); ``NationalIdentifierDetails`` → ``idNumber``;
  ``BirthDetails/Location`` → ``birthPlace`` (town, country) and ``birthCountry``.
- ``EntityDetails/Entity``: ``BusinessRegistrationNumbers`` → ``registrationNumber`` (as
  published, ``UK Company no. 06527449``); ``ParentCompanies`` → ``parent``;
  ``Subsidiaries`` → ``linkedTo`` (note ``subsidiary``); ``TypeOfEntities`` → ``notes``.
- ``ShipDetails/Ship``: ``IMONumbers`` → ``imoNumber`` (digits only); ``TypeOfShip`` →
  ``type``; ``TonnageOfShip`` → ``tonnage``; ``CurrentOwnerOperators`` → ``owner`` (note
  ``current owner/operator``); ``CurrentBelievedFlagOfShips`` → ``flag``;
  ``PreviousFlags`` → ``notes`` (a former flag is history, not the vessel's flag).

Quirks: all dates are day first. Passports may repeat inside one designation; values
are de-duplicated.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import ClassVar

from lxml import etree

from embargo.model.entity import Entity
from embargo.model.scripts import language_code, script_code
from embargo.sources.dates import partial_dmy
from embargo.sources.identifiers import imo_number
from embargo.sources.names import add_function, add_uk_name_parts, clean_gender
from embargo.sources.xml_records import XmlRecordParser, add_country
from embargo.sources.xmlutil import join_parts
from embargo.sources.xmlutil import text as _text
from embargo.sources.xmlutil import texts as _texts

NAME_PARTS = tuple(f"Name{i}" for i in range(1, 7))
SCHEMATA: dict[str, str] = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}
_EMAIL_SPLIT = re.compile(r"[;\s]+")


class GbFcdoXml(XmlRecordParser):
    """Parser of the FCDO UK Sanctions List XML."""

    NAME: ClassVar[str] = "gb_fcdo_xml"
    TITLE: ClassVar[str] = "UK Sanctions List (FCDO)"
    LIST_KEY: ClassVar[str] = "gb_fcdo"
    URL: ClassVar[str | None] = "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml"
    FILE_NAMES: ClassVar[tuple[str, ...]] = ("uk-sanctions-list.xml", "uk_sanctions_list*.xml")
    ROOT: ClassVar[str] = "Designations"
    RECORDS: ClassVar[frozenset[str]] = frozenset({"Designation"})
    RECORD_LABEL: ClassVar[str] = "Designation"
    ID_LABEL: ClassVar[str] = "UniqueID"
    NO_RECORDS: ClassVar[str] = "no <Designation> elements found"
    DATE_ELEMENT: ClassVar[str | None] = "DateGenerated"

    def _record_id(self, element: etree._Element) -> str | None:
        return _text(element, "UniqueID")

    def _entity(
        self, list_key: str, record_id: str, el: etree._Element, skipped: Counter[str]
    ) -> Entity | None:
        kind = (_text(el, "IndividualEntityShip") or "").lower()
        schema = SCHEMATA.get(kind)
        if schema is None:
            skipped["unknown IndividualEntityShip"] += 1
            return None
        entity = Entity(list_key, record_id, schema)
        self._names(entity, el)
        for name in el.iterfind("NonLatinNames/NonLatinName"):
            value = _text(name, "NameNonLatinScript")
            lang = language_code(_text(name, "NonLatinScriptLanguage")) or script_code(value)
            entity.add("alias", value, lang=lang, note="non-Latin script")

        entity.add("unscId", _text(el, "UNReferenceNumber"))
        entity.add("authorityId", _text(el, "OFSIGroupID"), note="OFSI Group ID")
        entity.add("program", _text(el, "RegimeName"))
        for prop, tag in (("listingDate", "DateDesignated"), ("modifiedAt", "LastUpdated")):
            value = _text(el, tag)
            if value and not entity.add(prop, value):
                skipped[f"unreadable {tag}"] += 1
        for source in (_text(el, "DesignationSource") or "").split("|"):
            entity.add("authority", source)
        imposed = [s.strip() for s in (_text(el, "SanctionsImposed") or "").split("|")]
        if any(imposed):
            entity.add("notes", "Sanctions imposed: " + ", ".join(s for s in imposed if s))
        entity.add("notes", _text(el, "OtherInformation"))
        entity.add("reason", _text(el, "UKStatementofReasons"))
        for title in _texts(el, ".//Titles/Title"):
            entity.add("title", title)

        for address in el.iterfind("Addresses/Address"):
            self._address(entity, address, skipped)
        for phone in _texts(el, "PhoneNumbers/PhoneNumber"):
            entity.add("phone", phone)
        for emails in _texts(el, "EmailAddresses/EmailAddress"):
            for email in _EMAIL_SPLIT.split(emails):
                entity.add("email", email)
        for website in _texts(el, "Websites/Website"):
            entity.add("website", website)

        for person in el.iterfind("IndividualDetails/Individual"):
            self._individual(entity, person, skipped)
        for org in el.iterfind("EntityDetails/Entity"):
            self._organization(entity, org)
        for ship in el.iterfind("ShipDetails/Ship"):
            self._ship(entity, ship, skipped)
        return entity

    @staticmethod
    def _names(entity: Entity, el: etree._Element) -> None:
        is_person = entity.schema == "Person"
        for name in el.iterfind("Names/Name"):
            parts = [_text(name, tag) for tag in NAME_PARTS]
            whole = join_parts(parts, " ")
            if whole is None:
                continue
            name_type = _text(name, "NameType")
            strength = _text(name, "AliasStrength")
            weak = "low" in (strength or "").lower()
            if (name_type or "").lower() == "primary name":
                entity.add("name", whole)
            else:
                note = join_parts([name_type, strength], "; ")
                entity.add("weakAlias" if weak else "alias", whole, note=note)
            if is_person and not weak:
                add_uk_name_parts(entity, parts)

    @staticmethod
    def _address(entity: Entity, el: etree._Element, skipped: Counter[str]) -> None:
        country = _text(el, "AddressCountry")
        lines = [_text(el, f"AddressLine{i}") for i in range(1, 7)]
        lines.append(_text(el, "AddressPostalCode"))
        if any(lines):
            entity.add("address", join_parts([*lines, country]))
        add_country(entity, "country", country, skipped)

    @staticmethod
    def _individual(entity: Entity, el: etree._Element, skipped: Counter[str]) -> None:
        for dob in _texts(el, "DOBs/DOB"):
            iso = partial_dmy(dob)
            if not entity.add("birthDate", iso, note=dob if iso != dob else None):
                skipped["unreadable DOB"] += 1
        for nationality in _texts(el, "Nationalities/Nationality"):
            add_country(entity, "nationality", nationality, skipped)
        for gender in _texts(el, "Genders/Gender"):
            if not entity.add("gender", clean_gender(gender)):
                skipped["unknown Gender"] += 1
        for position in _texts(el, "Positions/Position"):
            add_function(entity, position)
        for passport in el.iterfind("PassportDetails/Passport"):
            note = _text(passport, "PassportAdditionalInformation")
            entity.add("passportNumber", _text(passport, "PassportNumber"), note=note)
        for ident in el.iterfind("NationalIdentifierDetails/NationalIdentifier"):
            note = _text(ident, "NationalIdentifierAdditionalInformation")
            entity.add("idNumber", _text(ident, "NationalIdentifierNumber"), note=note)
        for place in el.iterfind("BirthDetails/Location"):
            country = _text(place, "CountryOfBirth")
            entity.add("birthPlace", join_parts([_text(place, "TownOfBirth"), country]))
            add_country(entity, "birthCountry", country, skipped)

    @staticmethod
    def _organization(entity: Entity, el: etree._Element) -> None:
        for kind in _texts(el, "TypeOfEntities/TypeOfEntity"):
            entity.add("notes", f"Type of entity: {kind}")
        for number in _texts(el, "BusinessRegistrationNumbers/BusinessRegistrationNumber"):
            entity.add("registrationNumber", number)
        for parent in _texts(el, "ParentCompanies/ParentCompany"):
            entity.add("parent", parent)
        for subsidiary in _texts(el, "Subsidiaries/Subsidiary"):
            entity.add("linkedTo", subsidiary, note="subsidiary")

    @staticmethod
    def _ship(entity: Entity, el: etree._Element, skipped: Counter[str]) -> None:
        for imo in _texts(el, "IMONumbers/IMONumber"):
            if not entity.add("imoNumber", imo_number(imo, bare=True, check_digit=False)):
                skipped["unreadable IMONumber"] += 1
        for kind in _texts(el, "TypeOfShipDetails/TypeOfShip"):
            entity.add("type", kind)
        for tonnage in _texts(el, "TonnageOfShipDetails/TonnageOfShip"):
            entity.add("tonnage", tonnage)
        for owner in _texts(el, "CurrentOwnerOperators/CurrentOwnerOperator"):
            entity.add("owner", owner, note="current owner/operator")
        for flag in _texts(el, "CurrentBelievedFlagOfShips/CurrentBelievedFlagOfShip"):
            add_country(entity, "flag", flag, skipped)
        previous = _texts(el, "PreviousFlags/PreviousFlag")
        if previous:
            entity.add("notes", "Previous flags: " + ", ".join(previous))
