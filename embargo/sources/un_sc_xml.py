"""UN Security Council Consolidated List, XML (``CONSOLIDATED_LIST``).

Official address: https://scsanctions.un.org/resources/xml/en/consolidated.xml
(schema https://www.un.org/sc/resources/sc-sanctions.xsd). The Security Council
updates the list whenever one of its sanctions committees adds, amends or removes a
designation, often several times a month; each download carries the time it was
generated in ``dateGenerated`` on the root element, which becomes
`ParseResult.published`.

Format: ``<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>…</INDIVIDUALS><ENTITIES><ENTITY>…``.
Every record has a ``REFERENCE_NUMBER`` such as ``KPi.033`` (list prefix, ``i`` for
individuals and ``e`` for entities, sequence). It is what UN resolutions, other lists
(UK, EU) and compliance teams cite, so it is the record id. ``DATAID`` is an internal
database key and is not used.

Field mapping (individuals → Person, entities → Organization):

- ``FIRST_NAME`` … ``FOURTH_NAME`` joined in published order → ``name``. The UN labels
  the parts by position, not by meaning: for Korean names (``UN_LIST_TYPE`` DPRK)
  ``FIRST_NAME`` is the family name (``RI`` ``WON HO``), for Arabic names the parts are a
  chain of given, father's and grandfather's names and a family or tribal name. So the
  parser adds ``lastName`` = ``FIRST_NAME`` and ``firstName`` = the rest for DPRK
  records, and otherwise ``firstName`` = ``FIRST_NAME``, ``lastName`` = the last part and
  ``middleName`` = the parts between. It never adds ``secondName``: ``SECOND_NAME`` is
  not a second given name.
- ``INDIVIDUAL_ALIAS``/``ENTITY_ALIAS`` by ``QUALITY``: ``Good`` and ``a.k.a.`` →
  ``alias``, ``Low`` → ``weakAlias``, ``f.k.a.`` → ``previousName``; the quality (and the
  alias's ``NOTE``) goes into the value's note. An alias that pairs a Latin and an
  original-script spelling, ``Jin Tiesan (金铁三)``, is split into both. An alias's
  ``DATE_OF_BIRTH``/``CITY_OF_BIRTH``/``COUNTRY_OF_BIRTH`` are added to the entity with a
  note naming the alias.
- ``NAME_ORIGINAL_SCRIPT`` → ``alias`` with ``lang`` = the ISO 15924 script read from its
  characters (``Arab``, ``Cyrl``…): the UN does not say which language it is.
- ``INDIVIDUAL_DATE_OF_BIRTH``: ``DATE`` (exact), ``YEAR`` (year only), ``FROM_YEAR``/
  ``TO_YEAR`` (``BETWEEN`` → ``1960/1965``) or, when only a ``NOTE`` is given, the note if
  it reads as a date (``Nov. 1973``). ``APPROXIMATELY`` and the ``NOTE`` are kept in the
  value's note. A note that is no date (``30-35 years old``, a Hijri date) is counted
  in ``skipped``.
- ``INDIVIDUAL_PLACE_OF_BIRTH`` → ``birthPlace`` (street, city, province, country as
  published) and ``birthCountry``; ``NATIONALITY/VALUE`` → ``nationality``.
- ``INDIVIDUAL_DOCUMENT``: a type mentioning a passport (``Passport``, ``Numéro de
  passeport``, ``national passport``) → ``passportNumber``, anything else → ``idNumber``;
  ``ISSUING_COUNTRY``/``COUNTRY_OF_ISSUE`` → the value's country; the type as published
  (``TYPE_OF_DOCUMENT2`` when given, it is the more specific) and the ``NOTE`` → note.
  A document with no ``NUMBER`` (the number is buried in the note) is counted in
  ``skipped``.
- ``*_ADDRESS`` → ``address`` (street, city, province, zip, country) and ``country``.
- ``REFERENCE_NUMBER`` is also stored as ``unscId``, the property the EU and UK parsers
  fill from their UN references, so one property links a designation across lists.
- ``UN_LIST_TYPE`` → ``program``; ``LISTED_ON`` → ``listingDate``; the latest
  ``LAST_DAY_UPDATED/VALUE`` → ``modifiedAt``; ``DESIGNATION/VALUE`` (functions) →
  ``position``; ``TITLE/VALUE`` (honorifics and ranks: "Maulavi", "Major General") →
  ``title`` (the rule of every parser, `embargo.sources.names`); ``GENDER`` →
  ``gender``; ``COMMENTS1`` → ``notes``; ``SUBMITTED_BY`` (in the schema, rarely
  filled) → ``notes`` as ``Submitted by: …``.

Quirks: some reference numbers carry a trailing space (``KPe.033 ``), stripped here.
A few ``LISTED_ON`` dates carry an ``xs:date`` time zone (``2015-04-07-04:00``); the
calendar day is kept.
Empty placeholder elements (``<INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/>``) are normal
and ignored. Files generated from mid-2026 add ``HAS_INTERPOL_LINK``, ``INTERPOL_LINK``
(the same generic INTERPOL page for everyone) and ``LAST_REVIEWED_ON`` (committee review
dates); none identifies a person, so they are read past, not mapped.
"""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

