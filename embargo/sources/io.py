"""Opening list files the way they are published: plain, gzip-compressed or zipped.

Parsers call `open_binary`/`open_text` instead of `open` so a ``.gz`` copy of a file
reads exactly like the original. Errors of a truncated archive surface while reading
and are translated by `SourceParser.read`.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path
from typing import BinaryIO, TextIO

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"


def is_gzip(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(2) == GZIP_MAGIC


def is_zip(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(4) == ZIP_MAGIC


def open_binary(path: Path) -> BinaryIO:
    """Open a file for reading bytes, decompressing gzip transparently."""
    if is_gzip(path):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def open_text(path: Path, encoding: str = "utf-8-sig", newline: str | None = "") -> TextIO:
    """Open a file for reading text (``newline=""`` suits the csv module)."""
    return io.TextIOWrapper(open_binary(path), encoding=encoding, newline=newline)


def read_head(path: Path, size: int = 4096) -> bytes:
    """The first ``size`` bytes of the (decompressed) file; b"" if unreadable."""
    try:
        with open_binary(path) as fh:
            return fh.read(size)
    except (OSError, EOFError):
        return b""


def header_columns(head: bytes, separator: str) -> set[str]:
    """The column names in the first line of a delimited text file, for sniffing.

    ``head`` is the file's first bytes (`read_head`); a UTF-8 BOM, spaces around a
    name and the quotes of a quoted name are dropped.
    """
    first = head.decode("utf-8", errors="replace").lstrip("\ufeff").split("\n", 1)[0]
    return {column.strip().strip('"') for column in first.split(separator)}


def stem_without_compression(path: Path) -> str:
    """File name without ``.gz`` (``ofac_sdn.csv.gz`` → ``ofac_sdn.csv``)."""
    name = path.name
    return name[:-3] if name.lower().endswith(".gz") else name
