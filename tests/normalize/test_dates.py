"""Birth dates: parsing published precision and comparing sets of dates."""

from __future__ import annotations

from embargo.normalize.dates import DateMatch, PartialDate, compare_date, compare_dates, parse_dates


def test_parse_keeps_precision_and_expands_ranges() -> None:
    assert parse_dates(["1955-05-21", "1955", "1960-03"]) == (
        PartialDate(1955, 5, 21),
        PartialDate(1955),
        PartialDate(1960, 3),
    )
    assert parse_dates(["1960/1962"]) == (PartialDate(1960), PartialDate(1961), PartialDate(1962))
    assert parse_dates(["1900/1990", "not a date", "1955-13-01"]) == ()


def test_compare_single_dates() -> None:
    d = PartialDate
    assert compare_date(d(1955, 5, 21), d(1955, 5, 21)) is DateMatch.EXACT
    assert compare_date(d(1955, 5), d(1955, 5, 21)) is DateMatch.MONTH
    assert compare_date(d(1955), d(1955, 5, 21)) is DateMatch.YEAR
    assert compare_date(d(1955, 5, 3), d(1955, 3, 5)) is DateMatch.SWAPPED
    assert compare_date(d(1956), d(1955, 5, 21)) is DateMatch.NEAR
    assert compare_date(d(1941, 2, 16), d(1984, 1, 8)) is DateMatch.CONFLICT
    # 1 January often stands for an unknown day and month
    assert compare_date(d(1965, 1, 1), d(1965, 3, 3)) is DateMatch.YEAR
    assert compare_date(d(1965, 6, 1), d(1965, 3, 3)) is DateMatch.CONFLICT


def test_best_pair_wins() -> None:
    verdict, q, c = compare_dates(
        parse_dates(["1976-08-25"]), parse_dates(["1976-10-18", "1976-08-25"])
    )
    assert verdict is DateMatch.EXACT
    assert (str(q), str(c)) == ("1976-08-25", "1976-08-25")
    assert compare_dates((), parse_dates(["1955"]))[0] is DateMatch.UNKNOWN
