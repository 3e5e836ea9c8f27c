"""Cleaning of property values by type: dates, countries, text.

Like FtM's property types, a cleaner returns ``None`` to reject a value instead of
raising: a bad value inside a good list file is counted and skipped, never fatal.

Dates are kept with the precision the list published (``1955``, ``1955-05``,
``1955-05-21``); a year range is kept as an ISO 8601 interval (``1960/1965``). Nothing
is invented: "circa 1955" becomes ``1955``, never ``1955-01-01``.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from rigour.territories import lookup_territory

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ISO_RANGE = re.compile(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)/(\d{4}(?:-\d{2}(?:-\d{2})?)?)$")
_WS = re.compile(r"\s+")

MONTHS: dict[str, int] = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10,
    "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip

_DMY_TEXT = re.compile(r"^(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})$")
_MY_TEXT = re.compile(r"^([A-Za-z]{3,9})\.?,?\s+(\d{4})$")
_MDY_TEXT = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$")
_NUMERIC = re.compile(r"^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})$")
_YEAR = re.compile(r"^(?:c(?:irca|a)?\.?\s*|approximately\s+|approx\.?\s+)?(\d{4})$", re.I)
_YEAR_RANGE = re.compile(r"^(\d{4})\s*(?:-|to|–|/)\s*(\d{4})$")


def collapse_spaces(text: str) -> str:
    """Strip and collapse runs of whitespace (incl. NBSP, tabs, newlines) to one space."""
    return " ".join(text.split())


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not 1000 <= year <= 2200:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        date(year, month, day)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def clean_date(text: str | None, *, dayfirst: bool = True) -> str | None:
    """Turn a published date into an ISO partial date, or ``None`` if it is not one.

    Accepts ISO dates (also with a time part), ``21 May 1955``, ``May 21, 1955``,
    ``May 1955``, ``circa 1955``, numeric ``21/05/1955`` (``dayfirst`` decides how an
    ambiguous numeric date is read: OFSI and UN publish day first, US lists month
    first) and year ranges ``1960-1965`` (kept as ``1960/1965``). Year-only values
    stay year-only.

    Args:
        text: the date as published.
        dayfirst: read ``01/02/1960`` as 1 February (True) or January 2 (False).
    """
    if text is None:
        return None
    value = collapse_spaces(text).strip(" .,;")
    if not value:
        return None
    if "T" in value and _ISO_DATE.match(value.split("T", 1)[0]):
        value = value.split("T", 1)[0]
    m = _ISO_DATE.match(value)
    if m:
        y, mo, d = m.groups()
        return _iso(int(y), int(mo) if mo else None, int(d) if d else None)
    m = _ISO_RANGE.match(value)
    if m:
        return f"{m.group(1)}/{m.group(2)}"
    m = _YEAR.match(value)
    if m:
        return _iso(int(m.group(1)))
    m = _YEAR_RANGE.match(value)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if a == b:
            return _iso(a)
        if a < b and _iso(a) and _iso(b):
            return f"{a:04d}/{b:04d}"
        return None
    m = _DMY_TEXT.match(value)
    if m:
        month = MONTHS.get(m.group(2).lower())
        return _iso(int(m.group(3)), month, int(m.group(1))) if month else None
    m = _MDY_TEXT.match(value)
    if m:
        month = MONTHS.get(m.group(1).lower())
        return _iso(int(m.group(3)), month, int(m.group(2))) if month else None
    m = _MY_TEXT.match(value)
    if m:
        month = MONTHS.get(m.group(1).lower())
        return _iso(int(m.group(2)), month) if month else None
    m = _NUMERIC.match(value)
    if m:
        a, b, c = (int(g) for g in m.groups())
        if len(m.group(1)) == 4:  # 1955/05/21
            return _iso(a, b, c)
        if len(m.group(3)) != 4:
            return None
        if a == 0 and b == 0:  # 00/00/1955: year only
            return _iso(c)
        if a == 0:  # 00/05/1955: month and year
            return _iso(c, b) if dayfirst else None
        return _iso(c, b, a) if dayfirst else _iso(c, a, b)
    return None


@lru_cache(maxsize=8192)
def clean_country(text: str | None) -> str | None:
    """Turn a country name or code into a lower-case ISO 3166-1 alpha-2 code (or a
    FtM territory code such as ``ua-cri`` or ``xk``), or ``None`` if unknown.

    Uses rigour's territory database, which knows official, short and historic names
    in many languages ("Korea, North", "Iran (Islamic Republic of)", "Burma").
    """
    if text is None:
        return None
    value = collapse_spaces(text).strip(" .,;")
    if not value:
        return None
    territory = lookup_territory(value)
    if territory is None:
        return None
    return str(territory.code)


def reset_caches() -> None:
    """Drop memoized look-ups (for long-lived processes after a data update)."""
    clean_country.cache_clear()
