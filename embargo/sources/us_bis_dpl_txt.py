"""BIS Denied Persons List — ``dpl.txt``.

Official URL: https://www.bis.doc.gov/dpl/dpl.txt (Bureau of Industry and Security, US
Department of Commerce; updated whenever a denial order is published in the Federal
Register, typically several times a month).

Format: tab-delimited text, every field in double quotes, header row ``Name
Street_Address City State Country Postal_Code Effective_Date Expiration_Date
Standard_Order Last_Update Action FR_Citation``. US dates (``06/19/2003``) except
``Last_Update`` (ISO).

The list has no record ids, and one denial can take several rows: one per address, or
per Federal Register notice (renewals of temporary denial orders). Rows are grouped into
one entity per *denied party and order*: same name (spaces collapsed, case folded) and
same ``Effective_Date``. The record id is the first 16 hex digits of the SHA-1 of
``<folded name>|<ISO effective date>``: stable across publications as long as BIS does
not correct the name or the date (then the designation shows up as removed and added,
which is what happened), unique by construction (a hash clash between two different
parties raises `ParseError` instead of merging them). The bundled file: 665 rows →
547 entities (545 distinct names; two names were denied twice, under different orders).
The same person under a differently spelled name (``ABDULAH``/``ABDULLAH AL NASSER``)
stays two entities, as BIS lists them.

Schema: the list does not say person or company. A name with a legal form or an
unmistakable organisation word (``LLC``, ``GMBH``, ``AIRLINES``…, see
`embargo.sources.orgnames`) → Organization; everything else stays LegalEntity, which
matches both person and organisation queries.

Field mapping:

==================================================  ===========================================
column                                              property
==================================================  ===========================================
Name                                                name; the parts of ``X A/K/A Y`` and
                                                    ``X D/B/A Y`` also → alias
Street_Address, City, State, Postal_Code, Country   address (joined by ", ", one per row);
                                                    Country also → country
Effective_Date                                      listingDate (month first)
Expiration_Date                                     notes (ISO), note "Expiration date"
Standard_Order                                      notes, note "Standard order"
Last_Update                                         modifiedAt
Action                                              notes, note "Action"
FR_Citation                                         notes, note "Federal Register citation"
==================================================  ===========================================

Every entity also gets ``sanctionsList`` "Denied Persons List" (note ``DPL``) and
``authority`` "Bureau of Industry and Security".

Published date: the file states none; the proxy is the latest ``Last_Update`` that is a
real date not in the future (2023-11-28 for the bundled copy). One row has
``Last_Update`` 3033-09-30 (as published; JOSE ERNESTO GARCIA): the date cleaner refuses
years after 2200, so it is not stored and is counted in ``skipped``.

Quirks: 289 addresses have no Country even outside the US (kept without a country; no
guess from the state); two rows are exact duplicates; ``Standard_Order`` has ``y`` once.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from pathlib import Path
from typing import ClassVar

from embargo.model.entity import Entity
from embargo.model.values import clean_date, collapse_spaces
from embargo.sources.base import ParseResult, SourceParser
from embargo.sources.dates import latest_past_date
from embargo.sources.io import header_columns, open_text
from embargo.sources.orgnames import looks_like_organization

COLUMNS: tuple[str, ...] = (
    "Name",
    "Street_Address",
    "City",
    "State",
    "Country",
    "Postal_Code",
    "Effective_Date",
    "Expiration_Date",
    "Standard_Order",
    "Last_Update",
    "Action",
    "FR_Citation",
)
#: Columns without which the file is not the DPL.
REQUIRED_COLUMNS: frozenset[str] = frozenset(
    {"Name", "Street_Address", "Country", "Effective_Date", "FR_Citation"}
)
#: Address parts in the order they are joined.
ADDRESS_COLUMNS: tuple[str, ...] = ("Street_Address", "City", "State", "Postal_Code", "Country")

SANCTIONS_LIST = "Denied Persons List"
AUTHORITY = "Bureau of Industry and Security"

_ALIAS_SPLIT = re.compile(r"\s+(?:A/K/A|D/B/A)\s+", re.IGNORECASE)


def record_id(name: str, effective_date: str) -> str:
    """Stable id of one denied party under one order (see the module docstring)."""
    key = f"{collapse_spaces(name).casefold()}|{effective_date}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


class UsBisDplTxt(SourceParser):
    """Parser of the BIS Denied Persons List tab-delimited text file."""

    NAME: ClassVar[str] = "us_bis_dpl_txt"
    TITLE: ClassVar[str] = "BIS Denied Persons List (dpl.txt)"
    LIST_KEY: ClassVar[str] = "us_bis_dpl"
    URL: ClassVar[str | None] = "https://www.bis.doc.gov/dpl/dpl.txt"
    FILE_NAMES: ClassVar[tuple[str, ...]] = ("dpl.txt", "dpl.txt.gz", "*_dpl.txt")

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        """The header row holds the DPL's tab-separated column names."""
        return REQUIRED_COLUMNS <= header_columns(head, "\t")

    def parse(self, path: Path) -> ParseResult:
        list_key = self.list_key_for(path)
        result = ParseResult(
            source=self.NAME, list_key=list_key, published=None, entities=[], files=[path]
        )
        by_id: dict[str, tuple[str, Entity]] = {}
        updates: list[str] = []
        with open_text(path) as fh:
            reader = csv.DictReader(fh, delimiter="\t", quotechar='"', strict=True)
            missing = REQUIRED_COLUMNS - set(reader.fieldnames or ())
            if missing:
                raise self.error(
                    f"not the BIS DPL: header lacks columns {', '.join(sorted(missing))}",
                    path,
                    line=1,
                )
            width = len(reader.fieldnames or ())
            for row in reader:
                if None in row or None in row.values():
                    # A cut-off download ends in a short row; csv does not notice.
                    raise self.error(
                        f"row has {len(row) - (None in row)} fields, the header {width}: "
                        "truncated file?",
                        path,
                        line=reader.line_num,
                    )
                cells = {c: collapse_spaces(row.get(c) or "") for c in COLUMNS}
                name = cells["Name"]
                if not name:
                    result.skipped["row without name"] += 1
                    continue
                effective = clean_date(cells["Effective_Date"], dayfirst=False)
                if effective is None:
                    result.skipped["Effective_Date: not a date"] += 1
                key = f"{name.casefold()}|{effective or cells['Effective_Date']}"
                rid = record_id(name, effective or cells["Effective_Date"])
                known = by_id.get(rid)
                if known is None:
                    schema = "Organization" if looks_like_organization(name) else "LegalEntity"
                    entity = Entity(list_key=list_key, record_id=rid, schema=schema)
                    by_id[rid] = (key, entity)
                    result.entities.append(entity)
                elif known[0] != key:
                    raise self.error(
                        f"record id clash between {known[0]!r} and {key!r}",
                        path,
                        line=reader.line_num,
                        record_id=rid,
                    )
                else:
                    entity = known[1]
                self._add_row(entity, cells, effective, result.skipped)
                update = clean_date(cells["Last_Update"], dayfirst=False)
                if update is not None:
                    updates.append(update)
        result.published = latest_past_date(updates)
        return result

    @staticmethod
    def _add_row(
        entity: Entity, cells: dict[str, str], effective: str | None, skipped: Counter[str]
    ) -> None:
        name = cells["Name"]
        entity.add("name", name)
        parts = _ALIAS_SPLIT.split(name)
        if len(parts) > 1:
            for part in parts:
                entity.add("alias", part)
        entity.add("sanctionsList", SANCTIONS_LIST, note="DPL")
        entity.add("authority", AUTHORITY)
        address = ", ".join(cells[c] for c in ADDRESS_COLUMNS if cells[c])
        entity.add("address", address)
        if cells["Country"] and not entity.add("country", cells["Country"]):
            skipped["Country: not a country"] += 1
        if effective is not None:
            entity.add("listingDate", cells["Effective_Date"], dayfirst=False)
        expiration = cells["Expiration_Date"]
        if expiration:
            iso = clean_date(expiration, dayfirst=False)
            entity.add("notes", iso or expiration, note="Expiration date")
        entity.add("notes", cells["Standard_Order"].upper(), note="Standard order")
        if cells["Last_Update"] and not entity.add(
            "modifiedAt", cells["Last_Update"], dayfirst=False
        ):
            skipped["Last_Update: not a plausible date"] += 1
        entity.add("notes", cells["Action"], note="Action")
        entity.add("notes", cells["FR_Citation"], note="Federal Register citation")
