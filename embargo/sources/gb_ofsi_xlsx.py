"""UK HM Treasury / OFSI Consolidated List of Financial Sanctions Targets (Excel).

Official URL: https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.xlsx
(the "2022 format" publication; the same content is published as CSV and TXT). OFSI
updates it whenever a designation changes, often several times a week.

Format: one sheet. Row 1 holds ``Last Updated`` and the publication date
(``14/04/2025``), row 2 the header, then one row per *name* of a target. Rows of one
target share a ``Group ID``; a target has as many rows as it has names, and a name row
is repeated when the target has several dates of birth or addresses (the file is
flattened: 18,798 rows for 4,688 targets in the bundled copy). The parser groups the
rows by ``Group ID`` into one entity (record id = Group ID) and merges the values.

Field mapping:

============================================  ==============================================
``Group ID``                                  record id
``Group Type`` Individual / Entity / Ship     Person / Organization / Vessel
``Name 1``…``Name 5``, ``Name 6``             name, joined as ``Name 1 … Name 5 Name 6``
                                              (``Name 6`` is the surname or the entity name);
                                              Persons also get firstName (Name 1),
                                              middleName (Name 2–5), lastName (Name 6) from
                                              their primary-name rows
``Alias Type`` Primary name                   name
``Alias Type`` Primary name variation         alias (note ``Primary name variation``)
``Alias Type`` AKA                            alias; weakAlias when ``Alias Quality`` is
                                              ``Low quality`` (note = the quality)
``Alias Type`` FKA                            previousName
``Name Non-Latin Script``                     alias, lang = ISO 639-3 of ``Non-Latin Script
                                              Language``, else the ISO 15924 script read
                                              from the characters
``Title``                                     title (enumerations split): forms of
                                              address ("Mr", "Maulavi", "Colonel")
``DOB`` ``dd/mm/yyyy`` (``00`` = unknown)     birthDate (``00/00/1978`` → 1978, ``00/05/1955``
                                              → 1955-05); one value per distinct row value
``Town of Birth`` + ``Country of Birth``      birthPlace (paired by enumeration), and
                                              birthCountry
``Nationality``                               nationality
``Passport Number`` + ``Passport Details``    passportNumber, note = details (paired by
                                              enumeration)
``National Identification Number/Details``    idNumber, note = details
``Position``                                  position (functions), or title when
                                              only honorifics (`embargo.sources.names`)
``Address 1``…``6``, ``Post/Zip Code``,       address (parts joined by ", "); country
``Country``
``Regime``                                    program
``Listed On``                                 listingDate
``UK Sanctions List Date Designated``         listingDate (note says so)
``Last Updated``                              modifiedAt (latest)
``Other Information`` ``(Key):value`` parts   ``(UN Ref)`` → unscId; ``(UK Sanctions List
                                              Ref)`` → authorityId (note); ``(UK Statement of
                                              Reasons)`` → reason; ``(Gender)`` → gender;
                                              phone, email, website, ``Business Reg No`` →
                                              registrationNumber, ``Parent company`` →
                                              parent; ships: ``IMO number`` → imoNumber,
                                              ``Flag of ship`` → flag, ``Type of ship`` →
                                              type, ``Tonnage of ship`` → tonnage, ``Year
                                              built`` → buildDate, ``Current owners`` →
                                              owner; the remaining text → notes
============================================  ==============================================

Quirks:

- UN references are kept in ``unscId`` (FtM's property for a UN Security Council
  identifier), so an OFSI target can be tied to its UN designation (``QDi.414``). The
  UK Sanctions List reference (``RUS0296``, the record id of the FCDO list) goes to
  ``authorityId``, mirroring ``gb_fcdo_xml``, which keeps the OFSI Group ID there.
- Two targets have no ``Primary name`` row, only ``Primary name variation`` rows
  (Group IDs 16601, 16789): the first variation becomes the name, the others aliases.
- A few targets have several ``Primary name`` rows with different spellings (e.g.
  Lukashenko, Ryhorovich / Grigorievich): each is a ``name``.
- ``Non-Latin Script Type`` has typos (``Cryillic``, ``Cyrilic``); the script is read
  from the characters instead, and the language from ``Non-Latin Script Language``.
- Dates are text cells in day-first order, read by `embargo.sources.dates.partial_dmy`
  (as the FCDO list's ``dd/mm/yyyy``); values that cannot be read are counted in
  ``ParseResult.skipped``.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import ClassVar

from embargo.model.entity import Entity
from embargo.model.scripts import language_code, script_code
from embargo.sources.base import ParseResult, SourceParser
from embargo.sources.dates import partial_dmy
from embargo.sources.identifiers import imo_number
from embargo.sources.names import add_function, add_uk_name_parts, clean_gender
from embargo.sources.row_groups import Row, distinct_rows, group_rows
from embargo.sources.xlsx import (
    Header,
    add_countries,
    cell_text,
    countries_in,
    find_header,
    open_workbook,
    peek_workbook,
    sheet_has_labels,
    sheet_rows,
    split_enumerated,
    value_text,
)

NAME_COLUMNS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6")
ADDRESS_COLUMNS = ("Address 1", "Address 2", "Address 3", "Address 4", "Address 5", "Address 6")

#: Columns that differ between the name rows of one target.
NAME_ROW_COLUMNS = (
    *NAME_COLUMNS,
    "Name Non-Latin Script",
    "Non-Latin Script Type",
    "Non-Latin Script Language",
    "Alias Type",
    "Alias Quality",
)

#: Columns the parser reads; a file without any of them is refused.
REQUIRED = (
    *NAME_COLUMNS,
    "Title",
    "Name Non-Latin Script",
    "Non-Latin Script Language",
    "DOB",
    "Town of Birth",
    "Country of Birth",
    "Nationality",
    "Passport Number",
    "Passport Details",
    "National Identification Number",
    "National Identification Details",
    "Position",
    *ADDRESS_COLUMNS,
    "Post/Zip Code",
    "Country",
    "Other Information",
    "Group Type",
    "Alias Type",
    "Alias Quality",
    "Regime",
    "Listed On",
    "UK Sanctions List Date Designated",
    "Last Updated",
    "Group ID",
)

#: Header labels that identify the format when sniffing.
SNIFF_LABELS = ("Name 6", "Group Type", "Alias Type", "Regime", "Group ID")

SCHEMA_BY_TYPE: dict[str, str] = {
    "individual": "Person",
    "entity": "Organization",
    "ship": "Vessel",
}

#: ``(Key):`` labels of ``Other Information`` that the parser maps; other parenthesised
#: text followed by a colon (``(2022):``) stays part of the narrative.
OTHER_KEYS = (
    "UK Sanctions List Ref",
    "UN Ref",
    "UK Statement of Reasons",
    "Gender",
    "Phone number",
    "Tel",
    "Fax",
    "Email address",
    "Website",
    "Type of entity",
    "Parent company",
    "Subsidiaries",
    "Business Reg No",
    "IMO number",
    "Current owners",
    "Flag of ship",
    "Previous flags",
    "Type of ship",
    "Tonnage of ship",
    "Length of ship",
    "Year built",
)
_OTHER_KEY = re.compile(r"\((" + "|".join(re.escape(k) for k in OTHER_KEYS) + r")\)\s*:\s*")
_UN_REF = re.compile(r"^(?:UN Ref\s*)?([A-Z]{2}[ie]\.\d{1,4})\b\.?\s*")
_UK_REF = re.compile(r"^([A-Z]{2,4}\d{3,5})\b\.?\s*")


def split_other_information(text: str | None) -> tuple[list[tuple[str, str]], list[str]]:
    """Split ``Other Information`` into ``(key, value)`` pairs and free narrative.

    UN and UK references are cut off the front of their value; what follows them
    (``(UN Ref):CFi.010. Ali Kony is a deputy…``) is narrative.
    """
    if not text:
        return [], []
    pairs: list[tuple[str, str]] = []
    narrative: list[str] = []
    matches = list(_OTHER_KEY.finditer(text))
    head = text[: matches[0].start()] if matches else text
    if head.strip(" ."):
        narrative.append(head.strip())
    for match, nxt in zip(matches, [*matches[1:], None], strict=True):
        key = match.group(1)
        value = text[match.end() : nxt.start() if nxt else len(text)].strip()
        if key in ("UN Ref", "UK Sanctions List Ref"):
            ref = (_UN_REF if key == "UN Ref" else _UK_REF).match(value)
            if ref is not None:
                pairs.append((key, ref.group(1)))
                value = value[ref.end() :].strip()
            if value.strip(" ."):
                narrative.append(value)
            continue
        value = value.rstrip(" .;,")
        if value:
            pairs.append((key, value))
    return pairs, narrative


def _pair(numbers: list[str], details: list[str]) -> list[tuple[str, str | None]]:
    """Pair enumerated identifiers with their enumerated details (by position)."""
    out: list[tuple[str, str | None]] = []
    for i, number in enumerate(numbers):
        if len(details) == len(numbers):
            detail: str | None = details[i]
        elif len(details) == 1:
            detail = details[0]
        else:
            detail = None
        out.append((number, detail))
    return out


_DOC_COUNTRY = re.compile(
    r"^([A-Za-z .'-]+?)(?:\s+(?:number|passport|national|diplomatic)\b|[,.(]|$)"
)


def _document_country(detail: str | None) -> str | None:
    """The issuing country at the start of an OFSI document detail (``India number…``)."""
    if not detail:
        return None
    match = _DOC_COUNTRY.match(detail)
    return match.group(1).strip() if match else None


class GbOfsiXlsx(SourceParser):
    """Parser of the OFSI Consolidated List, 2022-format Excel workbook."""

    NAME: ClassVar[str] = "gb_ofsi_xlsx"
    TITLE: ClassVar[str] = "UK OFSI Consolidated List of Financial Sanctions Targets (XLSX)"
    LIST_KEY: ClassVar[str] = "gb_ofsi"
    URL: ClassVar[str | None] = (
        "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.xlsx"
    )
    FILE_NAMES: ClassVar[tuple[str, ...]] = ("conlist.xlsx", "*ofsi*conlist*.xlsx")

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        """A workbook whose first sheet starts ``Last Updated`` with the OFSI header below."""
        peek = peek_workbook(path, head)
        if peek is None:
            return False
        rows = peek.head(0, rows=3)
        if not rows or not rows[0] or rows[0][0].strip().casefold() != "last updated":
            return False
        return sheet_has_labels(rows, SNIFF_LABELS) is not None

    def parse(self, path: Path) -> ParseResult:
        list_key = self.list_key_for(path)
        result = ParseResult(self.NAME, list_key, None, [], [path])
        skipped = result.skipped
        with open_workbook(self, path) as workbook:
            sheet = workbook.worksheets[0]
            rows = sheet_rows(self, path, sheet)
            first = next(rows, None)
            if first is None:
                raise self.error("the first sheet is empty", path)
            label = cell_text(first[1][0] if first[1] else None)
            if label is None or label.casefold() != "last updated":
                raise self.error(
                    "expected 'Last Updated' and the publication date in row 1", path, line=1
                )
            published_text = cell_text(first[1][1] if len(first[1]) > 1 else None)
            result.published = partial_dmy(published_text)
            if result.published is None:
                skipped["published date unreadable"] += 1
            header = find_header(self, path, rows, REQUIRED, within=3, sheet=sheet.title)
            groups = group_rows(rows, header, "Group ID", skipped)
        for group_id, group in groups.items():
            entity = self._entity(list_key, group_id, group, header, skipped)
            if entity is not None:
                result.entities.append(entity)
        return result

    def _entity(
        self,
        list_key: str,
        group_id: str,
        rows: list[Row],
        header: Header,
        skipped: Counter[str],
    ) -> Entity | None:
        get = header.text
        group_type = (get(rows[0][1], "Group Type") or "").casefold()
        schema = SCHEMA_BY_TYPE.get(group_type)
        if schema is None:
            skipped[f"unknown Group Type {group_type!r}"] += 1
            schema = "LegalEntity"
        entity = Entity(list_key, group_id, schema)
        has_primary = any(
            (get(values, "Alias Type") or "").casefold() == "primary name" for _, values in rows
        )
        name_rows = sorted(rows, key=lambda row: _name_rank(get(row[1], "Alias Type")))
        promoted = False
        for _, values in name_rows:
            parts = [get(values, col) for col in NAME_COLUMNS]
            full = " ".join(p for p in parts if p)
            alias_type = get(values, "Alias Type") or ""
            quality = get(values, "Alias Quality")
            kind = alias_type.casefold()
            if kind == "primary name" or (not has_primary and not promoted):
                promoted = kind != "primary name"
                if full:
                    entity.add("name", full)
                if schema == "Person":
                    add_uk_name_parts(entity, parts)
            elif kind == "fka":
                entity.add("previousName", full, note=quality or alias_type)
            elif quality is not None and quality.casefold() == "low quality":
                entity.add("weakAlias", full, note=quality)
            else:
                entity.add("alias", full, note=quality or alias_type or None)
            original = get(values, "Name Non-Latin Script")
            if original:
                language = get(values, "Non-Latin Script Language")
                lang = language_code(language) if language else None
                entity.add(
                    "alias", original, lang=lang or script_code(original), note="non-Latin script"
                )
        updated: list[str] = []
        # Rows repeat the target's details once per name: read each variant once.
        for values in distinct_rows(rows, header, NAME_ROW_COLUMNS):
            self._row_values(entity, values, header, skipped)
            iso = partial_dmy(get(values, "Last Updated"))
            if iso is not None:
                updated.append(iso)
        if updated:
            entity.add("modifiedAt", max(updated))
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
        def get(label: str) -> str | None:
            return header.text(values, label)

        for title in split_enumerated(get("Title")):
            entity.add("title", title)
        dob = get("DOB")
        if dob is not None:
            iso = partial_dmy(dob)
            if iso is None or not entity.add("birthDate", iso, note=dob if iso != dob else None):
                skipped["birthDate unreadable"] += 1
        towns = split_enumerated(get("Town of Birth"))
        countries = split_enumerated(get("Country of Birth"))
        for country in countries:
            _add_countries(entity, "birthCountry", country, skipped)
        for i, town in enumerate(towns):
            place_country: str | None = None
            if len(countries) == len(towns):
                place_country = countries[i]
            elif len(countries) == 1:
                place_country = countries[0]
            town = town.rstrip(" .,;")
            entity.add("birthPlace", f"{town}, {place_country}" if place_country else town)
        if not towns and countries:
            for country in countries:
                entity.add("birthPlace", country)
        for nationality in split_enumerated(get("Nationality")):
            _add_countries(entity, "nationality", nationality, skipped)
        for prop, num_col, det_col in (
            ("passportNumber", "Passport Number", "Passport Details"),
            ("idNumber", "National Identification Number", "National Identification Details"),
        ):
            numbers = [n.strip(" .,;") for n in split_enumerated(get(num_col)) if value_text(n)]
            details = split_enumerated(get(det_col))
            for doc, detail in _pair(numbers, details):
                entity.add(prop, doc, note=detail, country=_document_country(detail))
        for position in split_enumerated(get("Position")):
            add_function(entity, position)
        parts = [get(col) for col in (*ADDRESS_COLUMNS, "Post/Zip Code", "Country")]
        address = ", ".join(p for p in parts if p)
        if address:
            entity.add("address", address)
        _add_countries(entity, "country", get("Country"), skipped)
        entity.add("program", get("Regime"))
        for label in ("Listed On", "UK Sanctions List Date Designated"):
            text = get(label)
            iso = partial_dmy(text)
            if text is not None and iso is None:
                skipped[f"{label} unreadable"] += 1
            elif iso is not None:
                entity.add("listingDate", iso, note=None if label == "Listed On" else label)
        self._other_information(entity, get("Other Information"), skipped)

    def _other_information(self, entity: Entity, text: str | None, skipped: Counter[str]) -> None:
        pairs, narrative = split_other_information(text)
        for key, value in pairs:
            if key == "UN Ref":
                entity.add("unscId", value)
            elif key == "UK Sanctions List Ref":
                entity.add("authorityId", value, note=key)
            elif key == "UK Statement of Reasons":
                entity.add("reason", value)
            elif key == "Gender":
                if not entity.add("gender", clean_gender(value)):
                    skipped["Gender unknown"] += 1
            elif key in ("Phone number", "Tel"):
                entity.add("phone", value)
            elif key == "Fax":
                entity.add("phone", value, note="Fax")
            elif key == "Email address":
                entity.add("email", value)
            elif key == "Website":
                entity.add("website", value)
            elif key == "Business Reg No":
                entity.add("registrationNumber", value)
            elif key == "Parent company":
                entity.add("parent", value)
            elif key == "IMO number":
                if not entity.add("imoNumber", imo_number(value, bare=True, check_digit=False)):
                    skipped["IMO number unreadable"] += 1
            elif key == "Current owners":
                entity.add("owner", value)
            elif key == "Flag of ship":
                _add_countries(entity, "flag", value, skipped)
            elif key == "Type of ship":
                entity.add("type", value)
            elif key == "Tonnage of ship":
                entity.add("tonnage", value)
            elif key == "Year built":
                if not entity.add("buildDate", value):
                    skipped["Year built unreadable"] += 1
            else:  # Type of entity, Subsidiaries, Previous flags, Length of ship
                entity.add("notes", f"{key}: {value}")
        for part in narrative:
            entity.add("notes", part)


def _add_countries(entity: Entity, prop: str, text: str | None, skipped: Counter[str]) -> None:
    """Add the countries a cell names; count a cell that names none."""
    if text is not None:
        add_countries(entity, prop, countries_in(text), skipped)


def _name_rank(alias_type: str | None) -> int:
    """Order name rows so primary names come first, then variations, AKAs, FKAs."""
    order = {"primary name": 0, "primary name variation": 1, "aka": 2, "fka": 3}
    return order.get((alias_type or "").casefold(), 2)
