"""What the XML lists with one element per designation share: reading the records.

The UN (`embargo.sources.un_sc_xml`), EU (`embargo.sources.eu_fsf_xml`) and UK FCDO
(`embargo.sources.gb_fcdo_xml`) lists are read the same way, whatever their
vocabulary: check the root element, stream the designation elements, skip (and count)
one without an id or with an id already read, build one entity from each, refuse a
file without any, and take the publication date the file states or, when it states
none, the latest date of the entities as a proxy. `XmlRecordParser` does that once;
each format's module keeps what is its own (the root, where the id and the date are,
the field mapping) with its docstring.

Canada's SEMA list (`embargo.sources.ca_sema_xml`) is an XML list too, but has no
record id (it is built from the citation) and keeps two designations that share one,
so it reuses only `require_root`.
"""

from __future__ import annotations

from abc import abstractmethod
from collections import Counter
from pathlib import Path
from typing import ClassVar

from lxml import etree

from embargo.model.entity import Entity
from embargo.model.values import clean_date
from embargo.sources.base import ParseResult, SourceParser
from embargo.sources.xmlutil import attr, iter_records, local_name, root_element


def require_root(
    parser: SourceParser,
    path: Path,
    root: etree._Element,
    name: str,
    namespace: str | None = None,
) -> None:
    """Refuse a file whose root element is not ``<name>`` in ``namespace``.

    The error names the element expected (with its namespace, when it has one) and
    the one found, so an operator who loaded the wrong file sees which list it is.
    """
    qname = etree.QName(root)
    if qname.localname == name and qname.namespace == namespace:
        return
    expected = f"a <{name}>" if namespace is None else f"an <{name} xmlns={namespace!r}>"
    raise parser.error(f"expected {expected} root element", path, xpath=root.tag)


def add_country(entity: Entity, prop: str, value: str | None, skipped: Counter[str]) -> None:
    """Add a country-typed value (``country``, ``nationality``, ``birthCountry``…).

    A value that names no known country is not added (the model refuses it) and is
    counted as ``unknown country``, the one reason the XML lists use for all of them.
    """
    if value and not entity.add(prop, value):
        skipped["unknown country"] += 1


class XmlRecordParser(SourceParser):
    """Base of the parsers of XML lists that hold one element per designation.

    Subclasses set the class constants and implement `_record_id` and `_entity`.
    """

    #: Local name of the root element.
    ROOT: ClassVar[str]
    #: Namespace of the root element (None: no namespace).
    NAMESPACE: ClassVar[str | None] = None
    #: Local names of the designation elements.
    RECORDS: ClassVar[frozenset[str]]
    #: What skip reasons call a designation element and its id
    #: (``Designation without UniqueID``, ``duplicate UniqueID``).
    RECORD_LABEL: ClassVar[str]
    ID_LABEL: ClassVar[str]
    #: The `ParseError` message for a file without any designation.
    NO_RECORDS: ClassVar[str]
    #: Attribute of the root element that states the publication date, if any.
    DATE_ATTRIBUTE: ClassVar[str | None] = None
    #: Element (outside the designations) whose text states the publication date, if any.
    DATE_ELEMENT: ClassVar[str | None] = None
    #: Properties whose latest value stands for the publication date when the file
    #: states none.
    PUBLISHED_PROXY: ClassVar[tuple[str, ...]] = ("modifiedAt", "listingDate")

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return root_element(head) == (cls.NAMESPACE, cls.ROOT)

    @abstractmethod
    def _record_id(self, element: etree._Element) -> str | None:
        """The id of a designation element, or None when it has none."""

    @abstractmethod
    def _entity(
        self, list_key: str, record_id: str, el: etree._Element, skipped: Counter[str]
    ) -> Entity | None:
        """The entity of one designation element (None: skipped, and counted)."""

    def parse(self, path: Path) -> ParseResult:
        list_key = self.list_key_for(path)
        skipped: Counter[str] = Counter()
        entities: list[Entity] = []
        seen: set[str] = set()
        stated: list[str] = []

        def check_root(root: etree._Element) -> None:
            require_root(self, path, root, self.ROOT, self.NAMESPACE)
            if self.DATE_ATTRIBUTE is not None:
                value = attr(root, self.DATE_ATTRIBUTE)
                if value:
                    stated.append(value)

        tags = self.RECORDS if self.DATE_ELEMENT is None else self.RECORDS | {self.DATE_ELEMENT}
        for element in iter_records(path, tags, check_root):
            if self.DATE_ELEMENT is not None and local_name(element) == self.DATE_ELEMENT:
                if element.text:
                    stated.append(element.text)
                continue
            record_id = self._record_id(element)
            if record_id is None:
                skipped[f"{self.RECORD_LABEL} without {self.ID_LABEL}"] += 1
                continue
            if record_id in seen:
                skipped[f"duplicate {self.ID_LABEL}"] += 1
                continue
            seen.add(record_id)
            entity = self._entity(list_key, record_id, element, skipped)
            if entity is not None:
                entities.append(entity)

        if not entities:
            raise self.error(self.NO_RECORDS, path)
        published = clean_date(stated[0]) if stated else None
        if published is None:  # no stated date: the latest one in the list is the best proxy
            dates = [d for e in entities for prop in self.PUBLISHED_PROXY for d in e.get(prop)]
            published = max(dates) if dates else None
        return ParseResult(
            source=self.NAME,
            list_key=list_key,
            published=published,
            entities=entities,
            files=[path],
            skipped=skipped,
        )
