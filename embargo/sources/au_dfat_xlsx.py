"""Australia DFAT Consolidated List (Excel).

Official URL: https://www.dfat.gov.au/sites/default/files/regulation8_consolidated.xlsx
(linked from https://www.dfat.gov.au/international-relations/security/sanctions/
consolidated-list). DFAT republishes the file whenever a listing changes; it carries no
publication date, so ``ParseResult.published`` is the latest ``Control Date`` in it (a
proxy: the bundled copy's latest is 2024-11-11).

Format: one sheet, header in row 1, one row per *name*. The ``Reference`` of a
target's primary name is a number (``2``); its other names carry the same number with
a letter suffix (``2a``, ``2b``…) and, for aliases of aliases, a further digit
(``34c1``, ``2672a10``). The parser groups rows by the leading number: record id =
``2`` for all of ``2``, ``2a``, ``2a1``. Checked on the bundled copy: all 3,062 numbers
have exactly one ``Primary Name`` row (the first of the group) and one ``Type``; the
9,553 name rows give 3,062 targets, which is the "3,062 distinct reference numbers" of
``data/lists/SOURCES.md`` (the 9,553 distinct full references are names, not
targets).

Field mapping:

==================================  ==========================================================
``Reference``                       record id = its leading number
``Type`` Individual / Entity        Person / Organization
``Name Type`` Primary Name          name
``Name Type`` aka                   alias (lang = ISO 15924 script when not Latin)
``Name Type`` Original Script       alias, lang = ISO 15924 script read from the characters
                                    (``Arab``, ``Cyrl``, ``Hani``…), note ``Original Script``
``Name Type`` Formerly known as,    previousName; also an alias row whose name ends with
``Previously listed as``            ``(previously/formerly listed as)``
``Date of Birth``                   birthDate; text cells hold lists (``a) 1955 b) 1960``,
                                    ``;``, ``>>``), "Approximately", ranges (→ ``1955/1958``)
``Place of Birth``                  birthPlace (enumerations split)
``Citizenship``                     citizenship (``Russian and Ukrainian`` → ru, ua)
``Address``                         address (enumerations split); country when the last part
                                    names one
``Additional Information``          notes; ``Title:`` → title (forms of address:
                                    "Maulavi", "Dr"; `embargo.sources.names`),
                                    ``Gender:`` → gender, IMO
                                    numbers → imoNumber, company/state registration
                                    numbers → registrationNumber,
                                    ``Passport no`` → passportNumber,
                                    ``National identification no`` → idNumber (first
                                    number-like token after the label)
``Listing Information``             notes; listingDate when it starts ``Listed … on <date>``
``Committees``                      program (``1988 (Taliban)``, ``Autonomous (Russia)``)
``Control Date``                    modifiedAt (latest of the group)
==================================  ==========================================================

Quirks:

- ``Type`` and ``Name Type`` come in several spellings and cases (``Entity ``,
  ``individual``, ``Primary name``, ``Original script``, ``AKA``): compared folded.
- Some aliases of type ``aka`` are in Arabic or Cyrillic script; they get the script
  as ``lang`` too.
- Dates of birth are date cells, bare year numbers, or free text; a value that cannot
  be read is counted in ``ParseResult.skipped``.
- Placeholders (``NA``, ``na``, ``-``) are read as empty.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import ClassVar

from embargo.model.entity import Entity
from embargo.model.scripts import script_code
from embargo.model.values import clean_date
from embargo.sources.base import ParseResult, SourceParser
from embargo.sources.names import previously_listed_name, split_script_pair
from embargo.sources.row_groups import Row, distinct_rows, group_rows
from embargo.sources.xlsx import (
    Header,
    add_countries,
    countries_in,
    excel_date,
    find_header,
    open_workbook,
    peek_workbook,
    sheet_has_labels,
    sheet_rows,
    split_enumerated,
    value_text,
)

REQUIRED = (
    "Reference",
    "Name of Individual or Entity",
    "Type",
    "Name Type",
    "Date of Birth",
    "Place of Birth",
    "Citizenship",
    "Address",
    "Additional Information",
    "Listing Information",
    "Committees",
    "Control Date",
)
SNIFF_LABELS = ("Reference", "Name of Individual or Entity", "Name Type", "Control Date")
#: Columns that differ between the name rows of one target.
NAME_ROW_COLUMNS = ("Reference", "Name of Individual or Entity", "Name Type")

SCHEMA_BY_TYPE: dict[str, str] = {"individual": "Person", "entity": "Organization"}

_REFERENCE = re.compile(r"^\s*(\d+)\s*([A-Za-z]*\d*)\s*$")

# Dates of birth -----------------------------------------------------------------------
_DOB_SPLIT = re.compile(
    r"\s*(?:;|>>|\n|\bor\b|&|,(?=\s*\d{1,2}/)|(?<=\d{4})\s+(?=\d{1,2}/))\s*", re.I
)
_DOB_PREFIX = re.compile(
    r"^(?:(?:approximately|approx\.?|circa|about|around|ca\.?|c\.|born(?: on| in)?|"
    r"alt(?:ernative)?\.?(?:\s*DOB)?|dob|date of birth|in|on|between|possibly)\s*:?\s*)+",
    re.I,
)
_DOB_RANGE = re.compile(r"^(.+?)\s*(?:-|–|to|and)\s*(.+)$")
_DOB_PAREN = re.compile(r"\s*\([^()]*\)\s*")
_DOB_DOTS = (
    (re.compile(r"(\d)\.\s*(?=[A-Za-z])"), r"\1 "),
    (re.compile(r"([A-Za-z])\.(?=\d)"), r"\1. "),
)
_DOB_DASHED = re.compile(r"^(\d{1,2})-([A-Za-z]{3,9})-(\d{4})$")
_DOB_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{4})$")

# Additional information -----------------------------------------------------------------
_IMO = re.compile(
    r"\bIMO\)?(?:\s+(?:identification\s+)?(?:number|no\.?|ship\s+no\.?))?\s*:?\s*(\d{7})\b",
    re.I,
)
_REGISTRATION = re.compile(
    r"\b(?:Company identification number|State registration number|Registration (?:ID|number)|"
    r"Company registration number)\s*(?:\(OGRN\))?\s*:?\s*([A-Z0-9][A-Z0-9-]{4,})",
    re.I,
)
_GENDER = re.compile(r"\bGender\s*:\s*(male|female)\b", re.I)
_TITLE = re.compile(r"\bTitle\s*:\s*(.+?)(?=\.\s|\.$|\n|$|\s+[A-Z][A-Za-z]+(?: [a-z]+)*\s*:)")
_DOC_LABEL = re.compile(
    r"\b(Passport(?:\s+(?:no|number))?|National identification (?:no|number))\.?\s*:\s*(.+?)"
    r"(?=\.\s+[A-Z]|\n|$)",
    re.I,
)
_DOC_TOKEN = re.compile(r"\b(?=[A-Z0-9-]*\d)(?![12]\d{3}\b)[A-Z]{0,3}\d[\dA-Z-]{4,}\b")
_ADDRESS_PARTS = re.compile(r",\s*")
_LISTED_ON = re.compile(r"^\s*Listed\b[^.]*?\bon:?\s+(\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4})", re.I)


def reference_number(reference: str) -> str | None:
    """The target's number in a name row's ``Reference`` (``2a1`` → ``2``), or None."""
    match = _REFERENCE.match(reference)
    return match.group(1) if match else None


def dfat_birth_dates(value: object) -> tuple[list[tuple[str, str | None]], int]:
    """ISO dates of birth in a DFAT cell, each with the original text, and a count of
    the parts that could not be read.

    Date cells give their date, bare numbers their year; text is split on enumerations
    (``a) … b) …``), ``;``, ``>>``, line breaks and "or". "Approximately"/"circa"
    prefixes are dropped (the value keeps the precision published); ``1955-1958`` and
    "between 1955 and 1958" become ``1955/1958``.
    """
    day = excel_date(value)
    if day is not None:
        return [(day.isoformat(), None)], 0
    if isinstance(value, int) and 1800 <= value <= 2100:
        return [(f"{value:04d}", None)], 0
    text = value_text(value, lines=True)
    if text is None:
        return [], 0
    found: list[tuple[str, str | None]] = []
    failed = 0
    for item in split_enumerated(text):
        item = item.strip()
        if item.startswith("(") and item.endswith(")") and item.count("(") == 1:
            item = item[1:-1]
        # Remarks in parentheses separate values: "15 May 1968 (as X) 1970 (as Y)".
        item = _DOB_PAREN.sub(";", item)
        for part in _DOB_SPLIT.split(item):
            original = part.strip(" ,.")
            if not original or value_text(original) is None:
                continue
            iso = _dfat_date(original)
            if iso is None:
                failed += 1
            else:
                found.append((iso, original))
    return found, failed


def _dfat_date(text: str) -> str | None:
    value = _DOB_PREFIX.sub("", text).strip(" ,.")
    for pattern, replacement in _DOB_DOTS:
        value = pattern.sub(replacement, value)
    value = _DOB_DASHED.sub(r"\1 \2 \3", value)
    month_year = _DOB_MONTH_YEAR.match(value)
    if month_year is not None:
        month, year = int(month_year.group(1)), month_year.group(2)
        return clean_date(f"{year}-{month:02d}") if 1 <= month <= 12 else None
    iso = clean_date(value, dayfirst=True)
    if iso is not None:
        return iso
    match = _DOB_RANGE.match(value)
    if match:
        start = clean_date(_DOB_PREFIX.sub("", match.group(1)), dayfirst=True)
        end = clean_date(_DOB_PREFIX.sub("", match.group(2)), dayfirst=True)
        if start is not None and end is not None and start < end:
            return f"{start}/{end}"
    return None


class AuDfatXlsx(SourceParser):
    """Parser of the Australian DFAT Consolidated List workbook."""

    NAME: ClassVar[str] = "au_dfat_xlsx"
    TITLE: ClassVar[str] = "Australia DFAT Consolidated List (XLSX)"
    LIST_KEY: ClassVar[str] = "au_dfat"
    URL: ClassVar[str | None] = (
        "https://www.dfat.gov.au/sites/default/files/regulation8_consolidated.xlsx"
    )
    FILE_NAMES: ClassVar[tuple[str, ...]] = ("*regulation8_consolidated*.xlsx",)

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        """A workbook whose first sheet's first row is the DFAT header."""
        peek = peek_workbook(path, head)
        return peek is not None and sheet_has_labels(peek.head(0, rows=1), SNIFF_LABELS) == 1

    def parse(self, path: Path) -> ParseResult:
        list_key = self.list_key_for(path)
        result = ParseResult(self.NAME, list_key, None, [], [path])
        skipped = result.skipped
        with open_workbook(self, path) as workbook:
            sheet = workbook.worksheets[0]
            rows = sheet_rows(self, path, sheet)
            header = find_header(self, path, rows, REQUIRED, within=1, sheet=sheet.title)
            groups = group_rows(rows, header, "Reference", skipped, key=reference_number)
        control_dates: list[str] = []
        for record_id, group in groups.items():
            entity = self._entity(list_key, record_id, group, header, skipped)
            if entity is None:
                continue
            result.entities.append(entity)
            modified = entity.first("modifiedAt")
            if modified is not None:
                control_dates.append(modified)
        result.published = max(control_dates) if control_dates else None
        return result

    def _entity(
        self,
        list_key: str,
        record_id: str,
        rows: list[Row],
        header: Header,
        skipped: Counter[str],
    ) -> Entity | None:
        kinds = [(header.text(v, "Type") or "").casefold() for _, v in rows]
        schema = next((SCHEMA_BY_TYPE[k] for k in kinds if k in SCHEMA_BY_TYPE), None)
        if schema is None:
            skipped[f"unknown Type {kinds[0]!r}"] += 1
            schema = "LegalEntity"
        entity = Entity(list_key, record_id, schema)
        has_primary = any(
            (header.text(v, "Name Type") or "").casefold() == "primary name" for _, v in rows
        )
        for i, (_, values) in enumerate(rows):
            name = header.text(values, "Name of Individual or Entity")
            if name is None:
                skipped["name row without a name"] += 1
                continue
            name_type = header.text(values, "Name Type") or ""
            kind = name_type.casefold()
            if kind == "primary name" or (not has_primary and i == 0):
                entity.add("name", name)
            elif kind == "original script":
                entity.add("alias", name, lang=script_code(name), note=name_type)
            elif kind in ("formerly known as", "previously listed as"):
                entity.add("previousName", name, note=name_type)
            elif (previous := previously_listed_name(name)) is not None:
                entity.add("previousName", previous, note=name_type)
            else:
                for part in split_script_pair(name):
                    entity.add("alias", part, lang=script_code(part))
        control: list[str] = []
        for values in distinct_rows(rows, header, NAME_ROW_COLUMNS):
            self._row_values(entity, values, header, skipped)
            day = excel_date(header.get(values, "Control Date"))
            if day is not None:
                control.append(day.isoformat())
            elif header.text(values, "Control Date") is not None:
                skipped["Control Date unreadable"] += 1
        if control:
            entity.add("modifiedAt", max(control))
        if not entity.names:
            skipped["target without a name"] += 1
            return None
        return entity

    def _row_values(
        self,
        entity: Entity,
        values: tuple[object, ...],
        header: Header,
        skipped: Counter[str],
    ) -> None:
        def get(label: str, lines: bool = False) -> str | None:
            return header.text(values, label, lines=lines)

        dates, failed = dfat_birth_dates(header.get(values, "Date of Birth"))
        for iso, original in dates:
            entity.add("birthDate", iso, note=original if original != iso else None)
        if failed:
            skipped["birthDate unreadable"] += failed
        for place in split_enumerated(get("Place of Birth")):
            entity.add("birthPlace", place)
        citizenship = get("Citizenship")
        if citizenship is not None:
            codes = [c for item in split_enumerated(citizenship) for c in countries_in(item)]
            add_countries(entity, "citizenship", codes, skipped)
        for address in split_enumerated(get("Address")):
            if value_text(address) is None:
                continue
            entity.add("address", address)
            last = _ADDRESS_PARTS.split(address)[-1]
            for code in countries_in(last):
                entity.add("country", code)
        info = get("Additional Information", lines=True)
        if info is not None:
            self._additional_information(entity, info)
        listing = get("Listing Information")
        if listing is not None:
            entity.add("notes", listing)
            listed = _LISTED_ON.match(listing)
            if listed is not None and not entity.add("listingDate", listed.group(1)):
                skipped["listing date unreadable"] += 1
        for program in (get("Committees") or "").split("\n"):
            entity.add("program", program)

    def _additional_information(self, entity: Entity, info: str) -> None:
        entity.add("notes", info)
        for imo in _IMO.findall(info):
            entity.add("imoNumber", imo)
        for number in _REGISTRATION.findall(info):
            entity.add("registrationNumber", number)
        gender = _GENDER.search(info)
        if gender is not None:
            entity.add("gender", gender.group(1).casefold())
        if entity.schema == "Person":
            title = _TITLE.search(info)
            if title is not None:
                for item in split_enumerated(title.group(1)):
                    entity.add("title", item)
        for label, text in _DOC_LABEL.findall(info):
            prop = "passportNumber" if label.casefold().startswith("passport") else "idNumber"
            for item in split_enumerated(text):
                for token in _DOC_TOKEN.findall(item):
                    entity.add(prop, token, note=item.strip())
