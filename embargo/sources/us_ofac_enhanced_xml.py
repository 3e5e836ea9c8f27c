"""OFAC Sanctions List Service ENHANCED_XML (``sanctionsData``), plain or zipped.

Publication
    ``https://sanctionslistservice.ofac.treas.gov/api/download/SDN_ENHANCED.ZIP`` (SDN
    list; also ``SDN_ENHANCED.XML``) and ``…/CONS_ENHANCED.ZIP`` (Consolidated non-SDN
    list). The Sanctions List Service also exports custom selections (e.g. all lists
    filtered to one program) in the same format. Updated with every OFAC action.

Format
    ``<sanctionsData>`` with ``<publicationInfo>`` (``dataAsOf``, the ``filters`` that
    made the export), ``<referenceValues>`` and ``<featureTypes>`` (look-up tables),
    then ``<entities>``: one ``<entity id="…">`` per designation. Unlike ADVANCED_XML
    every reference is also spelled out in the entity (``<entityType
    refId="600">Individual</entityType>``), so the look-up tables are not needed. The
    ZIP holds a single ``*_ENHANCED.XML``; it is streamed from the archive.

Field mapping (entity id ``us_ofac_sdn-<entity id>`` / ``us_ofac_cons-<entity id>``;
the entity id is the legacy CSV's ``ent_num``)
    ====================================  ==================================================
    ``generalInfo/entityType``            schema (Individual → Person, Entity →
                                          Organization, Vessel, Aircraft → Airplane)
    ``names/name`` primary, Latin         ``name``: ``formattedFullName`` (``LASTNAME,
                                          First Names``, as the legacy CSV prints it);
                                          ``firstName``/``lastName`` from
                                          ``formattedFirstName``/``formattedLastName``
    ``names/name`` A.K.A. / N.K.A.        ``alias``; F.K.A. → ``previousName``;
                                          ``isLowQuality`` → ``weakAlias``
    other translations (Arabic,           the same property as the name they translate
    Cyrillic, Chinese…)                   (``alias`` for the primary name), ``lang=``
                                          ``Arab``/``Cyrl``/``zho``…; OFAC's bidi marks
                                          are removed
    ``generalInfo/title``                 ``position`` (OFAC titles are functions);
                                          honorifics only ("Dr") → ``title``
                                          (`embargo.sources.names`)
    ``generalInfo/remarks``               ``notes``
    ``sanctionsLists``                    ``sanctionsList`` (sub-list as published);
                                          earliest ``datePublished`` → ``listingDate``
    ``sanctionsPrograms``                 ``program``
    ``legalAuthorities``                  ``authority``
    ``features/feature``                  by feature type through the shared OFAC
                                          vocabulary (`ofac_xml_common.FIELDS`):
                                          birthDate, birthPlace, nationality, gender,
                                          website, email, SWIFT/BIC, vessel and aircraft
                                          facts, publicKey (note = currency)…
    ``identityDocuments``                 passportNumber, taxNumber, registrationNumber,
                                          idNumber… with ``country=`` the issuing
                                          country and ``note=`` the document type
    ``addresses/address``                 ``address`` in the legacy CSV layout (street,
                                          ``City, State Postal``, country) and
                                          ``country``
    ``relationships``                     ``linkedTo``: the related party's name as
                                          published (what the legacy CSV prints after
                                          "Linked To:"), ``note=`` the relation type
    ====================================  ==================================================

List key
    ``us_ofac_cons`` when the export's filter names sanctions lists and the SDN List is
    not among them (CONS_ENHANCED), or when the file name says "cons"; else
    ``us_ofac_sdn``. Every entity also records the sub-lists it is on in
    ``sanctionsList``, since a custom export may mix lists.

Quirks
    * ``published`` is ``dataAsOf`` (date part).
    * Features with reliability "False" are statements OFAC marks as untrue; they are
      skipped and counted. Identity documents with ``isValid`` false are kept: a
      fraudulent passport number still identifies its holder.
    * A filtered export (one program) leaves the name of related entities outside the
      filter out; it is taken from the entity when the file holds it, else the id
      ``<list key>-<entityId>`` is kept.
    * Quote marks are folded as the ASCII legacy CSV prints them (``’``, ``"`` → ``'``),
      and "<number> (<country>)" is split, so values agree with the other formats.
    * Only the primary (Latin) translation of an address is read, as in the legacy CSV.
    * ``Birthdate`` features carry the date as published (``1962``, ``circa 1955``,
      ``01 Jan 1960 to 31 Dec 1965``) next to a structured ``valueDate``; the published
      text is used, cleaned the same way as the legacy CSV's remarks.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, ClassVar

from lxml import etree

from embargo.model.entity import Entity
from embargo.model.values import clean_date, collapse_spaces
from embargo.sources.base import ParseResult
from embargo.sources.io import ZIP_MAGIC, is_zip, open_binary
from embargo.sources.ofac_xml_common import (
    NsReader,
    OfacXmlParser,
    add_address_parts,
    add_spelling,
    alias_note,
    alias_prop,
    apply_field,
    fold_quotes,
    iter_records,
    record_schema,
    script_lang,
    strip_bidi,
)

_ROOT = "sanctionsData"
_SDN_LIST = "sdn list"


def _zip_member(archive: zipfile.ZipFile) -> str | None:
    """The XML member of an ENHANCED_XML archive (the ``*ENHANCED*.XML`` if several)."""
    names = [n for n in archive.namelist() if n.lower().endswith(".xml") and "/" not in n]
    if not names:
        return None
    enhanced = [n for n in names if "enhanced" in n.lower()]
    return (enhanced or names)[0]


@contextmanager
def open_xml(path: Path) -> Iterator[tuple[IO[bytes], str]]:
    """Open the XML of ``path`` (plain, gzip or inside a ZIP) and its file name."""
    if is_zip(path):
        with zipfile.ZipFile(path) as archive:
            member = _zip_member(archive)
            if member is None:
                raise zipfile.BadZipFile("the archive holds no top-level .xml file")
            with archive.open(member) as fh:
                yield fh, member
    else:
        with open_binary(path) as fh:
            yield fh, path.name


class OfacEnhancedXml(OfacXmlParser):
    """Parser of OFAC's ENHANCED_XML (``SDN_ENHANCED``, ``CONS_ENHANCED``, .XML or .ZIP)."""

    NAME: ClassVar[str] = "us_ofac_enhanced_xml"
    TITLE: ClassVar[str] = "OFAC SDN / Consolidated list (Sanctions List Service ENHANCED_XML)"
    URL: ClassVar[str | None] = (
        "https://sanctionslistservice.ofac.treas.gov/api/download/SDN_ENHANCED.ZIP"
    )
    FILE_NAMES: ClassVar[tuple[str, ...]] = (
        "sdn_enhanced.xml",
        "sdn_enhanced.zip",
        "cons_enhanced.xml",
        "cons_enhanced.zip",
        "*_enhanced.zip",
        "*_enhanced.xml",
    )

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        if head.startswith(ZIP_MAGIC):
            try:
                with zipfile.ZipFile(path) as archive:
                    member = _zip_member(archive)
                    if member is None:
                        return False
                    with archive.open(member) as fh:
                        head = fh.read(4096)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError):
                return False
        return b"<" + _ROOT.encode() in head

    def _list_key(self, path: Path, member: str, filter_lists: list[str]) -> str:
        if self.list_key_override:
            return self.list_key_override
        if filter_lists:
            if _SDN_LIST in (name.casefold() for name in filter_lists):
                return self.LIST_KEY
            return self.CONS_LIST_KEY
        if "cons" in member.lower():
            return self.CONS_LIST_KEY
        return self.list_key_for(path)

    def parse(self, path: Path) -> ParseResult:
        result = ParseResult(
            source=self.NAME,
            list_key=self.list_key_for(path),
            published=None,
            entities=[],
            files=[path],
        )
        unnamed: list[tuple[Entity, str, str | None]] = []
        tags = ("publicationInfo", "entity", "referenceValues", "featureTypes")
        with open_xml(path) as (fh, member):
            wrong_root = self._wrong_root(path, f"ENHANCED_XML <{_ROOT}>")
            for ns, tag, el in iter_records(fh, _ROOT, tags, wrong_root):
                if tag == "publicationInfo":
                    result.published = clean_date(ns.text(el, "dataAsOf"))
                    lists = ns.texts(el, "filters/sanctionsLists/sanctionsList")
                    result.list_key = self._list_key(path, member, lists)
                elif tag == "entity":
                    entity = self._entity(ns, el, result.list_key, result.skipped, unnamed)
                    if entity is not None:
                        result.entities.append(entity)
        captions = {e.record_id: e.caption for e in result.entities}
        for entity, related_id, relation_type in unnamed:
            # Outside the file, the related party is referenced by its entity id.
            target = captions.get(related_id) or f"{result.list_key}-{related_id}"
            entity.add("linkedTo", target, note=relation_type)
        for entity in result.entities:
            entity.version = result.published
        return result

    def _entity(
        self,
        ns: NsReader,
        el: etree._Element,
        list_key: str,
        skipped: Counter[str],
        unnamed: list[tuple[Entity, str, str | None]],
    ) -> Entity | None:
        record_id = (el.get("id") or "").strip()
        if not record_id:
            skipped["entity without id"] += 1
            return None
        entity_type = ns.text(el, "generalInfo/entityType")
        schema = record_schema(entity_type, "entityType", skipped)
        entity = Entity(list_key=list_key, record_id=record_id, schema=schema)

        self._names(ns, el, entity, skipped)
        apply_field(entity, "Title", ns.text(el, "generalInfo/title"), skipped)

        for feature in ns.findall(el, "features/feature"):
            label = ns.text(feature, "type")
            if label is None:
                skipped["feature without type"] += 1
                continue
            if (ns.text(feature, "reliability") or "").casefold() == "false":
                skipped["feature marked false by OFAC"] += 1
                continue
            apply_field(entity, label, ns.text(feature, "value"), skipped)

        for doc in ns.findall(el, "identityDocuments/identityDocument"):
            label = ns.text(doc, "type") or "Identification Number"
            apply_field(
                entity,
                label,
                ns.text(doc, "documentNumber"),
                skipped,
                country=ns.text(doc, "issuingCountry"),
                document=True,
            )

        for address in ns.findall(el, "addresses/address"):
            self._address(ns, address, entity, skipped)

        dates: list[str] = []
        for item in ns.findall(el, "sanctionsLists/sanctionsList"):
            entity.add("sanctionsList", item.text)
            published = clean_date(item.get("datePublished"))
            if published:
                dates.append(published)
            elif item.get("datePublished"):
                skipped["unreadable datePublished"] += 1
        if dates:
            entity.add("listingDate", min(dates))
        for program in ns.texts(el, "sanctionsPrograms/sanctionsProgram"):
            entity.add("program", program)
        for authority in ns.texts(el, "legalAuthorities/legalAuthority"):
            entity.add("authority", authority)

        for relation in ns.findall(el, "relationships/relationship"):
            related = ns.find(relation, "relatedEntity")
            if related is None:
                skipped["relationship without a related entity"] += 1
                continue
            # The related party's name as published, like the legacy CSV's "Linked
            # To:". A filtered export leaves the name out (only entityId); `parse`
            # fills it in from the related entity when the file holds it.
            relation_type = ns.text(relation, "type")
            name = collapse_spaces(related.text or "")
            related_id = (related.get("entityId") or "").strip()
            if name:
                entity.add("linkedTo", fold_quotes(name), note=relation_type)
            elif related_id:
                unnamed.append((entity, related_id, relation_type))
            else:
                skipped["relationship without a related entity"] += 1

        entity.add("notes", fold_quotes(ns.text(el, "generalInfo/remarks") or ""))
        return entity

    def _names(
        self, ns: NsReader, el: etree._Element, entity: Entity, skipped: Counter[str]
    ) -> None:
        # Primary name first, so it is the caption whatever the order in the file.
        names = ns.findall(el, "names/name")
        names.sort(key=lambda n: (ns.text(n, "isPrimary") or "").casefold() != "true")
        for name in names:
            primary = (ns.text(name, "isPrimary") or "").casefold() == "true"
            weak = (ns.text(name, "isLowQuality") or "").casefold() == "true"
            alias_type = ns.text(name, "aliasType")
            prop = "name" if primary else alias_prop(alias_type, weak)
            note = None if primary else alias_note(alias_type, weak)
            for translation in ns.findall(name, "translations/translation"):
                full = ns.text(translation, "formattedFullName")
                if full is None:
                    skipped["name translation without formattedFullName"] += 1
                    continue
                full = fold_quotes(strip_bidi(full))
                add_spelling(
                    entity,
                    prop,
                    full,
                    lang=script_lang(ns.text(translation, "script"), full),
                    note=note,
                    primary=primary,
                    last=ns.text(translation, "formattedLastName"),
                    first=ns.text(translation, "formattedFirstName"),
                )

    def _address(
        self, ns: NsReader, address: etree._Element, entity: Entity, skipped: Counter[str]
    ) -> None:
        parts: dict[str, list[str]] = {}
        translations = ns.findall(address, "translations/translation")
        primary = [t for t in translations if (ns.text(t, "isPrimary") or "").casefold() == "true"]
        for translation in (primary or translations)[:1]:
            for part in ns.findall(translation, "addressParts/addressPart"):
                kind = (ns.text(part, "type") or "").upper()
                value = ns.text(part, "value")
                if value:
                    parts.setdefault(kind, []).append(value)

        def one(kind: str) -> str | None:
            values = parts.get(kind)
            return ", ".join(values) if values else None

        add_address_parts(entity, skipped, one, ns.text(address, "country"))
