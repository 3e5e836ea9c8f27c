"""Batch screening: customer files in, one result line per row out.

The engine-independent part of `embargo batch`: reading rows from CSV, JSON lines or
Parquet, mapping columns to a screening `Query`, and shaping each row's outcome. The
engines in `embargo.services.batch` (local processes, Spark) call `screen_row` on their
workers, so both produce identical results from the same matching code.

A row that cannot be screened (no name, an absurd name, a bad date) is not fatal: its
outcome carries ``error`` with the row number, and the run goes on.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from embargo.exc import QueryError
from embargo.model.values import clean_country, clean_date
from embargo.screen.party import Query, ScreenResult

#: Longest name a row may carry; longer values are garbage, not names.
MAX_NAME_CHARS = 500

#: Column roles and the default column names looked up for each.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "customer_id", "row_id", "ref", "reference"),
    "name": ("name", "full_name", "customer_name", "party_name"),
    "birth_date": ("birth_date", "dob", "date_of_birth", "birthdate"),
    "country": ("country", "nationality", "country_code"),
    "identifier": ("identifier", "id_number", "passport", "imo", "bic"),
    "schema": ("schema", "type", "entity_type"),
}


class SupportsScreen(Protocol):
    def screen(
        self,
        query: Query,
        *,
        threshold: float | None = None,
        limit: int = 10,
        list_keys: Sequence[str] | None = None,
    ) -> ScreenResult: ...


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Which input column plays which role (``--columns name=full_name,id=cust_no``)."""

    name: str
    id: str | None = None
    birth_date: str | None = None
    country: str | None = None
    identifier: str | None = None
    schema: str | None = None

    @classmethod
    def parse(cls, spec: str | None, header: Sequence[str]) -> ColumnMap:
        """Build from a ``role=column,…`` spec, filling unnamed roles from the header.

        Raises QueryError naming the role or column that does not fit the file.
        """
        given: dict[str, str] = {}
        if spec:
            for part in spec.split(","):
                if not part.strip():
                    continue
                role, sep, column = part.partition("=")
                role, column = role.strip(), column.strip()
                if not sep or role not in DEFAULT_COLUMNS or not column:
                    raise QueryError(
                        f"bad --columns entry {part!r}: expected ROLE=COLUMN with ROLE one of "
                        f"{', '.join(DEFAULT_COLUMNS)}"
                    )
                if column not in header:
                    raise QueryError(
                        f"column {column!r} (for {role}) is not in the input; "
                        f"columns are: {', '.join(header)}"
                    )
                given[role] = column
        lower = {h.lower(): h for h in header}
        for role, candidates in DEFAULT_COLUMNS.items():
            if role in given:
                continue
            for candidate in candidates:
                if candidate in lower:
                    given[role] = lower[candidate]
                    break
        if "name" not in given:
            raise QueryError(
                "no name column: pass --columns name=<column>; columns are: " + ", ".join(header)
            )
        return cls(**given)


@dataclass(slots=True)
class RowOutcome:
    """The result of screening one input row."""

    row: int
    row_id: str
    name: str | None
    result: ScreenResult | None = None
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.row_id, "row": self.row, "name": self.name}
        if self.error is not None:
            data["error"] = self.error
            data["results"] = []
            return data
        assert self.result is not None
        body = self.result.to_dict()
        data["results"] = body["results"]
        for key in ("threshold", "config", "list_versions"):
            if key in body:
                data[key] = body[key]
        data.update(self.extra)
        return data


def _cell(row: Mapping[str, Any], column: str | None) -> str | None:
    if column is None:
        return None
    value = row.get(column)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def row_query(row: Mapping[str, Any], columns: ColumnMap) -> tuple[Query, list[str]]:
    """The screening query for one row, and warnings about values it had to drop.

    A row without a usable name cannot be screened (QueryError says why). A birth
    date or country that cannot be read is dropped with a warning and the row is
    screened by name: leaving a customer unscreened because of a typo in a date
    would be worse than screening without the date.
    """
    name = _cell(row, columns.name)
    if name is None:
        raise QueryError(f"empty name in column {columns.name!r}")
    if len(name) > MAX_NAME_CHARS:
        raise QueryError(f"name is {len(name)} characters long (limit {MAX_NAME_CHARS})")
    if not any(ch.isalnum() for ch in name):
        raise QueryError(f"name {name[:40]!r} has no letters or digits")
    if "\n" in name or "\r" in name:
        raise QueryError("name spans several lines (an unclosed quote in the file?)")
    warnings: list[str] = []
    birth_dates: list[str] = []
    raw_date = _cell(row, columns.birth_date)
    if raw_date is not None:
        cleaned = clean_date(raw_date)
        if cleaned is None:
            warnings.append(f"birth date {raw_date!r} is not a date; screened without it")
        else:
            birth_dates.append(cleaned)
    countries: list[str] = []
    raw_country = _cell(row, columns.country)
    if raw_country is not None:
        code = clean_country(raw_country)
        if code is None:
            warnings.append(f"country {raw_country!r} is not a known country; screened without it")
        else:
            countries.append(code)
    identifiers = [x for x in [_cell(row, columns.identifier)] if x]
    schema = _cell(row, columns.schema) or "LegalEntity"
    schema = {"individual": "Person", "person": "Person", "company": "Company",
              "organization": "Organization", "organisation": "Organization",
              "entity": "Organization", "vessel": "Vessel"}.get(schema.lower(), schema)  # fmt: skip
    query = Query(
        schema=schema,
        names=[name],
        birth_dates=birth_dates,
        countries=countries,
        identifiers=identifiers,
    )
    return query, warnings


