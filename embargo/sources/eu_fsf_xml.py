"""EU consolidated list of financial sanctions (FSF), XML 1.1.

Official address: https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw
(the token is public, printed on the FSF download page). The European Commission
regenerates the file whenever the Council or the Commission amends a regime, usually
several times a week; ``generationDate`` on the root element is the publication date.

Format: ``<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate=…>`` with
one ``<sanctionEntity>`` per designation. Almost everything is in attributes; the
children ``nameAlias``, ``birthdate``, ``citizenship``, ``identification``, ``address``,
``regulation`` and ``subjectType`` each repeat as needed, with ``remark`` and
``regulationSummary`` children of their own.

Record id: the ``logicalId`` attribute of ``sanctionEntity`` (``191``). It is the FSF
database key, unique in a file and kept across versions, so diffs line up. The
``euReferenceNumber`` (``EU.3579.2``) is what EU regulations and the FSF web search show,
but it is not on every entry of older files and has been reissued when an entry moved
between regimes, so it is kept as ``authorityId`` rather than used as the id.

Field mapping (``subjectType code`` person → Person, enterprise → Organization, or by
``classificationCode`` P/E when the code is missing; anything else → LegalEntity):

- ``nameAlias``: the EU has no "primary name" flag. The ``wholeName`` of the strong,
  Latin-script alias with the lowest ``logicalId`` (the oldest record, i.e. the name the
  entry was listed under) becomes ``name``; other strong aliases → ``alias``; weak
  ones → ``weakAlias``. An alias is weak when ``strong="false"`` or its remark says
  "low quality alias" (the EU often records quality only there). ``nameLanguage``
  (``EN``, ``FA``…) becomes the value's ISO 639-3 ``lang``; without it, a non-Latin name
  gets its ISO 15924 script. ``firstName``/``middleName``/``lastName`` → the same
  properties (persons, strong aliases only); ``title`` → ``title``; ``function`` →
  ``position`` for persons (``title`` when only honorifics: `embargo.sources.names`) and
  ``notes`` for organisations (it describes the business);
  ``gender`` M/F → ``gender``. Other alias remarks (biographical text) → ``notes``,
  except a remark that only repeats one of the entry's names.
- ``birthdate``: ``birthdate`` (full date; for ``calendarType`` ISLAMIC it is the
  Gregorian equivalent, the Hijri parts are in the note), else ``year``/``monthOfYear``/
  ``dayOfMonth``, else ``yearRangeFrom``/``yearRangeTo`` (``1953/1958``). ``circa="true"``
  and the remark go into the value's note. ``city``, ``place``, ``region`` and
  ``countryDescription`` → ``birthPlace``; ``countryIso2Code`` → ``birthCountry``.
- ``citizenship`` → ``nationality`` (same meaning; one property keeps lists comparable).
- ``identification`` by ``identificationTypeCode``: passport → ``passportNumber``,
  regnumber → ``registrationNumber``, fiscalcode/tax → ``taxNumber``, swiftbic →
  ``swiftBic``, imo → ``imoNumber``, anything else (id, ssn, birthcert, other…) →
  ``idNumber``; ``countryIso2Code`` → the value's country; the description and the flags
  (known expired, known false, diplomatic, reported lost, revoked) → note.
- ``address`` → ``address`` (street, PO box, zip, city, region, place, country) and
  ``country``; ``contactInfo`` PHONE/FAX → ``phone``, EMAIL → ``email``, WEB →
  ``website``.
- ``regulation programme`` → ``program`` (``TERR``, ``IRN``…); ``designationDate`` →
  ``listingDate``; ``designationDetails`` and ``remark`` → ``notes``;
  ``unitedNationId`` → ``unscId``; ``euReferenceNumber`` → ``authorityId``.

Quirks: ``countryIso2Code="00"`` means unknown; ``city="-"`` is a placeholder. Whole
names may carry double spaces (``Tionscail  Ceimiceán Parchin``), collapsed here.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import ClassVar

from lxml import etree

from embargo.model.entity import Entity
from embargo.model.scripts import language_code, script_code
from embargo.sources.dates import year_range
from embargo.sources.identifiers import imo_number
from embargo.sources.names import add_function, clean_gender
from embargo.sources.xml_records import XmlRecordParser, add_country
from embargo.sources.xmlutil import attr, join_parts, local_name
from embargo.sources.xmlutil import text as _text

SCHEMATA: dict[str, str] = {"person": "Person", "enterprise": "Organization"}
#: subjectType classificationCode, used when ``code`` is missing.
CLASSIFICATIONS: dict[str, str] = {"P": "Person", "E": "Organization"}

#: identificationTypeCode → property (everything else is an idNumber).
ID_PROPS: dict[str, str] = {
    "passport": "passportNumber",
    "regnumber": "registrationNumber",
    "fiscalcode": "taxNumber",
    "tax": "taxNumber",
    "swiftbic": "swiftBic",
    "imo": "imoNumber",
}

#: identification flags worth telling a reviewer.
ID_FLAGS: dict[str, str] = {
    "knownExpired": "known expired",
    "knownFalse": "known false",
    "reportedLost": "reported lost",
    "revokedByIssuer": "revoked by issuer",
    "diplomatic": "diplomatic",
}

CONTACT_PROPS: dict[str, str] = {
    "PHONE": "phone",
    "FAX": "phone",
    "EMAIL": "email",
    "WEB": "website",
}

_QUALITY_REMARK = re.compile(r"^(good|low)\s+quality\s+ali+as\.?$", re.I)
_CONTACT_SPLIT = re.compile(r"\s*;\s*")
_UNKNOWN_COUNTRY = "00"


@dataclass(slots=True)
class _Alias:
    """One ``nameAlias`` as read, before the primary name is chosen."""

    logical_id: int
    whole: str
    lang: str | None
    weak: bool
    note: str | None
    latin: bool


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 2**62


class EuFsfXml(XmlRecordParser):
    """Parser of the EU Financial Sanctions Files (FSF) XML, version 1.1."""

    NAME: ClassVar[str] = "eu_fsf_xml"
    TITLE: ClassVar[str] = "EU Consolidated Financial Sanctions List (FSF)"
    LIST_KEY: ClassVar[str] = "eu_fsf"
    URL: ClassVar[str | None] = (
        "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/"
        "content?token=dG9rZW4tMjAxNw"
    )
    FILE_NAMES: ClassVar[tuple[str, ...]] = ("xmlfullsanctionslist*.xml", "eu_fsf*.xml")
    ROOT: ClassVar[str] = "export"
    NAMESPACE: ClassVar[str | None] = "http://eu.europa.ec/fpi/fsd/export"
    RECORDS: ClassVar[frozenset[str]] = frozenset({"sanctionEntity"})
    RECORD_LABEL: ClassVar[str] = "sanctionEntity"
    ID_LABEL: ClassVar[str] = "logicalId"
    NO_RECORDS: ClassVar[str] = "no <sanctionEntity> elements found"
    DATE_ATTRIBUTE: ClassVar[str | None] = "generationDate"
    #: Without a stated date, the latest listing is the best proxy.
    PUBLISHED_PROXY: ClassVar[tuple[str, ...]] = ("listingDate",)

    def _record_id(self, element: etree._Element) -> str | None:
        return attr(element, "logicalId")

    def _entity(
        self, list_key: str, record_id: str, el: etree._Element, skipped: Counter[str]
    ) -> Entity:
        children: dict[str, list[etree._Element]] = {}
        for child in el:
            children.setdefault(local_name(child), []).append(child)
        subject = children.get("subjectType", [])
        code = (attr(subject[0], "code") or "").lower() if subject else ""
        letter = (attr(subject[0], "classificationCode") or "").upper() if subject else ""
        schema = SCHEMATA.get(code) or CLASSIFICATIONS.get(letter, "LegalEntity")
        entity = Entity(list_key, record_id, schema)

        self._names(entity, children.get("nameAlias", []), skipped)
        for regulation in children.get("regulation", []):
            entity.add("program", attr(regulation, "programme"))
        if not entity.add("listingDate", attr(el, "designationDate")) and attr(
            el, "designationDate"
        ):
            skipped["unreadable designationDate"] += 1
        entity.add("notes", attr(el, "designationDetails"))
        for remark in children.get("remark", []):
            entity.add("notes", _text(remark))
        entity.add("unscId", attr(el, "unitedNationId"))
        entity.add("authorityId", attr(el, "euReferenceNumber"), note="EU reference number")
        for citizenship in children.get("citizenship", []):
            country = _country(citizenship)
            add_country(entity, "nationality", country, skipped)
        for birth in children.get("birthdate", []):
            self._birth(entity, birth, skipped)
        for ident in children.get("identification", []):
            self._identification(entity, ident, skipped)
        for address in children.get("address", []):
            self._address(entity, address, skipped)
        return entity

    @staticmethod
    def _names(entity: Entity, elements: list[etree._Element], skipped: Counter[str]) -> None:
        is_person = entity.schema == "Person"
        aliases: list[_Alias] = []
        details: list[tuple[str, str | None]] = []  # added after the names, in file order
        known = {(attr(e, "wholeName") or "").casefold() for e in elements}
        for element in elements:
            whole = attr(element, "wholeName")
            remarks = [_text(r) for r in element if local_name(r) == "remark"]
            quality = next((r for r in remarks if r and _QUALITY_REMARK.match(r)), None)
            weak = attr(element, "strong") == "false" or bool(
                quality and quality.lower().startswith("low")
            )
            for remark in remarks:  # a remark repeating a name ("PCF": "Parchin …") is no news
                if remark and remark != quality and remark.casefold() not in known:
                    details.append(("notes", remark))
            details.append(("title", attr(element, "title")))
            # For organisations "function" describes the business, not a post.
            details.append(("function" if is_person else "notes", attr(element, "function")))
            if is_person:
                gender = attr(element, "gender")
                if gender is not None and clean_gender(gender) is None:
                    skipped["unknown gender"] += 1
                details.append(("gender", clean_gender(gender)))
                if not weak:
                    for prop in ("firstName", "middleName", "lastName"):
                        details.append((prop, attr(element, prop)))
            if whole is None:
                continue
            script = script_code(whole)
            aliases.append(
                _Alias(
                    logical_id=_int(attr(element, "logicalId")),
                    whole=whole,
                    lang=language_code(attr(element, "nameLanguage")) or script,
                    weak=weak,
                    note=quality,
                    latin=script is None,
                )
            )
        strong_latin = [a for a in aliases if not a.weak and a.latin]
        primary = min(strong_latin or aliases, key=lambda a: a.logical_id, default=None)
        if primary is not None:
            entity.add("name", primary.whole, lang=primary.lang, note=primary.note)
        for alias in aliases:
            if alias is not primary:
                prop = "weakAlias" if alias.weak else "alias"
                entity.add(prop, alias.whole, lang=alias.lang, note=alias.note)
        for prop, value in details:
            if prop == "function":  # position, or title when only honorifics
                add_function(entity, value)
            else:
                entity.add(prop, value)

    @staticmethod
    def _birth(entity: Entity, el: etree._Element, skipped: Counter[str]) -> None:
        calendar = (attr(el, "calendarType") or "GREGORIAN").upper()
        year, month, day = attr(el, "year"), attr(el, "monthOfYear"), attr(el, "dayOfMonth")
        start, end = attr(el, "yearRangeFrom"), attr(el, "yearRangeTo")
        remarks = [_text(r) for r in el if local_name(r) == "remark"]
        notes: list[str | None] = ["circa" if attr(el, "circa") == "true" else None]
        if calendar != "GREGORIAN":
            native = "-".join(p for p in (year, month, day) if p)
            notes.append(f"{calendar.title()} calendar: {native}" if native else calendar)
        notes.extend(remarks)
        note = join_parts(notes, "; ")
        value: str | None = attr(el, "birthdate")
        if value is None and year and calendar == "GREGORIAN":
            value = "-".join([year] + [f"{int(p):02d}" for p in (month, day) if p and p.isdigit()])
            if month is None and day:  # a day without a month says nothing
                value = year
        if value is None and (start or end):
            value = year_range(start, end)
        if value is not None and not entity.add("birthDate", value, note=note):
            skipped["unreadable birthdate"] += 1
        country = _country(el)
        place = join_parts(
            [
                attr(el, "city") if attr(el, "city") != "-" else None,
                attr(el, "place"),
                attr(el, "region"),
                attr(el, "countryDescription") if country else None,
            ]
        )
        entity.add("birthPlace", place)
        add_country(entity, "birthCountry", country, skipped)

    @staticmethod
    def _identification(entity: Entity, el: etree._Element, skipped: Counter[str]) -> None:
        code = (attr(el, "identificationTypeCode") or "").lower()
        prop = ID_PROPS.get(code, "idNumber")
        flags = [label for key, label in ID_FLAGS.items() if attr(el, key) == "true"]
        remarks = [_text(r) for r in el if local_name(r) == "remark"]
        note = join_parts([attr(el, "identificationTypeDescription"), *flags, *remarks], "; ")
        for number in dict.fromkeys([attr(el, "number"), attr(el, "latinNumber")]):
            if not number:
                continue
            if prop == "imoNumber":
                imo = imo_number(number, bare=True, check_digit=False)
                if imo is None:  # kept as published, as an idNumber
                    skipped["unreadable IMO number"] += 1
                    entity.add("idNumber", number, country=_country(el), note=note)
                    continue
                number = imo
            entity.add(prop, number, country=_country(el), note=note)

    @staticmethod
    def _address(entity: Entity, el: etree._Element, skipped: Counter[str]) -> None:
        country = _country(el)
        po_box = attr(el, "poBox")
        detail = [
            attr(el, "street"),
            f"PO Box {po_box}" if po_box else None,
            attr(el, "zipCode"),
            attr(el, "city") if attr(el, "city") != "-" else None,
            attr(el, "region"),
            attr(el, "place"),
        ]
        remarks = [_text(r) for r in el if local_name(r) == "remark"]
        if any(detail):
            entity.add(
                "address",
                join_parts([*detail, attr(el, "countryDescription") if country else None]),
                note=join_parts(remarks, "; "),
            )
        add_country(entity, "country", country, skipped)
        for contact in el:
            if local_name(contact) != "contactInfo":
                continue
            prop = CONTACT_PROPS.get((attr(contact, "key") or "").upper())
            value = attr(contact, "value")
            if prop is None or value is None:
                continue
            for part in _CONTACT_SPLIT.split(value) if prop != "website" else [value]:
                entity.add(prop, part)


def _country(el: etree._Element) -> str | None:
    """The ISO code of an element's ``countryIso2Code``, or its description; None if unknown."""
    code = attr(el, "countryIso2Code")
    if code and code != _UNKNOWN_COUNTRY:
        return code
    description = attr(el, "countryDescription")
    return description if description and description.upper() != "UNKNOWN" else None
