"""Builders of broken and foreign workbooks for the bad-input tests of the XLSX parsers."""

from __future__ import annotations

import warnings
from pathlib import Path

from openpyxl import Workbook, load_workbook

HTML_ERROR_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head>"
    b"<body><h1>Service Unavailable</h1></body></html>\n"
)


def truncated_copy(source: Path, tmp_path: Path) -> Path:
    """The first half of the bytes of ``source`` (an interrupted download)."""
    data = source.read_bytes()
    target = tmp_path / f"truncated_{source.name}"
    target.write_bytes(data[: len(data) // 2])
    return target


def html_page(tmp_path: Path, name: str) -> Path:
    """An HTML error page saved under an ``.xlsx`` name."""
    target = tmp_path / name
    target.write_bytes(HTML_ERROR_PAGE)
    return target


def renamed_header(source: Path, tmp_path: Path, old: str, new: str) -> Path:
    """A copy of ``source`` with the header cell ``old`` renamed to ``new`` on every sheet.

    The copy is written by openpyxl (full mode), so only the cell text differs.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = load_workbook(source)
    renamed = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(max_row=10):
            for cell in row:
                if isinstance(cell.value, str) and cell.value.strip() == old:
                    cell.value = new
                    renamed += 1
    assert renamed, f"{old!r} not found in {source}"
    target = tmp_path / f"renamed_{source.name}"
    workbook.save(target)
    return target


def unrelated_workbook(tmp_path: Path) -> Path:
    """A workbook that is no sanctions list (a small price table)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Prices"
    sheet.append(["Reference", "Item", "Price", "Name"])
    sheet.append([1, "Widget", 9.5, "ACME"])
    sheet.append([2, "Gadget", 12.0, "Globex"])
    target = tmp_path / "prices.xlsx"
    workbook.save(target)
    return target
