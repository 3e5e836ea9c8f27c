"""OFAC SDN and Consolidated (non-SDN) lists in the legacy CSV format.

Publication
    SDN list: ``https://www.treasury.gov/ofac/downloads/sdn.csv`` with its companions
    ``add.csv`` (addresses), ``alt.csv`` (alternate names) and ``sdn_comments.csv``
    (remarks overflow). Consolidated (non-SDN) lists (SSI, NS-PLC, CMIC, FSE, NS-MBS,
    CAPTA…): ``…/downloads/consolidated/cons_prim.csv`` with ``cons_add.csv``,
    ``cons_alt.csv`` and ``cons_comments.csv``. Updated whenever OFAC publishes an
    action (several times a week); full files, no deltas.

Format
    No header row; ``-0-`` (often ``-0- `` with a space) means empty; CRLF line ends;
    the file ends with the DOS end-of-file byte 0x1A. Columns:

    ==================  ========================================================
    sdn / cons_prim     ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign,
                        Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks
    add / cons_add      ent_num, add_num, address, city/state/postal, country,
                        add_remarks
    alt / cons_alt      ent_num, alt_num, alt_type (aka/fka/nka), alt_name,
                        alt_remarks
    *_comments          ent_num, remarks overflow
    ==================  ========================================================

Field mapping (entity id ``us_ofac_sdn-<ent_num>`` / ``us_ofac_cons-<ent_num>``; the
sdnList and Enhanced XML ``uid`` is the same number, so ids agree across formats)
    ==================  ========================================================
    SDN_Type            schema: individual → Person, vessel → Vessel, aircraft →
                        Airplane, ``-0-`` (OFAC's "Entity") → Organization
    SDN_Name            ``name`` exactly as printed (``SHOIGU, Sergei
                        Kuzhugetovich``); for individuals also ``lastName``
                        (before the first comma) and ``firstName`` (after it); a
                        name without comma is all ``lastName``, as the XML has it
    Program             ``program``, one value per program (the cell joins them
                        with ``] [``: ``SDGT] [NPWMD] [IRGC] [IFSR``)
    Title               ``position``: OFAC titles are functions ("Former Minister
                        of Defense"); a title of honorifics only ("Dr",
                        "Maulawi; Mullah") → ``title``, one per honorific (the
                        rule of every parser, `embargo.sources.names`; the XML
                        parsers map ``<title>`` the same way)
    Call_Sign           ``callSign``
    Vess_type           ``type``
    Tonnage, GRT        ``tonnage``, ``grossRegisteredTonnage`` as printed
                        (``99,144``)
    Vess_flag           ``flag`` (country cleaned, unknown ones counted)
    Vess_owner          ``owner``
    Remarks             item by item through `embargo.sources.ofac_remarks`,
                        which maps labels with the vocabulary the XML parsers
                        share (`embargo.sources.ofac_xml_common.FIELDS`)
    add.csv             ``address`` (street, ``City, State Postal``, country text
                        joined by ", " with `ofac_xml_common.address_line`, as the
                        XML parsers join their parts; none when only a country is
                        given) and
                        ``country``; add_remarks → ``notes``
    alt.csv             aka → ``alias``, fka → ``previousName``, nka → ``alias``
                        with ``note="n.k.a."``; alt_remarks → ``note`` of the name
    comments            appended to the remarks of that ent_num before parsing
    ==================  ========================================================

Quirks
    * Remarks are cut at 1,000 characters; the rest is a row of the comments file,
      continuing mid-word. The overflow is appended only when the remarks really are
      cut (1,000 characters) and the overflow does not repeat items the remarks
      already have: a comments file from another day continues another version of
      the remarks (the bundled comments file is 19 months newer than the bundled
      ``sdn.csv``) and would otherwise glue two texts together. Rejected and orphan
      overflow rows are counted in ``skipped``; a cut remarks cell without overflow
      loses its last (partial) item, also counted.
    * The side files may be newer than the primary file: rows for ent_nums the
      primary file does not have are counted (``skipped``) and dropped.
    * Weak aliases are the quoted ``a.k.a. 'X'`` items of the remarks; one that
      ``alt.csv`` also lists is a strong alias and is not added again as weak.
    * OFAC repeats the Title inside the remarks (all 1,586 titles of the bundled
      SDN file); those items are dropped there, as the XML formats do not repeat it.
    * Measured consistency: the bundled non-SDN CSV (2025-12) and sdnList XML
      (2025-03) agree on the full value set of 428 of 442 designations; the rest
      differ by real changes between the two dates.
    * No publication date inside any of the files and no listing dates:
      ``ParseResult.published`` is None (the catalog uses the download time).
    * Files are UTF-8; a file that is not is read as Windows-1252 (older OFAC
      downloads) and counted in ``skipped``.
    * A missing 0x1A terminator is counted (``skipped``): the file may have been cut
      at a row boundary. A row with the wrong number of columns is a `ParseError`.
    * ``companion_files`` finds the side files next to the primary file by name:
      official names (``sdn.csv`` → ``add.csv``, ``alt.csv``, ``sdn_comments.csv``;
      ``cons_prim.csv`` → ``cons_add.csv``…), with any common prefix
      (``ofac_sdn.csv.gz`` → ``ofac_add.csv.gz``) and with or without ``.gz``.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from embargo.exc import ParseError
from embargo.model.entity import Entity
from embargo.sources.base import ParseResult, SourceParser
from embargo.sources.io import open_binary, stem_without_compression
from embargo.sources.names import add_function
from embargo.sources.ofac_remarks import (
    Remarks,
    apply_remarks,
    guess_label,
    parse_remarks,
    split_remarks,
    squash,
)
from embargo.sources.ofac_xml_common import add_address

__all__ = ["OfacConsCsv", "OfacSdnCsv", "read_ofac_csv"]

EMPTY = "-0-"
EOF_MARKER = "\x1a"
#: Longest remarks cell OFAC writes; longer remarks continue in the comments file.
REMARKS_CAP = 1000

#: Columns per file role.
COLUMNS: dict[str, int] = {"primary": 12, "add": 6, "alt": 5, "comments": 2}
#: What each role holds, for messages.
ROLE_TITLES: dict[str, str] = {
    "primary": "designations",
    "add": "addresses",
    "alt": "alternate names",
    "comments": "remarks overflow",
}

SCHEMATA: dict[str, str] = {
    "individual": "Person",
    "vessel": "Vessel",
    "aircraft": "Airplane",
    EMPTY: "Organization",
}

ALT_TYPES: dict[str, tuple[str, str | None]] = {
    "aka": ("alias", None),
    "fka": ("previousName", None),
    "nka": ("alias", "n.k.a."),
}

_PROGRAM_SPLIT = re.compile(r"\]\s*\[")


def cell(value: str | None) -> str | None:
    """A cell's text with spaces collapsed, or None for ``-0-`` / blank."""
    if value is None:
        return None
    text = value.strip()
    if not text or text == EMPTY:  # most cells of a row are "-0- "
        return None
    # isprintable() is False for every whitespace but the plain space (tabs, line
    # breaks, NBSP), so a printable text without double spaces needs no squash.
    return text if text.isprintable() and "  " not in text else squash(text)


