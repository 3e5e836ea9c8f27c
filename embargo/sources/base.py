"""The contract every list-format parser fulfils.

A parser reads one official publication (one file, or a set of sibling files such as
OFAC's sdn/add/alt/comments CSVs) and returns a `ParseResult`: the publication date
found in the file, the entities, and what it had to skip. It never touches the
catalog; loading, versioning and diffing happen there.

Parsers raise `ParseError` only when the file is not what it claims to be (wrong
format, truncated, not well-formed). `SourceParser.read` translates the errors of the
libraries underneath (lxml, gzip, zipfile, csv, openpyxl, UnicodeDecodeError) into
`ParseError` with the file and position, so callers see one exception type.
"""

from __future__ import annotations

import csv
import fnmatch
import gc
import gzip
import logging
import zipfile
import zlib
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from lxml import etree

from embargo.exc import ParseError
from embargo.model.entity import Entity

log = logging.getLogger(__name__)


@dataclass(slots=True)
class ParseResult:
    """What a parser read from one publication.

    Attributes:
        source: the parser's NAME.
        list_key: the list the entities belong to (``un_sc``, ``us_ofac_sdn``…).
        published: the publication date the file states (ISO), or the best proxy the
            file has (latest listing date), or None.
        entities: one per designation.
        files: every file that was read (for checksums and provenance).
        deleted_ids: entity ids a delta file removes (delta formats only).
        is_delta: True when the publication is a change set on top of the last version.
        skipped: counts of values or rows that could not be read, by reason.
    """

    source: str
    list_key: str
    published: str | None
    entities: list[Entity]
    files: list[Path]
    deleted_ids: list[str] = field(default_factory=list)
    is_delta: bool = False
    skipped: Counter[str] = field(default_factory=Counter)

    def count_by_schema(self) -> dict[str, int]:
        counts = Counter(e.schema for e in self.entities)
        return dict(sorted(counts.items()))


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a list file is parsed.

    A parse allocates hundreds of thousands of small objects that live on (one
    `Value` per property value: 320,000 for the OFAC SDN list) and form no reference
    cycles. Each allocation burst makes the collector traverse all of them again, for
    nothing: 20 % of the SDN parse (0.4 s), 0.2 s of the CSL. Reference counting
    still frees everything as usual; the collector resumes afterwards and reclaims
    any cycles then. When the collector is already off (another parse in another
    thread, or the application's choice), it is left as it is.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class SourceParser(ABC):
    """Base class of all list-format parsers.

    Subclasses set the class constants and implement `parse`; they may override
    `sniff` (recognise a file by content) and `companion_files` (sibling files that
    belong to the same publication).
    """

    #: Stable key of the format, used by ``--format`` and in provenance.
    NAME: ClassVar[str]
    #: Human title of the publication.
    TITLE: ClassVar[str]
    #: Default list key of the entities this format yields.
    LIST_KEY: ClassVar[str]
    #: Official download address of the current publication (None if not downloadable).
    URL: ClassVar[str | None] = None
    #: File-name globs (lower case) that identify this format when content sniffing is
    #: not conclusive.
    FILE_NAMES: ClassVar[tuple[str, ...]] = ()

    def __init__(self, list_key: str | None = None) -> None:
        self.list_key_override = list_key

    def list_key_for(self, path: Path) -> str:
        """The list key for entities read from ``path``."""
        return self.list_key_override or self.LIST_KEY

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        """True when ``path`` looks like this format.

        ``head`` holds the first bytes of the (decompressed) file. The default
        compares the file name with `FILE_NAMES`; parsers override this to look at
        the content (root element, header row, sheet names).
        """
        name = path.name.lower()
        return any(fnmatch.fnmatch(name, pattern) for pattern in cls.FILE_NAMES)

    @classmethod
    def hint(cls, path: Path, head: bytes) -> str | None:
        """Why a file this parser does not `sniff` is still *of* its format, or None.

        For files that belong to a publication but cannot be loaded alone (OFAC's
        ``add.csv`` beside ``sdn.csv``): `detect_source` puts the hint in its error
        message, so the operator learns which file to load instead.
        """
        return None

    def companion_files(self, path: Path) -> list[Path]:
        """All files of the publication that ``path`` belongs to (itself first)."""
        return [path]

    @abstractmethod
    def parse(self, path: Path) -> ParseResult:
        """Read the publication at ``path``."""

    def error(
        self, message: str, path: Path | str | None = None, **where: int | str | None
    ) -> ParseError:
        """Build a ParseError naming this parser (``raise self.error(...)``)."""
        return ParseError(message, source=self.NAME, path=path, **where)  # type: ignore[arg-type]

    def read(self, path: Path) -> ParseResult:
        """Parse ``path``, translating library errors into `ParseError`.

        Also refuses a publication that yields no designation at all: an empty list
        is never a valid official publication, but a classic symptom of a truncated
        download or an error page.
        """
        if not path.exists():
            raise self.error("file does not exist", path)
        if path.stat().st_size == 0:
            raise self.error("file is empty", path)
        try:
            with cyclic_gc_paused():
                result = self.parse(path)
        except ParseError:
            raise
        except etree.XMLSyntaxError as exc:
            line = exc.lineno if isinstance(exc.lineno, int) else None
            raise self.error(f"not well-formed XML: {exc.msg}", path, line=line) from exc
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            raise self.error(f"compressed data is truncated or corrupt: {exc}", path) from exc
        except zipfile.BadZipFile as exc:
            raise self.error(f"not a valid ZIP/XLSX container: {exc}", path) from exc
        except UnicodeDecodeError as exc:
            raise self.error(
                f"text is not valid {exc.encoding} (byte offset {exc.start}): wrong encoding?",
                path,
            ) from exc
        except csv.Error as exc:
            raise self.error(f"malformed CSV: {exc}", path) from exc
        if not result.entities and not result.is_delta:
            raise self.error("no designations found in the file", path)
        if result.skipped:
            log.info("%s: skipped %s", self.NAME, dict(result.skipped))
        return result