from lxml import etree

from embargo.model.entity import Entity
from embargo.model.scripts import script_code
from embargo.model.values import clean_country, clean_date
from embargo.sources.dates import year_range
from embargo.sources.names import add_function, clean_gender, split_script_pair
from embargo.sources.xml_records import XmlRecordParser, add_country
from embargo.sources.xmlutil import join_parts, local_name, xs_date
from embargo.sources.xmlutil import text as _text
from embargo.sources.xmlutil import texts as _texts

NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")

#: Alias QUALITY → property. Entities use a.k.a./f.k.a., individuals Good/Low.
ALIAS_PROPS: dict[str, str] = {
    "good": "alias",
    "a.k.a.": "alias",
    "low": "weakAlias",
    "f.k.a.": "previousName",
}


class UnScXml(XmlRecordParser):
    """Parser of the UN Security Council Consolidated List XML."""

    NAME: ClassVar[str] = "un_sc_xml"
    TITLE: ClassVar[str] = "UN Security Council Consolidated List"
    LIST_KEY: ClassVar[str] = "un_sc"
    URL: ClassVar[str | None] = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
    FILE_NAMES: ClassVar[tuple[str, ...]] = ("consolidated.xml", "un_consolidated*.xml")
    ROOT: ClassVar[str] = "CONSOLIDATED_LIST"
    RECORDS: ClassVar[frozenset[str]] = frozenset({"INDIVIDUAL", "ENTITY"})
    RECORD_LABEL: ClassVar[str] = "record"
    ID_LABEL: ClassVar[str] = "REFERENCE_NUMBER"
    NO_RECORDS: ClassVar[str] = "no INDIVIDUAL or ENTITY records found"
    DATE_ATTRIBUTE: ClassVar[str | None] = "dateGenerated"

    def _record_id(self, element: etree._Element) -> str | None:
        return _text(element, "REFERENCE_NUMBER")

    def _entity(
        self, list_key: str, record_id: str, el: etree._Element, skipped: Counter[str]
    ) -> Entity:
        is_person = local_name(el) == "INDIVIDUAL"
        entity = Entity(list_key, record_id, "Person" if is_person else "Organization")
        program = _text(el, "UN_LIST_TYPE")
        self._names(entity, el, program, is_person)
        self._aliases(entity, el, skipped)
        original = _text(el, "NAME_ORIGINAL_SCRIPT")
        if original:
            entity.add("alias", original, lang=script_code(original), note="original script")
        entity.add("unscId", record_id)  # the key EU and UK entries cite, on every list alike
        entity.add("program", program)
        listed = xs_date(_text(el, "LISTED_ON"))
        if listed and not entity.add("listingDate", listed):
            skipped["unreadable LISTED_ON"] += 1
        updated: list[str] = []
        for value in _texts(el, "LAST_DAY_UPDATED/VALUE"):
            day = clean_date(xs_date(value))
            if day is None:
                skipped["unreadable LAST_DAY_UPDATED"] += 1
            else:
                updated.append(day)
        if updated:
            entity.add("modifiedAt", max(updated))
        for value in _texts(el, "DESIGNATION/VALUE"):
            add_function(entity, value)
        for value in _texts(el, "TITLE/VALUE"):
            entity.add("title", value)
        gender = _text(el, "GENDER")
        if gender is not None and not entity.add("gender", clean_gender(gender)):
            skipped["unknown GENDER"] += 1
        entity.add("notes", _text(el, "COMMENTS1"))
        submitted = _text(el, "SUBMITTED_BY")
        if submitted:
            entity.add("notes", f"Submitted by: {submitted}")
        for value in _texts(el, "NATIONALITY/VALUE"):
            add_country(entity, "nationality", value, skipped)
        for dob in el.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
            self._birth_date(entity, dob, skipped)
        for pob in el.iterfind("INDIVIDUAL_PLACE_OF_BIRTH"):
            self._birth_place(entity, pob, skipped)
        for doc in el.iterfind("INDIVIDUAL_DOCUMENT"):
            self._document(entity, doc, skipped)
        for address in el.iterfind("INDIVIDUAL_ADDRESS" if is_person else "ENTITY_ADDRESS"):
            self._address(entity, address, skipped)
        return entity

    @staticmethod
    def _names(entity: Entity, el: etree._Element, program: str | None, is_person: bool) -> None:
        parts = [p for p in (_text(el, tag) for tag in NAME_PARTS) if p]
        entity.add("name", " ".join(parts))
        if not is_person or len(parts) < 2:
            return
        if program == "DPRK":  # Korean order: family name first
            entity.add("lastName", parts[0])
            entity.add("firstName", " ".join(parts[1:]))
            return
        entity.add("firstName", parts[0])
        for part in parts[1:-1]:
            entity.add("middleName", part)
        entity.add("lastName", parts[-1])

    @staticmethod
    def _aliases(entity: Entity, el: etree._Element, skipped: Counter[str]) -> None:
        for alias in el.iterfind(
            "INDIVIDUAL_ALIAS" if entity.schema == "Person" else "ENTITY_ALIAS"
        ):
            name = _text(alias, "ALIAS_NAME")
            if name is None:
                continue  # empty placeholder element
            quality = _text(alias, "QUALITY")
            prop = ALIAS_PROPS.get((quality or "").lower(), "alias")
            note = join_parts([quality, _text(alias, "NOTE")], "; ")
            for part in split_script_pair(name):
                entity.add(prop, part, lang=script_code(part), note=note)
            with_alias = f"with alias {name}"
            dob = xs_date(_text(alias, "DATE_OF_BIRTH"))
            if dob and not entity.add("birthDate", dob, note=with_alias):
                skipped["unreadable date of birth"] += 1
            country = _text(alias, "COUNTRY_OF_BIRTH")
            place = join_parts([_text(alias, "CITY_OF_BIRTH"), country])
            entity.add("birthPlace", place, note=with_alias)
            add_country(entity, "birthCountry", country, skipped)

    @staticmethod
    def _birth_date(entity: Entity, dob: etree._Element, skipped: Counter[str]) -> None:
        kind = (_text(dob, "TYPE_OF_DATE") or "").upper()
        remark = _text(dob, "NOTE")
        note = join_parts(["approximately" if kind == "APPROXIMATELY" else None, remark], "; ")
        start, end = _text(dob, "FROM_YEAR"), _text(dob, "TO_YEAR")
        value: str | None
        if _text(dob, "DATE"):
            value = xs_date(_text(dob, "DATE"))
        elif _text(dob, "YEAR"):
            value = _text(dob, "YEAR")
        elif start or end:
            value = year_range(start, end)
        else:
            value = remark  # "Nov. 1973"; a note that is no date is counted below
        if value is None:
            return  # empty placeholder element
        if not entity.add("birthDate", value, note=note):
            skipped["unreadable date of birth"] += 1

    @staticmethod
    def _birth_place(entity: Entity, pob: etree._Element, skipped: Counter[str]) -> None:
        country = _text(pob, "COUNTRY")
        place = join_parts(
            [_text(pob, "STREET"), _text(pob, "CITY"), _text(pob, "STATE_PROVINCE"), country]
        )
        remark = _text(pob, "NOTE")
        if place:
            entity.add("birthPlace", place, note=remark)
        elif remark:
            entity.add("birthPlace", remark)
        add_country(entity, "birthCountry", country, skipped)

    @staticmethod
    def _document(entity: Entity, doc: etree._Element, skipped: Counter[str]) -> None:
        kind = _text(doc, "TYPE_OF_DOCUMENT2") or _text(doc, "TYPE_OF_DOCUMENT")
        number = _text(doc, "NUMBER")
        if number is None:
            if len(doc):
                skipped["document without NUMBER"] += 1
            return
        label = " ".join(filter(None, [_text(doc, "TYPE_OF_DOCUMENT"), kind])).lower()
        prop = (
            "passportNumber"
            if ("passport" in label or "pasaporte" in label or "passeport" in label)
            else "idNumber"
        )
        country = _text(doc, "ISSUING_COUNTRY") or _text(doc, "COUNTRY_OF_ISSUE")
        if country is not None and clean_country(country) is None:  # the number is kept
            skipped["unknown document country"] += 1
        note = join_parts([kind.rstrip(" :") if kind else None, _text(doc, "NOTE")], "; ")
        entity.add(prop, number, country=country, note=note)

    @staticmethod
    def _address(entity: Entity, address: etree._Element, skipped: Counter[str]) -> None:
        country = _text(address, "COUNTRY")
        detail = [
            _text(address, "STREET"),
            _text(address, "CITY"),
            _text(address, "STATE_PROVINCE"),
            _text(address, "ZIP_CODE"),
        ]
        if any(detail):
            entity.add("address", join_parts([*detail, country]), note=_text(address, "NOTE"))
        add_country(entity, "country", country, skipped)