def row_role(row: list[str]) -> str | None:
    """Which OFAC legacy file a row belongs to, judged by its shape, or None."""
    if not row or not row[0].strip().isdigit():
        return None
    width = len(row)
    if width == COLUMNS["primary"]:
        kind = squash(row[2]).lower()
        return "primary" if kind in SCHEMATA else None
    if width == COLUMNS["add"] and row[1].strip().isdigit():
        return "add"
    if width == COLUMNS["alt"] and row[1].strip().isdigit():
        return "alt" if squash(row[2]).lower() in ALT_TYPES else None
    if width == COLUMNS["comments"]:
        return "comments"
    return None


@dataclass(slots=True)
class OfacCsvFile:
    """The rows of one legacy CSV file and what was odd about it."""

    path: Path
    role: str
    rows: list[tuple[int, list[str]]]
    skipped: Counter[str]


def _decode(raw: bytes, skipped: Counter[str], name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        skipped[f"{name}: not UTF-8, read as Windows-1252"] += 1
        return raw.decode("cp1252")


def read_ofac_csv(path: Path, role: str, *, source: str) -> OfacCsvFile:
    """Read one legacy CSV file and check that every row has the shape of ``role``.

    Raises `ParseError` naming the file (and line) when the first row is not of the
    expected shape, when a row has the wrong number of columns, or when the file
    holds no rows.
    """
    skipped: Counter[str] = Counter()
    with open_binary(path) as fh:
        raw = fh.read()
    text = _decode(raw, skipped, path.name).rstrip("\r\n\t ")
    if text.endswith(EOF_MARKER):
        text = text.rstrip(EOF_MARKER + "\r\n\t ")
    else:
        skipped[f"{path.name}: no end-of-file byte 0x1A (file may be cut at a row end)"] += 1
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    expected = COLUMNS[role]
    for row in _rows(reader, path, source):
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        line = reader.line_num
        if not rows:
            found = row_role(row)
            if found != role:
                raise ParseError(_wrong_file_message(role, found, row), source=source,
                                 path=path, line=line)  # fmt: skip
        if len(row) != expected or not row[0].strip().isdigit():
            raise ParseError(
                f"expected {expected} columns starting with an integer ent_num "
                f"({ROLE_TITLES[role]}), found {len(row)} columns: the file is cut or "
                "not an OFAC legacy CSV",
                source=source,
                path=path,
                line=line,
            )
        rows.append((line, row))
    if not rows:
        raise ParseError(f"no rows: expected OFAC {ROLE_TITLES[role]}", source=source, path=path)
    return OfacCsvFile(path, role, rows, skipped)


def _rows(reader: Iterator[list[str]], path: Path, source: str) -> Iterator[list[str]]:
    """The rows of ``reader``; a CSV syntax error becomes a `ParseError` with its line."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = getattr(reader, "line_num", None)
            raise ParseError(f"malformed CSV: {exc}", source=source, path=path,
                             line=line) from exc  # fmt: skip
        yield row


def _wrong_file_message(role: str, found: str | None, row: list[str]) -> str:
    want = f"an OFAC legacy CSV of {ROLE_TITLES[role]} ({COLUMNS[role]} columns, ent_num first)"
    if found is not None:
        return (
            f"expected {want}, but this is the {ROLE_TITLES[found]} file of the "
            "publication; parse the designations file (sdn.csv / cons_prim.csv), "
            "its companions are read from the same folder"
        )
    preview = squash(",".join(row))[:60]
    return f"expected {want}; first row is {preview!r}"


def _sniff_row(head: bytes) -> list[str] | None:
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    line = text.split("\n", 1)[0]
    try:
        rows = list(csv.reader([line]))
    except csv.Error:
        return None
    return rows[0] if rows else None


class _OfacCsv(SourceParser):
    """What the SDN and the Consolidated legacy CSV parsers share."""

    #: Official names of the files, by role.
    OFFICIAL: ClassVar[dict[str, str]]
    #: True for the Consolidated (non-SDN) publication.
    CONSOLIDATED: ClassVar[bool]

    @classmethod
    def _is_consolidated_name(cls, path: Path) -> bool:
        return "cons" in stem_without_compression(path).lower()

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        """A designations file: 12 columns, integer ent_num, an OFAC type in column 3;
        the file name says whether it is the SDN or the Consolidated publication."""
        row = _sniff_row(head)
        if row is None or row_role(row) != "primary":
            return False
        return cls._is_consolidated_name(path) == cls.CONSOLIDATED

    @classmethod
    def hint(cls, path: Path, head: bytes) -> str | None:
        """A companion file (addresses, alternate names, remarks overflow) of this
        publication: name the designations file to load instead."""
        row = _sniff_row(head)
        role = row_role(row) if row is not None else None
        if role is None or role == "primary":
            return None
        if cls._is_consolidated_name(path) != cls.CONSOLIDATED:
            return None
        return (
            f"it looks like the {ROLE_TITLES[role]} file of an OFAC legacy CSV publication "
            f"({COLUMNS[role]} columns, ent_num first), which cannot be loaded alone: load its "
            f"designations file ({cls.OFFICIAL['primary']}), the companions are read from "
            "the same folder"
        )

    def _prefix(self, path: Path) -> str | None:
        name = stem_without_compression(path)
        primary = self.OFFICIAL["primary"]
        if name.lower().endswith(primary):
            return name[: len(name) - len(primary)]
        return None

    def side_files(self, path: Path) -> dict[str, Path]:
        """The companion files next to ``path`` that exist, by role."""
        prefix = self._prefix(path)
        if prefix is None or not path.parent.is_dir():
            return {}
        by_name = {p.name.lower(): p for p in path.parent.iterdir() if p.is_file()}
        found: dict[str, Path] = {}
        for role in ("add", "alt", "comments"):
            base = (prefix + self.OFFICIAL[role]).lower()
            for candidate in (base, base + ".gz"):
                if candidate in by_name:
                    found[role] = by_name[candidate]
                    break
        return found

    def companion_files(self, path: Path) -> list[Path]:
        return [path, *self.side_files(path).values()]

    def parse(self, path: Path) -> ParseResult:
        list_key = self.list_key_for(path)
        primary = read_ofac_csv(path, "primary", source=self.NAME)
        sides = {
            role: read_ofac_csv(side, role, source=self.NAME)
            for role, side in self.side_files(path).items()
        }
        result = ParseResult(
            source=self.NAME,
            list_key=list_key,
            published=None,
            entities=[],
            files=[path, *(f.path for f in sides.values())],
        )
        result.skipped.update(primary.skipped)
        for side in sides.values():
            result.skipped.update(side.skipped)

        rows: dict[str, tuple[int, list[str]]] = {}
        for line, row in primary.rows:
            ent_num = row[0].strip()
            if ent_num in rows:
                result.skipped["duplicate ent_num (first row kept)"] += 1
                continue
            rows[ent_num] = (line, row)
        known_names = frozenset(name for _, r in rows.values() if (name := cell(r[1])))

        by_ent = {
            role: _group(side, rows, result.skipped, self.OFFICIAL[role])
            for role, side in sides.items()
        }
        overflow = {k: "".join(r[1] for r in v) for k, v in by_ent.get("comments", {}).items()}

        for ent_num, (line, row) in rows.items():
            entity = self._entity(
                list_key,
                ent_num,
                row,
                remarks=self._remarks(row[11], overflow.get(ent_num), result.skipped),
                known_names=known_names,
                aliases=by_ent.get("alt", {}).get(ent_num, []),
                addresses=by_ent.get("add", {}).get(ent_num, []),
                skipped=result.skipped,
                line=line,
                path=path,
            )
            result.entities.append(entity)
        return result

    def _remarks(self, remarks: str, overflow: str | None, skipped: Counter[str]) -> str:
        """The full remarks text: the cell, plus its overflow row when it continues it."""
        text = remarks.strip()
        at_cap = len(remarks) >= REMARKS_CAP
        if overflow is not None:
            if at_cap and _continues(remarks, overflow):
                return remarks + overflow
            skipped[
                f"{self.OFFICIAL['comments']}: overflow does not continue the remarks "
                "(other version), ignored"
            ] += 1
        if at_cap:
            skipped["remarks cut at 1,000 characters without overflow: last item dropped"] += 1
            return text.rsplit(";", 1)[0] if ";" in text else ""
        return text

    def _entity(
        self,
        list_key: str,
        ent_num: str,
        row: list[str],
        *,
        remarks: str,
        known_names: frozenset[str],
        aliases: list[list[str]],
        addresses: list[list[str]],
        skipped: Counter[str],
        line: int,
        path: Path,
    ) -> Entity:
        sdn_type = (cell(row[2]) or EMPTY).lower()
        entity = Entity(list_key=list_key, record_id=ent_num, schema=SCHEMATA[sdn_type])
        name = cell(row[1])
        if name is None or not entity.add("name", name):
            raise self.error("designation without a name", path, line=line, record_id=ent_num)
        if entity.schema == "Person":
            last, sep, first = name.partition(",")
            entity.add("lastName", last)
            if sep:
                entity.add("firstName", first)
        for program in _PROGRAM_SPLIT.split(cell(row[3]) or ""):
            entity.add("program", program.strip(" []"))
        add_function(entity, cell(row[4]))
        entity.add("callSign", cell(row[5]))
        entity.add("type", cell(row[6]))
        entity.add("tonnage", cell(row[7]))
        entity.add("grossRegisteredTonnage", cell(row[8]))
        flag = cell(row[9])
        if flag is not None and not entity.add("flag", flag):
            skipped[f"unknown flag: {flag}"] += 1
        entity.add("owner", cell(row[10]))

        alias_names: list[str] = []
        for alt in aliases:
            alt_type = (cell(alt[2]) or "").lower()
            alt_name = cell(alt[3])
            if alt_name is None:
                skipped[f"{self.OFFICIAL['alt']}: row without a name"] += 1
                continue
            prop, note = ALT_TYPES.get(alt_type, ("alias", None))
            entity.add(prop, alt_name, note=cell(alt[4]) or note)
            alias_names.append(alt_name)

        parsed = parse_remarks(remarks, known_names=known_names, title=cell(row[4]))
        _count_remarks(parsed, skipped)
        apply_remarks(entity, parsed, skip_names=alias_names)

        for add in addresses:
            country = cell(add[4])
            # add.csv's "City, State Postal" column is already the locality part.
            add_address(entity, skipped, street=[cell(add[2])], city=cell(add[3]), country=country)
            entity.add("notes", cell(add[5]))
        return entity


def _count_remarks(remarks: Remarks, skipped: Counter[str]) -> None:
    """Count what one remarks cell had: rejected values, unrecognised items.

    Incremented in place: building a Counter per cell costs more than the parse of
    the cell (``Counter.update`` checks its argument against ``Mapping``).
    """
    for item in remarks.items:
        for reason in item.rejected:
            skipped[f"remarks: {reason}"] += 1
        if not item.known:
            skipped[f"remarks: unrecognised item kept in notes: {guess_label(item.text)}"] += 1


def _group(
    side: OfacCsvFile,
    primary: dict[str, tuple[int, list[str]]],
    skipped: Counter[str],
    label: str,
) -> dict[str, list[list[str]]]:
    """Rows of a side file by ent_num.

    Rows of ent_nums the designations file does not have (the side file is from
    another day) are dropped and counted, by row and by distinct ent_num.
    """
    grouped: dict[str, list[list[str]]] = defaultdict(list)
    orphans: set[str] = set()
    for _, row in side.rows:
        ent_num = row[0].strip()
        if ent_num not in primary:
            orphans.add(ent_num)
            skipped[f"{label}: rows for ent_nums not in the designations file"] += 1
            continue
        grouped[ent_num].append(row)
    if orphans:
        skipped[f"{label}: ent_nums not in the designations file"] += len(orphans)
    return grouped


def _continues(remarks: str, overflow: str) -> bool:
    """True when ``overflow`` can be the rest of the cut ``remarks``.

    The first overflow item is the tail of a cut item; every later, complete item
    must be new. An overflow that repeats complete items the remarks already hold
    belongs to another version of the remarks.
    """
    have = {item.rstrip(".") for item in split_remarks(remarks)}
    later = split_remarks(overflow)[1:]
    return not any(item.rstrip(".") in have for item in later)


class OfacSdnCsv(_OfacCsv):
    """OFAC Specially Designated Nationals list, legacy CSV (``sdn.csv`` + companions)."""

    NAME: ClassVar[str] = "us_ofac_sdn_csv"
    TITLE: ClassVar[str] = "OFAC Specially Designated Nationals (SDN) list, legacy CSV"
    LIST_KEY: ClassVar[str] = "us_ofac_sdn"
    URL: ClassVar[str | None] = "https://www.treasury.gov/ofac/downloads/sdn.csv"
    FILE_NAMES: ClassVar[tuple[str, ...]] = ("sdn.csv", "sdn.csv.gz", "*_sdn.csv", "*_sdn.csv.gz")
    OFFICIAL: ClassVar[dict[str, str]] = {
        "primary": "sdn.csv",
        "add": "add.csv",
        "alt": "alt.csv",
        "comments": "sdn_comments.csv",
    }
    CONSOLIDATED: ClassVar[bool] = False


class OfacConsCsv(_OfacCsv):
    """OFAC Consolidated (non-SDN) lists, legacy CSV (``cons_prim.csv`` + companions)."""

    NAME: ClassVar[str] = "us_ofac_cons_csv"
    TITLE: ClassVar[str] = "OFAC Consolidated (non-SDN) lists, legacy CSV"
    LIST_KEY: ClassVar[str] = "us_ofac_cons"
    URL: ClassVar[str | None] = "https://www.treasury.gov/ofac/downloads/consolidated/cons_prim.csv"
    FILE_NAMES: ClassVar[tuple[str, ...]] = (
        "cons_prim.csv",
        "cons_prim.csv.gz",
        "*_cons_prim.csv",
        "*_cons_prim.csv.gz",
    )
    OFFICIAL: ClassVar[dict[str, str]] = {
        "primary": "cons_prim.csv",
        "add": "cons_add.csv",
        "alt": "cons_alt.csv",
        "comments": "cons_comments.csv",
    }
    CONSOLIDATED: ClassVar[bool] = True
