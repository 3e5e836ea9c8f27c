"""Helpers shared by the spreadsheet (XLSX) list parsers.

Four official lists are published as Excel workbooks (UK OFSI, Australia DFAT, Japan
MOF, Japan METI). They share the same problems, solved here once:

- **Opening with clear errors.** `open_workbook` opens a workbook with openpyxl in
  read-only mode (rows are streamed, not loaded; the shared-string table is read with
  lxml, five times faster than openpyxl's own reader) and turns every way a download can be
  broken (truncated ZIP, missing workbook part, damaged XML, not a ZIP at all) into a
  `ParseError` that names the file. openpyxl's warnings about print areas and other
  cosmetic oddities are silenced: they say nothing about the list.
- **Cheap content sniffing.** `peek_xlsx` reads sheet names and the first rows of a
  sheet straight from the ZIP with lxml, without openpyxl, so `detect_source()` can ask
  every parser about a file in milliseconds. openpyxl needs seconds for a workbook with
  a large shared-string table (Japan MOF: 13,878 strings, 2.6 s). `peek_workbook` is
  the first step of every spreadsheet parser's ``sniff``.
- **Header detection.** `find_header` finds the header row among the first rows (lists
  put titles and notes above it) and maps column labels to indexes; a missing column
  raises a `ParseError` that says which label was expected.
- **Cell text cleaning.** `cell_text` turns a cell value into clean text (numbers
  without ``.0``, dates as ISO, no zero-width characters, collapsed spaces; line breaks
  kept on request, since several lists separate values by line).
- **Country cells.** `countries_in` reads the country names a cell holds, in the
  forms the lists use; `add_countries` adds them and counts a cell that names none.

Phonetic runs (furigana): Japanese workbooks store the reading of a cell's text as
``<rPh>`` runs next to the text in the shared-string table. They are not part of the
value. openpyxl (3.1) already leaves them out of the cell value (``Text.content`` joins
only ``<t>`` and ``<r>`` runs); `peek_xlsx` skips them the same way, and the JP MOF
tests check both on a fixture that carries the original ``<rPh>`` runs.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import ParseError as StdlibXMLParseError

from lxml import etree
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.xml.constants import SHARED_STRINGS

from embargo.model.entity import Entity
from embargo.model.values import clean_country
from embargo.sources.io import ZIP_MAGIC

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    from embargo.sources.base import SourceParser

#: Errors openpyxl and zipfile raise for a damaged or truncated workbook.
_BROKEN = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    OSError,
    ValueError,
    TypeError,
    IndexError,
    InvalidFileException,
    etree.XMLSyntaxError,
    StdlibXMLParseError,
)

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_M = f"{{{_MAIN_NS}}}"

#: Characters that are invisible in a cell but break comparisons.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\s*\n\s*")

#: Cell texts that mean "no value" in the lists (Japanese lists write 不明, "unknown").
EMPTY_MARKERS: frozenset[str] = frozenset(
    {"-", "–", "—", "－", "n/a", "na", "none", "unknown", "不明", "なし", "該当なし"}
)


def is_xlsx(head: bytes) -> bool:
    """True when the first bytes of a file are those of a ZIP container (XLSX is one)."""
    return head.startswith(ZIP_MAGIC)


# --------------------------------------------------------------------------- opening


class _Reader(ExcelReader):
    """openpyxl's workbook reader, with the shared-string table read by lxml.

    openpyxl builds a rich-text object tree for every shared string before it keeps
    the plain text; for the Japan MOF workbook (13,878 strings, each with furigana
    runs) that is 1.9 s of a 4.5 s parse. `read_shared_strings` gives the same texts
    (checked on all four bundled workbooks) in a fifth of the time; the
    ``x005F_`` removal is openpyxl's own (``openpyxl.reader.strings``), kept so cell
    values stay exactly what openpyxl returns.
    """

    def read_strings(self) -> None:
        # As ExcelReader.read_strings finds the part (types-openpyxl leaves it untyped).
        part = self.package.find(SHARED_STRINGS)  # type: ignore[no-untyped-call]
        if part is not None:
            with self.archive.open(part.PartName[1:]) as src:
                self.shared_strings = [
                    text.replace("x005F_", "") for text in read_shared_strings(src)
                ]


@contextmanager
def open_workbook(parser: SourceParser, path: Path) -> Iterator[Workbook]:
    """Open ``path`` read-only with openpyxl; raise `ParseError` if it is not a workbook.

    Values are the cached results of formulas (``data_only``), which is what the
    publisher saw; the workbook is closed on exit (read-only mode keeps the ZIP open).
    """
    if not zipfile.is_zipfile(path):
        with path.open("rb") as fh:
            starts_like_zip = fh.read(4) == ZIP_MAGIC
        if starts_like_zip:
            raise parser.error(
                "truncated or damaged XLSX workbook (the ZIP directory at its end is missing)",
                path,
            )
        raise parser.error("not an XLSX workbook (no ZIP container; an error page?)", path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            reader = _Reader(path, read_only=True, data_only=True)
            reader.read()
            workbook = reader.wb
    except _BROKEN as exc:
        raise parser.error(f"not a readable XLSX workbook: {exc}", path) from exc
    try:
        yield workbook
    finally:
        workbook.close()


def sheet_rows(
    parser: SourceParser, path: Path, sheet: ReadOnlyWorksheet
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """``(row number, values)`` of every row of ``sheet``, errors as `ParseError`.

    The dimensions the file declares are ignored (``reset_dimensions``): some writers
    record a wrong used range, and read-only mode would silently cut rows to it. Rows
    are yielded as stored, so their length varies; use `Header.get` to read them.
    """
    sheet.reset_dimensions()
    number = 0
    # types-openpyxl declares ReadOnlyWorksheet.iter_rows with Worksheet as self.
    rows: Iterator[tuple[Any, ...]] = sheet.iter_rows(values_only=True)  # type: ignore[misc]
    try:
        for number, values in enumerate(rows, start=1):
            yield number, values
    except _BROKEN as exc:
        raise parser.error(
            f"sheet {sheet.title!r} is damaged: {exc}", path, line=number + 1
        ) from exc


# --------------------------------------------------------------------------- text


def cell_text(value: object, *, lines: bool = False) -> str | None:
    """Clean text of a cell value, or None when the cell is empty.

    Integers and integral floats print without ``.0`` (``186.0`` → ``186``); dates and
    datetimes print as ISO dates; zero-width characters and soft hyphens go; runs of
    spaces (incl. NBSP and the ideographic space) become one space. With ``lines``,
    line breaks are kept (one per value line, blank lines dropped); otherwise they
    become spaces.
    """
    if value is None:
        return None
    if isinstance(value, str):
        # Fast path: most cells are one clean line (isprintable is False for line
        # breaks, NBSP, ideographic and zero-width spaces, soft hyphens).
        if value.isprintable() and "  " not in value:
            return value.strip() or None
        text = value
    elif isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, datetime):
        text = value.date().isoformat() if value.time() == time() else value.isoformat()
    elif isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    if not text.isprintable() or "  " in text:
        text = text.translate(_INVISIBLE).replace("\r\n", "\n").replace("\r", "\n")
        text = _SPACES.sub(" ", text)
        text = _BLANK_LINES.sub("\n", text)
        if not lines:
            text = text.replace("\n", " ")
    return text.strip() or None


def is_empty_marker(text: str | None) -> bool:
    """True for an empty cell or a placeholder meaning "no value" (``-``, ``不明``…)."""
    if text is None:
        return True
    return text.strip(" .。").casefold() in EMPTY_MARKERS or not text.strip(" .。")


def value_text(value: object, *, lines: bool = False) -> str | None:
    """`cell_text`, with placeholders (``-``, ``NA``, ``不明``) read as empty."""
    text = cell_text(value, lines=lines)
    return None if is_empty_marker(text) else text


def excel_date(value: object) -> date | None:
    """A date from a cell: a datetime/date, or an Excel serial number stored unformatted.

    Some cells hold a date as a bare serial number (``22882`` = 1962-08-24) because the
    cell lost its date format; serials from 1900 to 2099 (1 to 73,050) are read as dates
    in the 1900 date system. Year-like integers (1800–2100) are not serials and give
    None; so does anything else.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if 1800 <= value <= 2100 or not 2101 <= value <= 73050:
        return None
    # Excel's day 60 is the non-existent 1900-02-29; every serial here is after it.
    return date(1899, 12, 30) + timedelta(days=int(value))


