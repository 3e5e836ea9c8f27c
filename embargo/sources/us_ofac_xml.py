"""OFAC SDN and Consolidated (non-SDN) lists in the classic ``sdnList`` XML.

Publication
    ``https://www.treasury.gov/ofac/downloads/sdn.xml`` (SDN list) and
    ``…/downloads/consolidated/consolidated.xml`` (non-SDN lists: SSI, NS-PLC, CMIC,
    FSE, NS-MBS, CAPTA), now served by OFAC's Sanctions List Service. Updated whenever
    OFAC publishes an action (several times a week); one file per list, no deltas.

Format
    ``<sdnList>`` with ``<publshInformation>`` (sic: ``Publish_Date`` MM/DD/YYYY and
    ``Record_Count``) and one ``<sdnEntry>`` per designation. The namespace changed
    over the years (``http://tempuri.org/sdnList.xsd``, later the Sanctions List
    Service ``…/exports/XML``); the parser takes it from the root element.

Field mapping (entity id ``us_ofac_sdn-<uid>`` or ``us_ofac_cons-<uid>``; ``uid`` is
the legacy CSV's ``ent_num``)
    ============================  ==========================================================
    ``sdnType``                   schema: Individual → Person, Entity → Organization,
                                  Vessel, Aircraft → Airplane
    ``lastName``, ``firstName``   ``name`` ``LASTNAME, First Names`` as the legacy CSV
                                  prints it; ``lastName``/``firstName`` for individuals
    ``title``                     ``position`` (OFAC titles are functions); honorifics
                                  only ("Dr") → ``title`` (`embargo.sources.names`)
    ``programList/program``       ``program`` (``RUSSIA-EO14024``, ``NS-PLC``…)
    ``akaList/aka``               a.k.a./n.k.a. → ``alias``, f.k.a. → ``previousName``,
                                  ``category`` weak → ``weakAlias``
    ``idList/id``                 by ``idType`` through the shared OFAC vocabulary
                                  (`embargo.sources.ofac_xml_common.FIELDS`):
                                  passports, tax/registration numbers (``country=`` the
                                  ``idCountry``, ``note=`` the type), website, email,
                                  SWIFT/BIC, gender, secondary sanctions, directive
                                  texts (``notes``), digital currency addresses
                                  (``publicKey``, ``note=`` the currency)…
    ``addressList/address``       ``address`` (legacy CSV layout: street lines, ``City,
                                  State Postal``, country) and ``country``
    ``nationalityList``           ``nationality``
    ``citizenshipList``           ``citizenship``
    ``dateOfBirthList``           ``birthDate`` (month-first US dates; year-only and
                                  ranges kept as published)
    ``placeOfBirthList``          ``birthPlace``
    ``vesselInfo``                ``callSign``, ``type``, ``flag``, ``owner``,
                                  ``tonnage``, ``grossRegisteredTonnage``
    ``remarks``                   ``notes``; its "(Linked To: X)" parts → ``linkedTo``
    ============================  ==========================================================

Quirks
    * ``sdn.xml`` and ``consolidated.xml`` are the same format; only the file name
      tells them apart, so `list_key_for` uses it (``us_ofac_cons`` when the name
      contains "cons"), unless a list key is passed explicitly.
    * ``Record_Count`` must equal the number of ``sdnEntry`` read: a download cut at
      an entry boundary is still well-formed XML once closed by a proxy, and the count
      is the only way to notice it.
    * Relations exist only inside the remarks ("…; (Linked To: STATE CORPORATION
      ROSTEC)"); the linked party's name is kept as published.
    * Many non-identifier facts (directive determinations, CMIC dates, target type)
      are ``idType`` values; they go where the legacy CSV's remarks parser puts the
      same text, so both formats agree.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import ClassVar

from lxml import etree

from embargo.model.entity import Entity
from embargo.model.values import clean_date
from embargo.sources.base import ParseResult
from embargo.sources.io import open_binary
from embargo.sources.ofac_xml_common import (
    NsReader,
    OfacXmlParser,
    add_address,
    add_date,
    alias_note,
    alias_prop,
    apply_field,
    fold_quotes,
    iter_records,
    person_name,
    record_schema,
    source_line,
    split_linked_to,
)

_ROOT = "sdnList"
_VESSEL_FIELDS: tuple[tuple[str, str], ...] = (
    ("callSign", "callSign"),
    ("vesselType", "type"),
    ("vesselFlag", "flag"),
    ("vesselOwner", "owner"),
    ("tonnage", "tonnage"),
    ("grossRegisteredTonnage", "grossRegisteredTonnage"),
)


class OfacSdnListXml(OfacXmlParser):
    """Parser of OFAC's ``sdnList`` XML (``sdn.xml``, ``consolidated.xml``)."""

    NAME: ClassVar[str] = "us_ofac_xml"
    TITLE: ClassVar[str] = "OFAC SDN / Consolidated list (sdnList XML)"
    URL: ClassVar[str | None] = "https://www.treasury.gov/ofac/downloads/sdn.xml"
    FILE_NAMES: ClassVar[tuple[str, ...]] = (
        "sdn.xml",
        "sdn.xml.gz",
        "consolidated.xml",
        "consolidated.xml.gz",
        "ofac_consolidated.xml.gz",
    )

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return b"<sdnList" in head

    def parse(self, path: Path) -> ParseResult:
        list_key = self.list_key_for(path)
        result = ParseResult(
            source=self.NAME, list_key=list_key, published=None, entities=[], files=[path]
        )
        record_count: int | None = None
        entries = 0
        tags = ("publshInformation", "sdnEntry")
        with open_binary(path) as fh:
            wrong_root = self._wrong_root(path, f"<{_ROOT}>")
            for ns, tag, el in iter_records(fh, _ROOT, tags, wrong_root):
                if tag == "publshInformation":
                    published = ns.text(el, "Publish_Date")
                    result.published = clean_date(published, dayfirst=False)
                    count = ns.text(el, "Record_Count")
                    if count is not None:
                        if not count.isdigit():
                            raise self.error(
                                f"Record_Count is not a number: {count!r}",
                                path,
                                line=source_line(el),
                            )
                        record_count = int(count)
                else:
                    entries += 1
                    entity = self._entry(ns, el, list_key, result.skipped)
                    if entity is not None:
                        result.entities.append(entity)
        if record_count is not None and record_count != entries:
            raise self.error(
                f"Record_Count says {record_count} entries but the file holds {entries}: "
                "the file is truncated or was edited",
                path,
            )
        for entity in result.entities:
            entity.version = result.published
        return result

    def _entry(
        self, ns: NsReader, el: etree._Element, list_key: str, skipped: Counter[str]
    ) -> Entity | None:
        uid = ns.text(el, "uid")
        if uid is None:
            skipped["sdnEntry without uid"] += 1
            return None
        sdn_type = ns.text(el, "sdnType")
        schema = record_schema(sdn_type, "sdnType", skipped)
        entity = Entity(list_key=list_key, record_id=uid, schema=schema)

        last, first = ns.text(el, "lastName"), ns.text(el, "firstName")
        if not entity.add("name", person_name(last, first)):
            skipped["sdnEntry without name"] += 1
        if schema == "Person":
            entity.add("lastName", last)
            entity.add("firstName", first)
        apply_field(entity, "Title", ns.text(el, "title"), skipped)

        for aka in ns.findall(el, "akaList/aka"):
            name = person_name(ns.text(aka, "lastName"), ns.text(aka, "firstName"))
            weak = (ns.text(aka, "category") or "").casefold() == "weak"
            alias_type = ns.text(aka, "type")
            prop = alias_prop(alias_type, weak)
            if prop == "name":  # sdnList has no second primary name; keep it as alias
                prop = "alias"
            entity.add(prop, name, note=alias_note(alias_type, weak))

        for id_el in ns.findall(el, "idList/id"):
            label = ns.text(id_el, "idType")
            if label is None:
                skipped["id without idType"] += 1
                continue
            apply_field(
                entity,
                label,
                ns.text(id_el, "idNumber"),
                skipped,
                country=ns.text(id_el, "idCountry"),
            )

        for addr in ns.findall(el, "addressList/address"):
            add_address(
                entity,
                skipped,
                street=(
                    ns.text(addr, "address1"),
                    ns.text(addr, "address2"),
                    ns.text(addr, "address3"),
                ),
                city=ns.text(addr, "city"),
                state=ns.text(addr, "stateOrProvince"),
                postal_code=ns.text(addr, "postalCode"),
                country=ns.text(addr, "country"),
            )

        for value in ns.texts(el, "nationalityList/nationality/country"):
            if not entity.add("nationality", value):
                skipped["unknown nationality"] += 1
        for value in ns.texts(el, "citizenshipList/citizenship/country"):
            if not entity.add("citizenship", value):
                skipped["unknown citizenship"] += 1
        for value in ns.texts(el, "dateOfBirthList/dateOfBirthItem/dateOfBirth"):
            if not add_date(entity, "birthDate", value):
                skipped["unreadable birthDate"] += 1
        for value in ns.texts(el, "placeOfBirthList/placeOfBirthItem/placeOfBirth"):
            entity.add("birthPlace", fold_quotes(value))

        vessel = ns.find(el, "vesselInfo")
        if vessel is not None:
            for tag, prop in _VESSEL_FIELDS:
                fact = fold_quotes(ns.text(vessel, tag) or "") or None
                if fact is not None and not entity.add(prop, fact):
                    skipped[f"unreadable {prop}"] += 1

        for program in ns.texts(el, "programList/program"):
            entity.add("program", program)

        remarks, linked = split_linked_to(fold_quotes(ns.text(el, "remarks") or ""))
        entity.add("notes", remarks)
        for name in linked:
            entity.add("linkedTo", name)
        return entity
