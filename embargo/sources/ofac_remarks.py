"""OFAC's structured remarks: the legacy CSV's ``Remarks`` cell, item by item.

OFAC's legacy CSV files (``sdn.csv``, ``cons_prim.csv``) flatten most identifying
data of a designation into one cell of semicolon-separated items::

    DOB 21 May 1955; POB Chadan, Tuva Republic, Russia; nationality Russia;
    Passport 123 (Russia) expires 2020; Vessel Registration Identification IMO 9123456;
    a.k.a. 'SOME NAME'; Linked To: SOME COMPANY.; Digital Currency Address - XBT 1A1z...

The XML publications carry the same facts as elements: the label of a remarks item is
an sdnList ``idType``, an Enhanced XML feature type, an Advanced XML ``FeatureType``
or ``IDRegDocType``. So this module does not keep its own vocabulary: it *splits* an
item into label, value, country and dates, and hands the label/value pair to the
shared OFAC table (`embargo.sources.ofac_xml_common.apply_field`). The same
designation therefore gets the same properties and values from every OFAC format, and
``embargo diff`` between a CSV and an XML version shows real changes only.

Public API (pure functions; no I/O)
    ``parse_remarks(text, known_names=None, title=None) -> Remarks``
        Split a remarks cell and map every item. ``known_names`` (the list's primary
        names) settles whether the period after a Linked To name belongs to the name;
        ``title`` (the CSV Title column) is dropped from the items, because OFAC
        repeats it there.
    ``parse_item(text, known_names=None, last=True) -> RemarkItem``
        Map one item (``"alt. Passport 123 (Russia) expires 2020"``).
    ``apply_remarks(entity, remarks, skip_names=()) -> None``
        Add the values to an entity (weak aliases in ``skip_names`` are left out);
        what could not be used is in ``remarks.rejected``.
    ``split_document(text) -> (number, country, issued, expires)``
        ``"123 (Russia) issued 2010 expires 2020"`` taken apart.
    ``split_remarks(text) -> list[str]``, ``guess_label(text) -> str`` (how an
        unrecognised item is counted), ``squash(text)`` (fast whitespace collapse).

    `Remarks` has ``items`` (each a `RemarkItem`: ``text``, ``label``, ``value``,
    ``alt``, ``country``, ``issued``, ``expires``, ``values`` as model `Value`
    objects, ``rejected``) and the derived ``values``, ``free_text``,
    ``unknown_labels`` and ``rejected``.

What the CSV adds to the shared vocabulary (mapping decisions)
    * ``DOB`` → ``birthDate``, ``POB`` → ``birthPlace``, ``nationality`` →
      ``nationality``, ``citizen`` → ``citizenship`` (sdnList XML has these as lists).
      Dates (also a document's issue and expiry dates) are read by the XML parsers'
      `ofac_xml_common.ofac_date`: month first; ranges are reduced to the precision
      OFAC means (``01 Jan 1960 to 31 Dec 1965`` → ``1960/1965``, ``01 Jan 1960 to
      31 Dec 1960`` → ``1960``), as the XML parsers reduce their date periods.
    * ``a.k.a. 'X'``, ``f.k.a. 'X'``, ``n.k.a. 'X'`` in remarks are OFAC's *weak*
      (low-quality) aliases: ``weakAlias``, quotes removed, the type in ``note`` when
      it is not a.k.a. (sdnList XML lists them in ``akaList`` with category weak).
    * ``Linked To: NAME.`` → ``linkedTo`` with the name as published.
    * Identity documents: ``<type> <number> (<country>) issued <date> expires
      <date>``: the number is the value, the country goes to ``country=``, the
      document type to ``note=``; issue/expiry dates stay on the `RemarkItem`. A
      parenthesis that is not a country (``818178-2 (Cali)``) stays in the number.
    * Items that match no label (free text such as "Member of the State Duma…",
      "For more information on directives…") are joined with ``"; "`` into ONE
      ``notes`` value, as the sdnList XML ``<remarks>`` element holds them.
    * ``alt.`` (alternative value) is recorded on the item; the entity simply gets
      one more value.
    * Typographic quotes are folded to ASCII (``fold_quotes``), as the XML parsers do.
    * The designation's Title is not read here: it comes from the CSV's Title column
      (``position``, or ``title`` when only honorifics; `embargo.sources.names`), and
      its repetition inside the remarks is dropped (``title=``).

Periods
    OFAC ends the whole cell with a period, and every Linked To item too. It is
    removed from values that never end in one (numbers, dates, countries, e-mail,
    web addresses). A Linked To name keeps it when ``known_names`` has the name with
    the period (``… CO., LTD.``), else it is removed unless the name ends in an
    abbreviation. In free text and sanctions information a period inside the cell
    belongs to the text; at the end of the cell it is removed unless the text ends in
    an abbreviation (``n.e.c.``, ``S.A.``, ``LTD.``) or a web address (OFAC's
    directive sentences carry their own period, which the XML ``<remarks>`` keep).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from embargo.model.entity import Entity, Value
from embargo.model.schema import PROPERTIES, PropType
from embargo.model.values import clean_country
from embargo.sources.ofac_xml_common import (
    FIELDS,
    Kind,
    apply_field,
    fold_quotes,
    lookup_field,
    ofac_date,
)

__all__ = [
    "RemarkItem",
    "Remarks",
    "apply_remarks",
    "guess_label",
    "parse_item",
    "parse_remarks",
    "split_document",
    "squash",
    "split_remarks",
]


@dataclass(frozen=True, slots=True)
class RemarkItem:
    """One semicolon-separated item of a remarks cell and what it says.

    Attributes:
        text: the item as published (spaces collapsed).
        label: the label recognised: as printed for the shared vocabulary
            (``Passport``, ``Secondary sanctions risk:``), canonical for the CSV-only
            labels (``DOB``, ``POB``, ``nationality``, ``citizen``, ``a.k.a.``,
            ``Linked To:``); None for free text.
        value: the text after the label (for documents: the number only).
        alt: the item starts with ``alt.`` (an alternative value).
        country: a document's issuing country as printed in parentheses.
        issued: a document's issue date (ISO), when printed.
        expires: a document's expiry date (ISO), when printed.
        values: the cleaned entity values the item yields (none for free text).
        rejected: why values of the item could not be used (unknown country…).
    """

    text: str
    label: str | None
    value: str
    alt: bool = False
    country: str | None = None
    issued: str | None = None
    expires: str | None = None
    values: tuple[Value, ...] = ()
    rejected: tuple[str, ...] = ()

    @property
    def known(self) -> bool:
        return self.label is not None


@dataclass(slots=True)
class Remarks:
    """A parsed remarks cell: its items in published order."""

    text: str
    items: list[RemarkItem] = field(default_factory=list)

    @property
    def free_text(self) -> str | None:
        """The unrecognised items joined with ``"; "`` (one ``notes`` value), or None."""
        parts = [item.text for item in self.items if not item.known]
        if not parts:
            return None
        if not self.items[-1].known:  # the cell's final period is not part of the text
            parts[-1] = _strip_free_text_period(parts[-1])
        return "; ".join(p for p in parts if p) or None

    @property
    def values(self) -> list[Value]:
        """Every value for the entity: the items' values, then the free text as notes."""
        out = [value for item in self.items for value in item.values]
        free = self.free_text
        if free is not None:
            out.append(Value("notes", free))
        return out

    @property
    def unknown_labels(self) -> Counter[str]:
        """Unrecognised items counted by `guess_label`."""
        return Counter(guess_label(item.text) for item in self.items if not item.known)

    @property
    def rejected(self) -> Counter[str]:
        return Counter(reason for item in self.items for reason in item.rejected)


