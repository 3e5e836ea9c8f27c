"""Birth dates as evidence: parse partial dates and compare them.

Lists publish birth dates with the precision they have: a full date, a month, a
year, a year range, or several candidate dates for one person. Queries carry the
same mix. `compare_dates` reduces two sets of such dates to one `DateMatch` verdict:

* ``EXACT``: a full date on both sides, identical;
* ``MONTH``: same year and month, at least one side less precise than a day;
* ``YEAR``: same year, at least one side year-only (or a placeholder 1 January);
* ``SWAPPED``: same year, day and month swapped (a US/European reading slip);
* ``NEAR``: years one apart (approximate birth years are common on lists);
* ``CONFLICT``: every pair disagrees by more than that;
* ``UNKNOWN``: one side has no date.

The best verdict over all pairs wins: a list that gives three possible birth dates
agrees with a query that matches any of them.

Many lists write an unknown day and month as 1 January (``1965-01-01``). A full date
of 1 January is therefore compared as a year only when the other side differs,
instead of being a conflict.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import IntEnum
from typing import NamedTuple

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_MAX_RANGE_YEARS = 12


class DateMatch(IntEnum):
    """Agreement of two sets of dates; higher is better agreement."""

    CONFLICT = 0
    NEAR = 1
    UNKNOWN = 2
    SWAPPED = 3
    YEAR = 4
    MONTH = 5
    EXACT = 6


class PartialDate(NamedTuple):
    """A date with the precision it was published with (a tuple: compact to store
    and fast to load in an index)."""

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def is_placeholder(self) -> bool:
        """1 January: often written for an unknown day and month."""
        return self.month == 1 and self.day == 1


def parse_date(text: str) -> list[PartialDate]:
    """Parse an ISO partial date or an ISO interval of years into dates.

    ``"1955-05-21"`` → one date; ``"1960/1965"`` → the years 1960…1965 (ranges
    longer than twelve years are ignored as uninformative). Anything else yields
    an empty list.
    """
    value = text.strip()
    if "/" in value:
        start, _, end = value.partition("/")
        a, b = _parse_one(start), _parse_one(end)
        if a is None or b is None or b.year < a.year:
            return []
        if b.year - a.year > _MAX_RANGE_YEARS:
            return []
        if a.year == b.year and a == b:
            return [a]
        return [PartialDate(y) for y in range(a.year, b.year + 1)]
    one = _parse_one(value)
    return [one] if one is not None else []


def _parse_one(value: str) -> PartialDate | None:
    m = _DATE.match(value.strip())
    if m is None:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= 31:
        return None
    return PartialDate(year, month, day)


def parse_dates(values: Iterable[str]) -> tuple[PartialDate, ...]:
    """Parse many published dates, dropping unreadable ones and duplicates."""
    out: list[PartialDate] = []
    for value in values:
        for item in parse_date(value):
            if item not in out:
                out.append(item)
    return tuple(out)


def compare_date(a: PartialDate, b: PartialDate) -> DateMatch:
    """Agreement of two single dates (see `DateMatch`)."""
    if a.year != b.year:
        return DateMatch.NEAR if abs(a.year - b.year) == 1 else DateMatch.CONFLICT
    if a.month is None or b.month is None:
        return DateMatch.YEAR
    if a.month != b.month:
        if a.day is not None and b.day is not None and a.day == b.month and a.month == b.day:
            return DateMatch.SWAPPED
        if a.is_placeholder or b.is_placeholder:
            return DateMatch.YEAR
        return DateMatch.CONFLICT
    if a.day is None or b.day is None:
        return DateMatch.MONTH
    if a.day == b.day:
        return DateMatch.EXACT
    if a.is_placeholder or b.is_placeholder:
        return DateMatch.YEAR
    return DateMatch.CONFLICT


def compare_dates(
    query: Iterable[PartialDate], candidate: Iterable[PartialDate]
) -> tuple[DateMatch, PartialDate | None, PartialDate | None]:
    """Best agreement over all pairs, with the pair that produced it.

    Returns ``(UNKNOWN, None, None)`` when either side has no date.
    """
    best = DateMatch.UNKNOWN
    pair: tuple[PartialDate | None, PartialDate | None] = (None, None)
    first = True
    cands = tuple(candidate)
    for q in query:
        for c in cands:
            verdict = compare_date(q, c)
            if first or verdict > best:
                best, pair, first = verdict, (q, c), False
    return best, pair[0], pair[1]
