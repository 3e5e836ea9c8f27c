"""US Consolidated Screening List (trade.gov) — ``consolidated.csv``.

Official URL: https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv
(the International Trade Administration rebuilds it from the source lists every day at
5:00 AM Eastern time).

One file merges thirteen US lists from three departments: Treasury (SDN, SSI, FSE, PLC,
CAPTA, NS-MBS, CMIC), Commerce/BIS (Entity List, Denied Persons, Unverified List,
Military End User) and State (ITAR debarred, Nonproliferation Sanctions). It is a UTF-8
CSV with a header row ``_id,source,entity_number,type,programs,name,title,addresses,
federal_register_notice,start_date,end_date,standard_order,license_requirement,
license_policy,call_sign,vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,
vessel_owner,remarks,source_list_url,alt_names,citizenships,dates_of_birth,nationalities,
places_of_birth,source_information_url,ids``. Multi-valued cells are ``;``-separated.

Every row becomes one entity that keeps its sub-list: ``sanctionsList`` is the ``source``
value as published (``Entity List (EL) - Bureau of Industry and Security``) with the
short code in parentheses (``EL``) as its note, and ``authority`` is the department
after the dash.

Record id: ``<sub-list code>-<_id>`` (``SDN-21944``, ``EL-4398d33e…``). ``_id`` alone is
not unique: Treasury rows use the OFAC entity number as ``_id`` and a party on several
Treasury lists is one row per list (the bundled file has 71 such ``_id`` values on 2 or
3 rows: SDN + SSI + CAPTA, SDN + FSE…). The other lists use a 40-hex hash. The pair
stays stable when a party joins another sub-list, and the row remains traceable
(``_id`` is the trade.gov search id; for Treasury rows it is also the OFAC id). The pair
is unique but once: CAPTA prints ``15268`` (BANK OF KUNLUN) twice, the rows differing
only in ``source_list_url``; such repeats are merged into one entity (all values kept)
and counted in ``skipped["duplicate row merged"]``. So 14,160 rows give 14,159 entities.

Field mapping:

============================  ==============================================================
column                        property
============================  ==============================================================
type                          schema: Individual → Person, Entity → Organization, Vessel,
                              Aircraft → Airplane; empty (BIS, State lists) → LegalEntity,
                              or Organization when the name has a legal form
                              (`embargo.sources.orgnames`)
name / alt_names              name / alias (a leading ``and `` left over from the Entity
                              List's prose, "…; and JSC X", is dropped)
title                         position: OFAC's "title" holds functions; one of
                              honorifics only ("Doctor", "Professor; Doctor") → title,
                              as in the OFAC parsers (`embargo.sources.names`)
programs                      program
addresses                     address (one line each, as published); a trailing ISO
                              country code also → country
dates_of_birth                birthDate (``circa 1944`` → ``1944``, ``1969 to 1971`` →
                              ``1969/1971``)
places_of_birth               birthPlace
nationalities / citizenships  nationality / citizenship
start_date                    listingDate
end_date, standard_order,     notes, each with its column as note
federal_register_notice,
license_requirement,
license_policy
remarks                       notes; every ``Linked To: X`` also → linkedTo (read as
                              in the sdnList XML: `ofac_xml_common.split_linked_to`)
call_sign, vessel_type,       callSign, type, tonnage, grossRegisteredTonnage, flag, owner
gross_tonnage, gross_regi…,
vessel_flag, vessel_owner
source_list_url,              sourceUrl
source_information_url
ids                           see below
============================  ==============================================================

The ``ids`` cell holds ``;``-separated groups ``[country, ][date, [date, ]]number, type``:
the CSL writes each identifier's fields in alphabetical key order (country,
expiration_date, issue_date, number, type) and leaves empty ones out. Identifier dates
are dropped (with one date present the file does not say which it is). ``type`` is
OFAC's field vocabulary (the CSL merges Treasury's lists and uses Treasury's labels for
all of them), so each group goes through the table the OFAC parsers share
(`embargo.sources.ofac_xml_common.apply_field`): the same identifier reads the same from
the CSL and from OFAC's own files. That gives passportNumber, taxNumber,
registrationNumber, idNumber, leiCode, swiftBic, mmsi, serialNumber (country = the id
country, note = the type), imoNumber (seven digits: ``IMO 1234567`` under any type,
companies' IMO numbers included; bare digits with a valid ship check digit under
"Vessel Registration Identification"), publicKey (note = the currency), gender,
website, email, phone, incorporationDate, buildDate, model, operator, vessel facts,
secondarySanctions; sanctions details that are no identifier (directive
determinations, "Issuer Name", Target Type…) → notes as "<type> <value>". A directive's
"Listing Date (…)" is a note there too, and here also ``listingDate``: the CSL lists
sub-list entries, and for a CMIC, CAPTA or NS-MBS entry it is the listing's date. A
type the table does not know goes to notes the same way and is counted in ``skipped``.
On top of the table, a Russian tax number (10 or 12 digits) also → innCode and a
Russian registration number (13 or 15 digits) → ogrnCode, where "Russian" is the id
country RU, or no id country and an address in RU.

Published date: the file states none; the latest ``start_date`` not in the future is the
proxy (2022-04-21 for the bundled copy).

Quirks: 95 names carry leading/trailing spaces (stripped); ``vessel_flag`` may say "None
Identified" (counted as rejected); one address cell contains ``Zone;, CN`` (multi-valued
cells are split on ``; `` with a space for addresses and ids, on ``;`` elsewhere).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path
from typing import ClassVar

from embargo.model.entity import Entity
from embargo.model.values import clean_date
from embargo.sources.base import ParseResult, SourceParser
from embargo.sources.dates import latest_past_date
from embargo.sources.io import header_columns, open_text
from embargo.sources.names import add_function
from embargo.sources.ofac_xml_common import (
    apply_field,
    lookup_field,
    ofac_date,
    schema_for,
    split_linked_to,
)
from embargo.sources.orgnames import looks_like_organization

#: Columns a file must have to be read as the CSL CSV.
REQUIRED_COLUMNS: frozenset[str] = frozenset(
    {"_id", "source", "type", "name", "programs", "addresses", "alt_names", "ids"}
)

_CC = re.compile(r"^[A-Z]{2}$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SUBLIST_CODE = re.compile(r"\(([^()]+)\)")
_LISTING_PREFIX = "Listing Date ("
_NON_ALNUM = re.compile(r"[^A-Za-z0-9]+")
_DIGITS = re.compile(r"^\d+$")


def sublist_code(source: str) -> str:
    """Short code of a CSL sub-list: the parenthesised abbreviation of ``source``.

    ``Entity List (EL) - Bureau of Industry and Security`` → ``EL``;
    ``Non-SDN Menu-Based Sanctions List (NS-MBS List) - …`` → ``NS-MBS``. A source
    without one (not seen so far) gets its words upper-cased and joined by ``-``.
    """
    m = _SUBLIST_CODE.search(source)
    if m:
        return m.group(1).strip().removesuffix(" List").strip()
    return _NON_ALNUM.sub("-", source).strip("-").upper()


def split_id_group(group: str) -> tuple[str | None, str, str]:
    """Split one ``ids`` group into (country code, number, type).

    ``RU, 2017-05-30, 515458008, Passport`` → ``("RU", "515458008", "Passport")``;
    identifier dates are dropped. Commas inside the number or text are kept.
    """
    parts = [p.strip() for p in group.split(", ")]
    id_type = parts[-1]
    rest = parts[:-1]
    country = None
    if len(rest) >= 2 and _CC.match(rest[0]):
        country = rest.pop(0)
    while len(rest) >= 2 and _ISO_DAY.match(rest[0]):
        rest.pop(0)
    return country, ", ".join(rest), id_type


def _split(cell: str, sep: str = ";") -> list[str]:
    return [part.strip() for part in cell.split(sep) if part.strip()]


class UsCslCsv(SourceParser):
    """Parser of the trade.gov Consolidated Screening List CSV."""

    NAME: ClassVar[str] = "us_csl_csv"
    TITLE: ClassVar[str] = "US Consolidated Screening List (trade.gov CSV)"
    LIST_KEY: ClassVar[str] = "us_csl"
    URL: ClassVar[str | None] = (
        "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv"
    )
    FILE_NAMES: ClassVar[tuple[str, ...]] = ("consolidated.csv", "consolidated.csv.gz")

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        """The header row names the CSL columns (``_id,source,entity_number,…``)."""
        return REQUIRED_COLUMNS <= header_columns(head, ",")

    def parse(self, path: Path) -> ParseResult:
        list_key = self.list_key_for(path)
        result = ParseResult(
            source=self.NAME, list_key=list_key, published=None, entities=[], files=[path]
        )
        by_record: dict[str, Entity] = {}
        start_dates: list[str] = []
        with open_text(path) as fh:
            reader = csv.DictReader(fh, strict=True)
            header = set(reader.fieldnames or ())
            missing = REQUIRED_COLUMNS - header
            if missing:
                raise self.error(
                    f"not the CSL CSV: header lacks columns {', '.join(sorted(missing))}",
                    path,
                    line=1,
                )
            for row in reader:
                if None in row or None in row.values():
                    # A cut-off download ends in a short row; csv does not notice.
                    raise self.error(
                        f"row has {len(row) - (None in row)} fields, the header "
                        f"{len(header)}: truncated file?",
                        path,
                        line=reader.line_num,
                    )
                entity = self._row(row, list_key, result.skipped)
                if entity is None:
                    continue
                first = by_record.get(entity.record_id)
                if first is not None:
                    # The same designation printed twice (CAPTA 15268 in the bundled
                    # file, differing only in source_list_url): one entity, all values.
                    result.skipped["duplicate row merged"] += 1
                    known = {(v.prop, v.value) for v in first.values}
                    first.values.extend(v for v in entity.values if (v.prop, v.value) not in known)
                    continue
                by_record[entity.record_id] = entity
                result.entities.append(entity)
                start = clean_date(row.get("start_date"))
                if start is not None:
                    start_dates.append(start)
        result.published = latest_past_date(start_dates)
        return result

    def _row(self, row: dict[str, str], list_key: str, skipped: Counter[str]) -> Entity | None:
        def cell(column: str) -> str:
            return (row.get(column) or "").strip()

        row_id, source, name = cell("_id"), cell("source"), cell("name")
        if not row_id or not source or not name:
            skipped["row without _id, source or name"] += 1
            return None
        code = sublist_code(source)
        row_type = cell("type")
        schema = schema_for(row_type)  # Treasury's types, as in the OFAC files
        if schema is None:
            if row_type:
                skipped["unknown type"] += 1
            schema = "Organization" if looks_like_organization(name) else "LegalEntity"
        entity = Entity(list_key=list_key, record_id=f"{code}-{row_id}", schema=schema)

        def add(prop: str, value: str, reason: str) -> None:
            if value and not entity.add(prop, value):
                skipped[reason] += 1

        entity.add("name", name)
        entity.add("sanctionsList", source, note=code)
        if " - " in source:
            entity.add("authority", source.rsplit(" - ", 1)[1])
        for alias in _split(cell("alt_names")):
            alias = alias.lstrip("-").strip()
            if alias.startswith("and "):
                alias = alias[4:]
            entity.add("alias", alias)
        add_function(entity, cell("title"))
        for program in _split(cell("programs")):
            entity.add("program", program)
        for address in _split(cell("addresses"), "; "):
            parts = [p.strip() for p in address.split(",")]
            if _CC.match(parts[-1]):
                add("country", parts[-1], "addresses: unknown country code")
            if len(parts) > 1 or not _CC.match(parts[-1]):
                entity.add("address", address)
        for dob in _split(cell("dates_of_birth")):
            add("birthDate", dob, "dates_of_birth: not a date")
        for pob in _split(cell("places_of_birth")):
            entity.add("birthPlace", pob)
        for nat in _split(cell("nationalities")):
            add("nationality", nat, "nationalities: not a country")
        for cit in _split(cell("citizenships")):
            add("citizenship", cit, "citizenships: not a country")
        add("listingDate", cell("start_date"), "start_date: not a date")
        for column, note in (
            ("end_date", "End date"),
            ("standard_order", "Standard order"),
            ("federal_register_notice", "Federal Register notice"),
            ("license_requirement", "License requirement"),
            ("license_policy", "License policy"),
        ):
            entity.add("notes", cell(column), note=note)
        remarks = cell("remarks")
        entity.add("notes", remarks)
        for linked in split_linked_to(remarks)[1]:
            entity.add("linkedTo", linked)
        entity.add("callSign", cell("call_sign"))
        entity.add("type", cell("vessel_type"))
        entity.add("tonnage", cell("gross_tonnage"))
        entity.add("grossRegisteredTonnage", cell("gross_registered_tonnage"))
        add("flag", cell("vessel_flag"), "vessel_flag: not a country")
        entity.add("owner", cell("vessel_owner"))
        entity.add("sourceUrl", cell("source_list_url"))
        entity.add("sourceUrl", cell("source_information_url"))
        for group in _split(cell("ids"), "; "):
            self._id_group(entity, group, skipped)
        return entity

    @staticmethod
    def _id_group(entity: Entity, group: str, skipped: Counter[str]) -> None:
        """Map one ``ids`` group onto the entity (see the module docstring)."""
        country, number, id_type = split_id_group(group)
        if not number:
            skipped["ids: group without value"] += 1
            return
        # The types are OFAC's field vocabulary: read as the OFAC parsers read them.
        rejected: Counter[str] = Counter()
        apply_field(entity, id_type, number, rejected, country=country)
        for reason, count in rejected.items():
            skipped[f"ids: {reason}"] += count
        if id_type.startswith(_LISTING_PREFIX):
            # The CSL lists sub-list entries: for a CMIC, CAPTA or NS-MBS entry the
            # directive's listing date is the date of the listing itself (the OFAC
            # files keep it as a note only, next to the designation's own date).
            if not entity.add("listingDate", ofac_date(number), note=id_type):
                skipped["ids: unreadable listing date"] += 1
        field = lookup_field(id_type)
        if field is None or field.prop not in ("taxNumber", "registrationNumber"):
            return
        # Russian tax ids are INNs and registration ids OGRNs; Treasury often leaves out
        # the id's country, then the address country decides.
        digits = number.replace(" ", "")
        russian = country == "RU" or (country is None and "ru" in entity.get("country"))
        if russian and _DIGITS.match(digits):
            if field.prop == "taxNumber" and len(digits) in (10, 12):
                entity.add("innCode", digits, country=country, note=id_type)
            elif field.prop == "registrationNumber" and len(digits) in (13, 15):
                entity.add("ogrnCode", digits, country=country, note=id_type)