# --------------------------------------------------------------------------------------
# Labels
# --------------------------------------------------------------------------------------

#: Labels only the CSV remarks use (the XML formats have elements for these facts).
_CSV_LABELS: dict[str, str] = {
    "dob": "DOB",
    "pob": "POB",
    "nationality": "nationality",
    "citizen": "citizen",
    "a.k.a.": "a.k.a.",
    "f.k.a.": "f.k.a.",
    "n.k.a.": "n.k.a.",
    "linked to": "Linked To:",
}


def _label_pattern(keys: Iterable[str]) -> re.Pattern[str]:
    parts = []
    for key in sorted(set(keys), key=len, reverse=True):
        core = re.escape(key).replace("'", "['\u2019]").replace(r"\ ", r"\s+")
        parts.append(core)
    crypto = r"digital\s+currency\s+address\s*-\s*[a-z0-9]+"
    # A label ends at the end of the item or before a space, colon or dash; its own
    # trailing ":" or " -" belongs to it ("Secondary sanctions risk:").
    return re.compile(
        r"^(?:" + crypto + "|" + "|".join(parts) + r")(?=$|[\s:-])(?:\s*:|\s+-(?=\s|$))?",
        re.IGNORECASE,
    )


_LABEL_RE = _label_pattern(list(FIELDS) + list(_CSV_LABELS))

