"""The one exception tree of embargo.

Every exception the package raises on purpose derives from `EmbargoError`, so a caller
can catch embargo's failures without catching programming errors::

    EmbargoError
    ├── SourceError            a list file or its download is not usable
    │   ├── FetchError         the download failed (HTTP status, network, checksum)
    │   └── ParseError         the file is not the expected format (file, line/XPath, record)
    ├── InvalidEntity          an entity violates the model (unknown schema or property)
    ├── CatalogError           the catalog refused an operation (unknown version, list, entity)
    │   └── SanityCheckError   a new version looks broken (e.g. entity count collapsed)
    ├── IndexBuildError        the screening index could not be built or loaded
    ├── MatchConfigError       a matching configuration is invalid
    ├── QueryError             a screening query is empty, too large or malformed
    ├── ConfigError            deployment settings (EMBARGO_* variables) are invalid
    └── MessageError           a payment message is malformed (names the field and line)

A bad *value* inside a good file is not an exception: parsers skip it, count it and
log it. Exceptions are for files that are not what they claim to be.
"""

from __future__ import annotations

from pathlib import Path


class EmbargoError(Exception):
    """Root of every exception embargo raises on purpose."""


class SourceError(EmbargoError):
    """A list publication cannot be used."""


class FetchError(SourceError):
    """Downloading a list publication failed.

    Attributes:
        url: the address that was requested.
        status: the HTTP status, when the server answered.
    """

    def __init__(self, message: str, *, url: str, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.url = url
        self.status = status

    def __str__(self) -> str:
        where = f"{self.url}" + (f" (HTTP {self.status})" if self.status else "")
        return f"{self.message} [{where}]"


class ParseError(SourceError):
    """A list file is not in the format its parser expects.

    The message says what was expected; the attributes say where, so an operator can
    open the file at the right place.

    Attributes:
        source: the parser's NAME (e.g. ``un_sc_xml``).
        path: the file that was read.
        line: 1-based line (text formats) or row (spreadsheets), when known.
        xpath: element path (XML formats), when known.
        record_id: the designation being read, when known.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str,
        path: Path | str | None = None,
        line: int | None = None,
        xpath: str | None = None,
        record_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.path = str(path) if path is not None else None
        self.line = line
        self.xpath = xpath
        self.record_id = record_id

    def __str__(self) -> str:
        where: list[str] = []
        if self.path is not None:
            where.append(self.path)
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.xpath is not None:
            where.append(self.xpath)
        if self.record_id is not None:
            where.append(f"record {self.record_id}")
        loc = ", ".join(where)
        return f"{self.source}: {self.message}" + (f" ({loc})" if loc else "")


class InvalidEntity(EmbargoError):
    """An entity does not fit the model (unknown schema or property)."""


class CatalogError(EmbargoError):
    """The catalog cannot do what was asked."""


class SanityCheckError(CatalogError):
    """A new list version was refused because it looks broken compared to the last one."""


class IndexBuildError(EmbargoError):
    """The screening index could not be built, saved or loaded."""


class MatchConfigError(EmbargoError):
    """A matching configuration is invalid."""


class QueryError(EmbargoError):
    """A screening query cannot be screened (empty, oversized, or malformed)."""


class MessageError(EmbargoError):
    """A payment message (SWIFT MT, ISO 20022) is malformed.

    Attributes:
        format: the message format being read (``MT103``, ``pacs.008``…).
        field: the field tag or XML path that is wrong, when known.
        line: 1-based line of the message text, when known.
    """

    def __init__(
        self, message: str, *, format: str, field: str | None = None, line: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.format = format
        self.field = field
        self.line = line

    def __str__(self) -> str:
        where = []
        if self.field:
            where.append(f"field {self.field}")
        if self.line:
            where.append(f"line {self.line}")
        loc = f" ({', '.join(where)})" if where else ""
        return f"{self.format}: {self.message}{loc}"


class ConfigError(EmbargoError):
    """Deployment settings are invalid; ``problems`` lists every one found.

    Attributes:
        problems: one message per invalid setting, so all are fixed in one round.
    """

    def __init__(self, message: str, *, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems or [])