def screen_row(
    screener: SupportsScreen,
    row_number: int,
    row: Mapping[str, Any],
    columns: ColumnMap,
    *,
    threshold: float | None = None,
    limit: int = 10,
) -> RowOutcome:
    """Screen one row; errors in the row become the outcome's ``error``."""
    row_id = _cell(row, columns.id) or str(row_number)
    name = _cell(row, columns.name)
    try:
        query, warnings = row_query(row, columns)
        result = screener.screen(query, threshold=threshold, limit=limit)
    except QueryError as exc:
        return RowOutcome(row=row_number, row_id=row_id, name=name, error=str(exc))
    outcome = RowOutcome(row=row_number, row_id=row_id, name=name, result=result)
    if warnings:
        outcome.extra["warnings"] = warnings
    return outcome


# ---------------------------------------------------------------- reading and writing


FORMATS: tuple[tuple[str, str], ...] = (
    (".csv", "csv"),
    (".tsv", "csv"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".json", "jsonl"),
    (".parquet", "parquet"),
)


def input_format(path: Path) -> str:
    """``csv``, ``jsonl`` or ``parquet`` from the file name."""
    name = path.name.lower()
    for suffix, fmt in FORMATS:
        if name.endswith((suffix, suffix + ".gz")):
            return fmt
    raise QueryError(f"cannot tell the format of {path.name}: use .csv, .jsonl or .parquet")


def _open_text(path: Path, encoding: str = "utf-8") -> IO[str]:
    """A customer file as text: gzip-compressed files (by their first bytes, whatever
    the name says) are decompressed on the fly."""
    with path.open("rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rt", encoding=encoding, newline="")
    return path.open(encoding=encoding, newline="")


def _not_utf8(path: Path) -> QueryError:
    """The error for a file that is not UTF-8, naming its first bad line.

    The text decoder reads ahead in blocks, so the line being parsed when it fails
    is not the line at fault: the raw bytes are scanned again to find it.
    """
    with path.open("rb") as probe:
        packed = probe.read(2) == b"\x1f\x8b"
    opener = gzip.open if packed else open
    with opener(path, "rb") as raw:
        for number, line in enumerate(raw, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                byte = line[exc.start : exc.start + 1].hex()
                return QueryError(
                    f"{path.name}: line {number} is not UTF-8 text (byte 0x{byte}); save "
                    'the file as UTF-8 (spreadsheet programs offer "CSV UTF-8") and run again'
                )
    return QueryError(f"{path.name} is not UTF-8 text; save it as UTF-8 and run again")


def read_header(path: Path) -> list[str]:
    try:
        return _read_header(path)
    except UnicodeDecodeError:
        raise _not_utf8(path) from None


def _read_header(path: Path) -> list[str]:
    fmt = input_format(path)
    if fmt == "csv":
        with _open_text(path, "utf-8-sig") as fh:
            reader = csv.reader(fh, delimiter="\t" if path.name.endswith(".tsv") else ",")
            return next(reader, [])
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return list(pq.read_schema(path).names)
    with _open_text(path) as fh:
        for line in fh:
            if line.strip():
                obj = json.loads(line)
                return list(obj) if isinstance(obj, dict) else []
    return []


def iter_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, row) pairs; row numbers are 1-based data rows (header excluded).

    A JSON line that does not parse yields a row ``{"__error__": message}`` so the
    caller reports it with its number and goes on. A file that is not UTF-8 stops the
    run with a `QueryError` naming the line: every later row would be misread too.
    """
    try:
        yield from _iter_rows(path)
    except UnicodeDecodeError:
        raise _not_utf8(path) from None


def _iter_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    fmt = input_format(path)
    if fmt == "csv":
        with _open_text(path, "utf-8-sig") as fh:
            reader = csv.DictReader(fh, delimiter="\t" if path.name.endswith(".tsv") else ",")
            last_line = 1  # the header
            for number, row in enumerate(reader, start=1):
                first, last_line = last_line + 1, reader.line_num
                if last_line > first and any(
                    isinstance(v, str) and "\n" in v for v in row.values()
                ):
                    yield (
                        number,
                        {
                            "__error__": f"row spans lines {first}-{last_line}: a quoted field is "
                            "not closed, so the lines after it were read as part of this row"
                        },
                    )
                    continue
                if None in row:
                    yield number, {"__error__": f"line {last_line}: more fields than the header"}
                    continue
                yield number, dict(row)
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        parquet = pq.ParquetFile(path)
        number = 0
        for batch in parquet.iter_batches(batch_size=10_000):
            for row in batch.to_pylist():
                number += 1
                yield number, row
    else:
        with _open_text(path) as fh:
            number = 0
            for line in fh:
                if not line.strip():
                    continue
                number += 1
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield number, {"__error__": f"invalid JSON: {exc.msg} at column {exc.colno}"}
                    continue
                if not isinstance(obj, dict):
                    yield number, {"__error__": "a JSON line must be an object"}
                    continue
                yield number, obj