_ALT = re.compile(r"^alt\.\s+", re.IGNORECASE)
_DOC_TAIL = re.compile(
    r"^(?P<number>.*?)"
    r"(?:\s*\((?P<country>[^()]*)\))?"
    r"(?:\s+issued\s+(?P<issued>.+?))?"
    r"(?:\s+expires\s+(?P<expires>.+?))?$",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"^'(?P<name>.*)'\.?$", re.DOTALL)
_ABBREV_TAIL = re.compile(
    r"(?:^|[\s,(])(?:(?:[A-Za-z]\.){2,}"
    r"|(?:CO|LTD|INC|CORP|LTDA|CIA|PTE|BHD|Co|Ltd|Inc|Corp|Ltda|Cia|Pte|Bhd|Jr|Sr|St)\.)$"
)
_LABEL_GUESS = re.compile(r"^(?P<label>[A-Za-z][A-Za-z.'/ -]{0,40}?)(?:\s*:\s|\s+(?=[+(]?\d))")

#: Shared-table kinds whose values never end in a period of their own.
_STRUCTURED_KINDS = frozenset({Kind.IDENTIFIER, Kind.IMO, Kind.CRYPTO, Kind.GENDER})
#: Property types whose values never end in a period of their own.
_STRUCTURED_TYPES = frozenset(
    {
        PropType.DATE,
        PropType.COUNTRY,
        PropType.IDENTIFIER,
        PropType.URL,
        PropType.EMAIL,
        PropType.PHONE,
        PropType.GENDER,
    }
)


# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------


def squash(text: str) -> str:
    """Strip and collapse whitespace runs to one space, like
    `embargo.model.values.collapse_spaces` but without a regex: the CSV parsers call
    it on every cell and item, several hundred thousand times per SDN file."""
    return " ".join(text.split())


def split_remarks(text: str | None) -> list[str]:
    """The items of a remarks cell, spaces collapsed, empty ones dropped.

    ``-0-`` (OFAC's empty cell) and None give no items.
    """
    if text is None:
        return []
    value = text.strip()
    if not value or value == "-0-":
        return []
    items = (squash(part) for part in value.split(";"))
    return [item for item in items if item and item != "."]


def _strip_period(value: str) -> str:
    """Remove a final period unless the text ends in an abbreviation (``S.A.``)."""
    value = value.strip()
    if value.endswith(".") and not value.endswith("..") and not _ABBREV_TAIL.search(value):
        return value[:-1].rstrip()
    return value


def _strip_free_text_period(value: str) -> str:
    """`_strip_period` for free text, except after a web address: OFAC's directive
    sentences ("…please visit the following link: http://…#directives.") carry their
    own period, which the XML ``<remarks>`` keep (12 of 13 in the non-SDN list)."""
    last = value.rsplit(" ", 1)[-1].lower()
    if last.startswith(("http://", "https://", "www.")):
        return value.strip()
    return _strip_period(value)


def _strip_structured(value: str) -> str:
    """Remove final periods from a value that never ends in one (numbers, dates)."""
    return value.strip().rstrip(".").strip()


