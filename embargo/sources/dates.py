"""Dates as several lists write them: day first with unknown parts, year ranges.

OFSI's consolidated list writes an unknown day or month as ``00`` (``00/00/1978``,
``00/05/1955``); the FCDO's UK Sanctions List writes them as placeholders
(``dd/mm/1945``, ``dd/05/1958``). Both mean the same: the date at the precision that is
known. `partial_dmy` reads both spellings, so a designation on both UK lists gets
the same ``birthDate`` from either.

The UN and the EU both give an uncertain year of birth as two years (``FROM_YEAR``/
``TO_YEAR``, ``yearRangeFrom``/``yearRangeTo``); `year_range` turns them into the same
ISO interval. The lists without a publication date (trade.gov CSL, BIS DPL) take the
latest date in them as a proxy; `latest_past_date` leaves out a date in the future,
which is a typo or a planned date, not the day the file was published.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from embargo.model.values import clean_date

_UNKNOWN = r"(?:\d{1,2}|dd|mm)"
_DMY = re.compile(rf"^({_UNKNOWN})/({_UNKNOWN})/(\d{{4}})$", re.IGNORECASE)
_MY = re.compile(rf"^({_UNKNOWN})/(\d{{4}})$", re.IGNORECASE)


def _known(part: str) -> int:
    """The number of a date part, 0 when it is a placeholder (``00``, ``dd``, ``mm``)."""
    return int(part) if part.isdigit() else 0


def partial_dmy(text: str | None) -> str | None:
    """A day-first date (``dd/mm/yyyy``, ``mm/yyyy``, ``yyyy``) as an ISO partial date.

    ``00/00/1978`` and ``dd/mm/1978`` → ``1978``; ``00/05/1955`` and ``dd/05/1955`` →
    ``1955-05``; ``12/00/1960`` → ``1960`` (a day without its month means nothing);
    anything else goes to `embargo.model.values.clean_date`, day first. None when the
    text is no date (``31/02/1960``).
    """
    if text is None:
        return None
    value = text.strip()
    match = _DMY.match(value)
    if match:
        day, month, year = (_known(part) for part in match.groups())
        if month == 0:
            return clean_date(f"{year:04d}")
        if day == 0:
            return clean_date(f"{year:04d}-{month:02d}")
        return clean_date(f"{year:04d}-{month:02d}-{day:02d}")
    match = _MY.match(value)
    if match:
        month, year = _known(match.group(1)), _known(match.group(2))
        return clean_date(f"{year:04d}" if month == 0 else f"{year:04d}-{month:02d}")
    return clean_date(value, dayfirst=True)


def year_range(start: str | None, end: str | None) -> str | None:
    """Two bounds as an ISO interval (``1960/1965``); one bound, or two equal, as is.

    None when neither is given.
    """
    if start and end and start != end:
        return f"{start}/{end}"
    return start or end


def latest_past_date(dates: Iterable[str]) -> str | None:
    """The latest of ISO ``dates`` that is not after today, or None.

    For lists that state no publication date: the latest date in the file is the
    best proxy, but a date in the future is a typo, not a publication.
    """
    today = date.today().isoformat()
    plausible = [d for d in dates if d <= today]
    return max(plausible) if plausible else None