_ENUM_MARK = re.compile(r"[(（]?(\d{1,2}|[a-z]|[ivx]{1,4})[)）]\s*")
_ENUM_BOUNDARY = re.compile(r"[\s,;.、）)]|[^\x00-\x7f]")
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")


def _label_rank(label: str) -> int:
    if label.isdigit():
        return int(label)
    if label in _ROMAN and len(label) > 1:
        return _ROMAN.index(label) + 1
    return ord(label) - ord("a") + 1


def _is_next_label(previous: str | None, label: str) -> bool:
    if previous is None:
        return False
    if previous.isdigit() and label.isdigit():
        return int(label) == int(previous) + 1
    if previous in _ROMAN and label in _ROMAN and _ROMAN.index(label) == _ROMAN.index(previous) + 1:
        return True
    return len(previous) == 1 and len(label) == 1 and ord(label) == ord(previous) + 1


def split_enumerated(text: str | None) -> list[str]:
    """Split a cell that enumerates values: ``(1) A (2) B``, ``a) A b) B``, ``(a)A(b)B``.

    A marker counts at the start, after a space, punctuation or a non-ASCII character
    (Japanese cells write ``…アヌワリー(b)ムハンマド…``); right after a Latin letter or
    digit only when it continues the sequence (``…2006(c) Haji…`` after ``(b)``), so
    that ``23(b)`` in "resolution 1483 23(b)" stays text. A cell without markers gives
    itself as the only item. Text before the first marker is kept as an item when it is
    not blank. Items are stripped of spaces and trailing separators.
    """
    if text is None:
        return []
    marks: list[re.Match[str]] = []
    previous: str | None = None
    for match in _ENUM_MARK.finditer(text):
        label = match.group(1)
        start = match.start()
        at_boundary = start == 0 or _ENUM_BOUNDARY.match(text[start - 1]) is not None
        if text[start] not in "(（" and not at_boundary:
            continue  # "b)" glued to a word is never a marker
        later = previous is None or _label_rank(label) > _label_rank(previous)
        if (at_boundary and later) or _is_next_label(previous, label):
            marks.append(match)
            previous = label
    if not marks:
        item = text.strip(" ;,、")
        return [item] if item else []
    items: list[str] = []
    starts = [m.start() for m in marks] + [len(text)]
    head = text[: starts[0]].strip(" ;,、")
    if head:
        items.append(head)
    for mark, end in zip(marks, starts[1:], strict=True):
        item = text[mark.end() : end].strip(" ;,、\n")
        if item:
            items.append(item)
    return items