def guess_label(text: str) -> str:
    """How to count an unrecognised item: its label when it looks labelled (words
    followed by a colon or a number: ``Telephone: 0097…`` → ``Telephone``,
    ``arrested 23 Apr 2002`` → ``arrested``), else ``free text``.

    Labelled items not in the vocabulary hint at a new OFAC field; free text
    ("Member of the State Duma…") is expected and only counted as a whole.
    """
    body = _ALT.sub("", squash(text))
    m = _LABEL_GUESS.match(body)
    return squash(m.group("label")) if m else "free text"


# --------------------------------------------------------------------------------------
# Items
# --------------------------------------------------------------------------------------


def _scratch() -> Entity:
    return Entity("ofac_remarks", "item", "Thing")


def _date_values(prop: str, text: str, rejected: list[str]) -> tuple[Value, ...]:
    """A date item's value: ISO, with the published text in ``note`` when it differs
    (as `embargo.sources.ofac_xml_common.add_date` does for the XML formats)."""
    value = _strip_structured(text)
    iso = ofac_date(value)
    entity = _scratch()
    if iso is None or not entity.add(prop, iso, note=value if value != iso else None):
        rejected.append(f"unreadable {prop}: {value}")
    return tuple(entity.values)


def split_document(value: str) -> tuple[str, str | None, str | None, str | None]:
    """``123 (Russia) issued 2010 expires 2020`` → number, country, issued, expires.

    A parenthesis that is not a country (``818178-2 (Cali)``, ``IT022428/2014(G)``)
    stays part of the number.
    """
    text = _strip_structured(value)
    m = _DOC_TAIL.match(text)
    if m is None:  # pragma: no cover - the pattern matches any text
        return text, None, None, None
    issued = ofac_date(m.group("issued"))
    expires = ofac_date(m.group("expires"))
    country = squash(m.group("country") or "") or None
    if country is not None and clean_country(country) is not None:
        number = m.group("number")
    else:
        country = None
        # keep "(...)" with the number: up to the closing parenthesis
        closing = m.end("country") + 1
        number = text[:closing] if m.group("country") is not None else m.group("number")
    number = number.strip(" ,")
    if not number:  # "(Russia)" alone is not a number
        return text, None, None, None
    return number, country, issued, expires


def _csv_item(
    text: str, label: str, value: str, alt: bool, last: bool,
    known_names: Collection[str] | None,
) -> RemarkItem:  # fmt: skip
    """Items with CSV-only labels: DOB, POB, nationality, citizen, aliases, Linked To."""
    key = _CSV_LABELS[label.rstrip(" :").casefold()]
    entity = _scratch()
    rejected: list[str] = []
    if key == "DOB":
        values = _date_values("birthDate", value, rejected)
        return RemarkItem(text, key, value, alt, values=values, rejected=tuple(rejected))
    if key == "POB":
        entity.add("birthPlace", _strip_period(value) if last else value)
    elif key in ("nationality", "citizen"):
        prop = "nationality" if key == "nationality" else "citizenship"
        country = _strip_structured(value)
        if not entity.add(prop, country):
            rejected.append(f"unknown {prop}: {country}")
    elif key in ("a.k.a.", "f.k.a.", "n.k.a."):
        m = _QUOTED.match(value)
        name = m.group("name") if m else _strip_period(value).strip("'")
        if not m:
            rejected.append("weak alias without closing quote")
        entity.add("weakAlias", name, note=None if key == "a.k.a." else key)
    else:  # Linked To
        entity.add("linkedTo", _linked_name(value, known_names))
    return RemarkItem(text, key, value, alt, values=tuple(entity.values), rejected=tuple(rejected))


def _linked_name(value: str, known_names: Collection[str] | None) -> str:
    """The linked party's name: the period OFAC puts after it is dropped unless the
    list knows the name with it (``… CO., LTD.``)."""
    value = squash(value)
    if known_names is not None:
        if value in known_names:
            return value
        bare = value[:-1].rstrip() if value.endswith(".") else value
        if bare in known_names:
            return bare
    return _strip_period(value)


