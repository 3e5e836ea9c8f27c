"""Sheets that print one row per *name* of a target, read as one entity per target.

The UK OFSI (`embargo.sources.gb_ofsi_xlsx`) and Australia DFAT
(`embargo.sources.au_dfat_xlsx`) workbooks are flattened the same way: a target
with three names has three rows, and every row repeats the target's other details
(dates of birth, addresses, listing information); a target with two addresses has
each name row twice. Both parsers group the rows by the column that identifies the
target (`group_rows`), read the names from every row, and read the other columns once
per distinct combination of their values (`distinct_rows`), so a repeated detail is
neither read nor counted as unreadable once per name. Which column identifies a
target, which columns belong to the name, and what each column means stay with each
parser.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from embargo.sources.xlsx import Header, cell_text

#: A sheet row as `embargo.sources.xlsx.sheet_rows` yields it: (row number, values).
Row = tuple[int, tuple[Any, ...]]


def _as_is(text: str) -> str | None:
    return text


def group_rows(
    rows: Iterable[Row],
    header: Header,
    label: str,
    skipped: Counter[str],
    key: Callable[[str], str | None] = _as_is,
) -> dict[str, list[Row]]:
    """The rows under ``header`` grouped by the target id in column ``label``.

    ``key`` reads the id from the cell text (DFAT: ``2a1`` → ``2``). A row without
    the cell is skipped and counted as ``row without <label>``, unless the whole row
    is blank; a cell ``key`` cannot read is counted as ``unreadable <label>``. Groups
    and the rows in each keep the order of the file.
    """
    groups: dict[str, list[Row]] = {}
    for number, values in rows:
        text = cell_text(header.get(values, label))
        if text is None:
            if any(v is not None for v in values):
                skipped[f"row without {label}"] += 1
            continue
        group = key(text)
        if group is None:
            skipped[f"unreadable {label}"] += 1
            continue
        groups.setdefault(group, []).append((number, values))
    return groups


def distinct_rows(
    rows: Iterable[Row], header: Header, name_labels: Iterable[str]
) -> Iterator[tuple[Any, ...]]:
    """The values of each row of a group whose cells outside the name columns
    (``name_labels``) differ from those of every row before it."""
    name_columns = {header.column(label) for label in name_labels}
    seen: set[tuple[Any, ...]] = set()
    for _, values in rows:
        details = tuple(v for i, v in enumerate(values) if i not in name_columns)
        if details in seen:
            continue
        seen.add(details)
        yield values