def split_outside_parens(text: str, separator: re.Pattern[str]) -> list[str]:
    """Split ``text`` at ``separator`` matches that are not inside parentheses."""
    parts: list[str] = []
    start = 0
    for match in separator.finditer(text):
        before = text[: match.start()]
        depth = before.count("(") + before.count("（") - before.count(")") - before.count("）")
        if depth <= 0:
            parts.append(text[start : match.start()])
            start = match.end()
    parts.append(text[start:])
    return parts


_NOW = re.compile(r"\b(?:now|currently)\s+(?:the\s+)?([^()]+?)\)?[\s.]*$", re.I)
_PAREN = re.compile(r"\s*[(（][^()（）]*[)）]\s*")
_COUNTRY_SPLIT = re.compile(r"\s*(?:;|,|/|\.\s|\band\b|、|及び|又は)\s*")
_INVERTED = re.compile(r"^([^()]+?)\s*\(([^()]+)\)[\s.]*$")
_SCRIPT_RUN = re.compile(r"[A-Za-z][A-Za-z .,'-]*[A-Za-z]|[^\x00-\x7f]+")

#: Country spellings of the spreadsheet lists that the territory database lacks.
COUNTRY_ALIASES: dict[str, str] = {
    "occupied palestinian territories": "ps",
    "palestinian territories": "ps",
    "bosnia-herzegovina": "ba",
    "サウディ・アラビア": "sa",
}