def _shared_item(text: str, label: str, value: str, alt: bool, last: bool) -> RemarkItem:
    """Items whose label is in the shared OFAC vocabulary."""
    found = lookup_field(label)
    assert found is not None  # the label pattern is built from the same table
    rejected: list[str] = []
    country = issued = expires = None
    if found.kind in (Kind.IDENTIFIER, Kind.IMO):
        value, country, issued, expires = split_document(value)
    elif found.kind in _STRUCTURED_KINDS or PROPERTIES[found.prop] in _STRUCTURED_TYPES:
        value = _strip_structured(value)
    elif last:
        value = _strip_period(value)
    if PROPERTIES[found.prop] is PropType.DATE:
        values = _date_values(found.prop, value, rejected)
        return RemarkItem(text, label, value, alt, values=values, rejected=tuple(rejected))
    entity = _scratch()
    skipped: Counter[str] = Counter()
    apply_field(entity, label, value, skipped, country=country)
    rejected.extend(skipped.elements())
    return RemarkItem(
        text, label, value, alt, country, issued, expires, tuple(entity.values), tuple(rejected)
    )


def parse_item(
    text: str, *, known_names: Collection[str] | None = None, last: bool = True
) -> RemarkItem:
    """Map one remarks item.

    Args:
        text: the item as published (``"alt. DOB 1956"``).
        known_names: primary names of the list (see `parse_remarks`).
        last: the item ends the remarks cell, so a final period may be OFAC's cell
            terminator rather than part of free text.
    """
    return _parse_item(fold_quotes(squash(text)), known_names, last)


def _parse_item(item: str, known_names: Collection[str] | None, last: bool) -> RemarkItem:
    """`parse_item` of an item whose spaces are collapsed and quotes folded."""
    body = _ALT.sub("", item)
    alt = body != item
    m = _LABEL_RE.match(body)
    if m is None:
        return RemarkItem(item, None, item, alt)
    label = squash(body[: m.end()])
    value = body[m.end() :].strip()
    if not value:
        return RemarkItem(item, None, item, alt)
    if label.rstrip(" :").casefold() in _CSV_LABELS:
        return _csv_item(item, label, value, alt, last, known_names)
    return _shared_item(item, label, value, alt, last)


def parse_remarks(
    text: str | None,
    *,
    known_names: Collection[str] | None = None,
    title: str | None = None,
) -> Remarks:
    """Parse an OFAC remarks cell into items and values.

    Args:
        text: the remarks as published (``-0-`` or None for none).
        known_names: primary names of the list, to tell whether the period after a
            Linked To name belongs to the name (``… CO., LTD.``) or ends the item.
        title: the designation's title (CSV ``Title`` column). OFAC repeats it inside
            the remarks ("…; Passport D08531177 (Iran); Commander-in-Chief of the
            Islamic Revolutionary Guard Corps."); those items are dropped so the
            title is not also a note (the XML formats do not repeat it).
    """
    remarks = Remarks(text or "")
    items = _drop_run(split_remarks(text), split_remarks(title))
    for i, item in enumerate(items):  # split_remarks collapsed the spaces already
        remarks.items.append(_parse_item(fold_quotes(item), known_names, i == len(items) - 1))
    return remarks


def _drop_run(items: list[str], run: list[str]) -> list[str]:
    """``items`` without the last occurrence of the consecutive items ``run``
    (compared without final periods)."""
    if not run or len(run) > len(items):
        return items
    want = [item.rstrip(".").rstrip() for item in run]
    have = [item.rstrip(".").rstrip() for item in items]
    for start in range(len(items) - len(run), -1, -1):
        if have[start : start + len(run)] == want:
            return items[:start] + items[start + len(run) :]
    return items


def apply_remarks(entity: Entity, remarks: Remarks, *, skip_names: Collection[str] = ()) -> None:
    """Add the values of ``remarks`` to ``entity``.

    Weak aliases whose normalised form is in ``skip_names`` are left out (the legacy
    CSV parser passes the names of ``alt.csv``: a name OFAC lists as a strong alias
    is not also a weak one). What could not be used is in ``remarks.rejected``.
    """
    skip = {_name_key(name) for name in skip_names}
    for value in remarks.values:
        if value.prop == "weakAlias" and _name_key(value.value) in skip:
            continue
        entity.add(value.prop, value.value, lang=value.lang, country=value.country,
                   note=value.note, dayfirst=False)  # fmt: skip


def _name_key(name: str) -> str:
    return squash(name).casefold()