@lru_cache(maxsize=8192)
def countries_in(text: str | None) -> tuple[str, ...]:
    """ISO codes of the countries a country cell names, in order; () if none.

    Tries the cell as a whole first, then the forms the lists use around a country
    name: an inverted qualifier (``Congo (Democratic Republic)``), a successor state
    (``Former USSR, now Ukraine``, ``Ukrainian SSR (now Ukraine)``), a remark in
    parentheses (``Iraq (previous address)``), several countries in one cell
    (``Estonia, Russia``, ``Russian and Ukrainian``, ``Germany. Russia``), a Japanese
    name with the official-form suffix 共和国 ("republic"), and a Japanese name
    followed by its English one (``エジプトEgypt``).
    """
    if text is None:
        return ()
    value = text.strip(" .;,。")
    if not value:
        return ()
    alias = COUNTRY_ALIASES.get(value.casefold())
    if alias is not None:
        return (alias,)
    code = clean_country(value)
    if code is not None:
        return (code,)
    if value.endswith("共和国") and len(value) > 3:
        code = clean_country(value[: -len("共和国")])
        if code is not None:
            return (code,)
    inverted = _INVERTED.match(value)
    if inverted is not None:
        outer, inner = inverted.group(1).strip(), inverted.group(2).strip()
        for variant in (f"{inner} of the {outer}", f"{inner} of {outer}", f"{inner} {outer}"):
            code = clean_country(variant)
            if code is not None:
                return (code,)
    now = _NOW.search(value)
    if now is not None:
        code = clean_country(now.group(1).strip(" .,"))
        if code is not None:
            return (code,)
    base = _PAREN.sub(" ", value).strip(" .;,")
    if base and base != value:
        found = countries_in(base)
        if found:
            return found
    codes: list[str] = []
    for part in _COUNTRY_SPLIT.split(value):
        part = part.strip(" .;,")
        code = (COUNTRY_ALIASES.get(part.casefold()) or clean_country(part)) if part else None
        if code is not None and code not in codes:
            codes.append(code)
    if not codes:
        runs = _SCRIPT_RUN.findall(value)
        if len(runs) > 1:
            for run in runs:
                code = clean_country(run.strip(" .,"))
                if code is not None and code not in codes:
                    codes.append(code)
    return tuple(codes)


def add_countries(entity: Entity, prop: str, codes: Iterable[str], skipped: Counter[str]) -> None:
    """Add the country ``codes`` read from one cell; count a cell that gave none.

    The count is ``<prop> unknown`` (``nationality unknown``), the reason every
    spreadsheet parser reports for a country cell `countries_in` cannot read. How the
    cell is split before it is read stays with each parser.
    """
    codes = tuple(codes)
    if not codes:
        skipped[f"{prop} unknown"] += 1
    for code in codes:
        entity.add(prop, code)


_WHITESPACE = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def fold_label(label: str) -> str:
    """Header label folded for comparison: NFKC, no line breaks or spaces, casefolded."""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", label)).casefold()


# --------------------------------------------------------------------------- headers


@dataclass(frozen=True, slots=True)
class Header:
    """A header row: where each column label is.

    Attributes:
        row: 1-based row number of the header in its sheet.
        labels: the cleaned labels as published, by column index (None for blank).
        index: folded label → first column index with that label.
    """

    row: int
    labels: tuple[str | None, ...]
    index: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_values(cls, row: int, values: Sequence[object]) -> Header:
        labels = tuple(cell_text(v) for v in values)
        index: dict[str, int] = {}
        for i, label in enumerate(labels):
            if label is not None:
                index.setdefault(fold_label(label), i)
        return cls(row, labels, index)

    def has(self, label: str) -> bool:
        return fold_label(label) in self.index

    def column(self, label: str) -> int | None:
        return self.index.get(fold_label(label))

    def get(self, values: Sequence[object], label: str) -> object:
        """The raw value under ``label`` in a row (None if the column or cell is absent)."""
        col = self.index.get(fold_label(label))
        if col is None or col >= len(values):
            return None
        return values[col]

    def text(self, values: Sequence[object], label: str, *, lines: bool = False) -> str | None:
        """The text under ``label`` in a row, cleaned by `value_text` (placeholders → None)."""
        return value_text(self.get(values, label), lines=lines)

    def missing(self, labels: Iterable[str]) -> list[str]:
        return [label for label in labels if not self.has(label)]


def find_header(
    parser: SourceParser,
    path: Path,
    rows: Iterable[tuple[int, Sequence[object]]],
    required: Sequence[str],
    *,
    within: int = 10,
    sheet: str | None = None,
) -> Header:
    """The first row, among the first ``within``, that has every ``required`` label.

    Labels are compared folded (`fold_label`), so ``"Company or Organization"`` finds
    ``"企業名､組織名\\nCompany or Organization"`` only if given in full; pass the label as
    the list prints it. Raises `ParseError` naming the labels that the best candidate
    row lacks.
    """
    best: Header | None = None
    best_found = -1
    for number, values in rows:
        if number > within:
            break
        header = Header.from_values(number, values)
        found = len(required) - len(header.missing(required))
        if found == len(required):
            return header
        if found > best_found:
            best, best_found = header, found
    where = f" of sheet {sheet!r}" if sheet else ""
    if best is None or best_found <= 0:
        expected = ", ".join(repr(label) for label in required)
        raise parser.error(
            f"no header row with the expected columns ({expected}) in the first {within} "
            f"rows{where}",
            path,
        )
    lacking = ", ".join(repr(label) for label in best.missing(required))
    raise parser.error(
        f"header row{where} lacks the expected column(s) {lacking}", path, line=best.row
    )


# --------------------------------------------------------------------------- sniffing


@dataclass(slots=True)
class XlsxPeek:
    """Sheet names and first rows of a workbook, read without openpyxl (for sniffing)."""

    path: Path
    sheet_names: list[str]
    _sheet_parts: list[str]
    _strings: list[str] | None = None

    def _shared_strings(self, archive: zipfile.ZipFile) -> list[str]:
        if self._strings is None:
            try:
                with archive.open("xl/sharedStrings.xml") as fh:
                    self._strings = read_shared_strings(fh)
            except KeyError:
                self._strings = []
        return self._strings

    def head(self, sheet: int, rows: int = 6) -> list[list[str]]:
        """Text of the first ``rows`` rows of sheet number ``sheet`` (0-based).

        Cells are returned in column order with blank cells as ``""``; trailing blanks
        are dropped. Returns [] when the sheet cannot be read.
        """
        if not 0 <= sheet < len(self._sheet_parts):
            return []
        out: list[list[str]] = []
        try:
            with zipfile.ZipFile(self.path) as archive:
                with archive.open(self._sheet_parts[sheet]) as fh:
                    raw = _sheet_head(fh, rows)
                strings = (
                    self._shared_strings(archive)
                    if any(kind == "s" for row in raw for _, kind, _ in row)
                    else []
                )
        except _BROKEN:
            return []
        for row in raw:
            cells: dict[int, str] = {}
            for col, kind, text in row:
                if kind == "s":
                    try:
                        text = strings[int(text)]
                    except (ValueError, IndexError):
                        text = ""
                cells[col] = cell_text(text) or ""
            width = max(cells) + 1 if cells else 0
            out.append([cells.get(i, "") for i in range(width)])
        return out


def read_shared_strings(fh: Any) -> list[str]:
    """The shared-string table of a workbook, phonetic runs (``<rPh>``) left out.

    Each ``<si>`` gives the concatenation of its ``<t>`` and rich-text ``<r><t>`` runs,
    exactly like Excel displays the cell; the furigana in ``<rPh><t>`` are skipped.
    """
    strings: list[str] = []
    for _, element in etree.iterparse(fh, events=("end",), tag=f"{_M}si"):
        parts = [t.text or "" for t in element.iterchildren(f"{_M}t")]
        for run in element.iterchildren(f"{_M}r"):
            parts.extend(t.text or "" for t in run.iterchildren(f"{_M}t"))
        strings.append("".join(parts))
        element.clear()
    return strings


_CELL_REF = re.compile(r"^([A-Z]+)")


def _column_index(ref: str | None, fallback: int) -> int:
    match = _CELL_REF.match(ref or "")
    if match is None:
        return fallback
    index = 0
    for char in match.group(1):
        index = index * 26 + (ord(char) - 64)
    return index - 1


def _sheet_head(fh: Any, rows: int) -> list[list[tuple[int, str, str]]]:
    """First ``rows`` rows of a worksheet part as ``(column, type, raw text)`` cells."""
    out: list[list[tuple[int, str, str]]] = []
    for _, row in etree.iterparse(fh, events=("end",), tag=f"{_M}row"):
        cells: list[tuple[int, str, str]] = []
        for i, cell in enumerate(row.iterchildren(f"{_M}c")):
            kind = cell.get("t") or "n"
            if kind == "inlineStr":
                text = "".join(
                    t.text or ""
                    for t in cell.iter(f"{_M}t")
                    if t.getparent() is not None and t.getparent().tag != f"{_M}rPh"
                )
                kind = "str"
            else:
                v = cell.find(f"{_M}v")
                text = v.text or "" if v is not None else ""
            cells.append((_column_index(cell.get("r"), i), kind, text))
        out.append(cells)
        row.clear()
        if len(out) >= rows:
            break
    return out


def peek_xlsx(path: Path) -> XlsxPeek | None:
    """Sheet names of the workbook at ``path`` (and lazy access to first rows), or None.

    Cached per file path, size and modification time, since `detect_source()` asks every
    parser about the same file.
    """
    try:
        stat = path.stat()
    except OSError:
        return None
    return _peek(str(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=32)
def _peek(path: str, size: int, mtime_ns: int) -> XlsxPeek | None:
    try:
        with zipfile.ZipFile(path) as archive:
            workbook = etree.fromstring(archive.read("xl/workbook.xml"))
            rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except _BROKEN:
        return None
    targets = {
        rel.get("Id"): rel.get("Target") or ""
        for rel in rels.iter(f"{{{_PKG_REL_NS}}}Relationship")
    }
    names: list[str] = []
    parts: list[str] = []
    for sheet in workbook.iter(f"{_M}sheet"):
        target = targets.get(sheet.get(f"{{{_REL_NS}}}id"), "")
        if not target:
            continue
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        names.append(sheet.get("name") or "")
        parts.append(part)
    return XlsxPeek(Path(path), names, parts)


def peek_workbook(path: Path, head: bytes) -> XlsxPeek | None:
    """`peek_xlsx` for sniffing: None unless ``head`` starts a ZIP and ``path`` is a
    workbook with at least one sheet."""
    if not is_xlsx(head):
        return None
    peek = peek_xlsx(path)
    if peek is None or not peek.sheet_names:
        return None
    return peek


def sheet_has_labels(head: Sequence[Sequence[str]], labels: Iterable[str]) -> int | None:
    """1-based number of the first row in ``head`` that has every label, or None."""
    wanted = {fold_label(label) for label in labels}
    for number, row in enumerate(head, start=1):
        if wanted <= {fold_label(cell) for cell in row if cell}:
            return number
    return None
