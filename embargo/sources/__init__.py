"""Parsers of official list formats, one module per format, gathered in a registry.

`get_source(name)` returns a parser by its NAME (or an alias); `detect_source(path)`
finds the parser for a file by its content. Modules are imported lazily, on first use,
so loading one list never imports every parser's dependencies.

One broken parser module (a missing optional dependency, a syntax error in a local
patch) must not take every other format down with it: the registry imports each
module on its own, skips one that fails and remembers why (`import_failures`).
Detection still tries every parser that imports; only when none recognises the file
does the `ParseError` name the modules that could not be tried, because one of them
may have been the right one. Each failure is also logged once per call as a warning.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Iterator
from pathlib import Path

from embargo.exc import ParseError
from embargo.sources.base import ParseResult, SourceParser
from embargo.sources.io import ZIP_MAGIC, read_head

log = logging.getLogger(__name__)

#: (module, class) of every parser, in sniffing order (specific formats first).
_PARSERS: tuple[tuple[str, str], ...] = (
    ("embargo.sources.un_sc_xml", "UnScXml"),
    ("embargo.sources.us_ofac_csv", "OfacSdnCsv"),
    ("embargo.sources.us_ofac_csv", "OfacConsCsv"),
    ("embargo.sources.us_ofac_xml", "OfacSdnListXml"),
    ("embargo.sources.us_ofac_enhanced_xml", "OfacEnhancedXml"),
    ("embargo.sources.us_ofac_advanced_xml", "OfacAdvancedXml"),
    ("embargo.sources.eu_fsf_xml", "EuFsfXml"),
    ("embargo.sources.gb_ofsi_xlsx", "GbOfsiXlsx"),
    ("embargo.sources.gb_fcdo_xml", "GbFcdoXml"),
    ("embargo.sources.us_csl_csv", "UsCslCsv"),
    ("embargo.sources.us_bis_dpl_txt", "UsBisDplTxt"),
    ("embargo.sources.ca_sema_xml", "CaSemaXml"),
    ("embargo.sources.au_dfat_xlsx", "AuDfatXlsx"),
    ("embargo.sources.jp_mof_xlsx", "JpMofXlsx"),
    ("embargo.sources.jp_meti_eul_xlsx", "JpMetiEulXlsx"),
    ("embargo.sources.ftm_json", "FtmJson"),
)

#: Other names accepted for ``--format``.
FORMAT_ALIASES: dict[str, str] = {
    "un": "un_sc_xml",
    "ofac_sdn_csv": "us_ofac_sdn_csv",
    "ofac_cons_csv": "us_ofac_cons_csv",
    "sdnlist_xml": "us_ofac_xml",
    "ofac_enhanced": "us_ofac_enhanced_xml",
    "ofac_advanced": "us_ofac_advanced_xml",
    "eu": "eu_fsf_xml",
    "ofsi": "gb_ofsi_xlsx",
    "uk": "gb_fcdo_xml",
    "csl": "us_csl_csv",
    "dpl": "us_bis_dpl_txt",
    "ca": "ca_sema_xml",
    "au": "au_dfat_xlsx",
    "jp_mof": "jp_mof_xlsx",
    "jp_meti": "jp_meti_eul_xlsx",
    "ftm": "ftm_json",
    "opensanctions": "ftm_json",
}


def _load(module_name: str, class_name: str) -> type[SourceParser]:
    module = importlib.import_module(module_name)
    cls = getattr(module, class_name)
    if not (isinstance(cls, type) and issubclass(cls, SourceParser)):
        raise TypeError(f"{module_name}.{class_name} is not a SourceParser subclass")
    return cls


def _iter_classes(failures: dict[str, str]) -> Iterator[type[SourceParser]]:
    """Registered parser classes in sniffing order, importing each module on demand.

    A module that fails to import (any exception: a parser module is third-party-ish
    code at import time) is skipped; ``failures`` gets ``module → "Type: message"``.
    """
    for module_name, class_name in _PARSERS:
        if module_name in failures:
            continue
        try:
            cls = _load(module_name, class_name)
        except Exception as exc:  # any import failure: report it, go on
            failures[module_name] = f"{type(exc).__name__}: {exc}"
            log.warning("parser module %s cannot be imported: %s", module_name, exc)
            continue
        yield cls


def parser_classes() -> list[type[SourceParser]]:
    """Every registered parser class whose module imports (see `import_failures`)."""
    return list(_iter_classes({}))


def import_failures() -> dict[str, str]:
    """Registered parser modules that fail to import, with the error (empty when all do)."""
    failures: dict[str, str] = {}
    for _ in _iter_classes(failures):
        pass
    return failures


def source_names() -> list[str]:
    """The NAME of every parser that imports, in registry order."""
    return [cls.NAME for cls in parser_classes()]


def _failure_note(failures: dict[str, str]) -> str:
    if not failures:
        return ""
    listed = "; ".join(f"{module} ({error})" for module, error in failures.items())
    return f"; parser module(s) that failed to import and could not be tried: {listed}"


def get_source(name: str, list_key: str | None = None) -> SourceParser:
    """The parser registered as ``name`` (or one of its aliases).

    Imports modules in registry order until the parser is found. An unknown name
    raises `ParseError` listing the known ones (and any module that failed to import,
    since its formats are then unavailable).
    """
    key = FORMAT_ALIASES.get(name, name)
    failures: dict[str, str] = {}
    known: list[str] = []
    for cls in _iter_classes(failures):
        if cls.NAME == key:
            return cls(list_key=list_key)
        known.append(cls.NAME)
    raise ParseError(
        f"unknown format {name!r}; known formats: {', '.join(sorted(known))}"
        + _failure_note(failures),
        source="registry",
    )


def detect_source(path: Path, list_key: str | None = None) -> SourceParser:
    """The parser for ``path``, recognised by its content (`SourceParser.sniff`).

    Parsers are asked in registry order; the first that recognises the file wins. When
    none does, the `ParseError` says what the file looks like (root element, first
    JSON keys, first line), what a parser knows about it (`SourceParser.hint`: a
    companion file that cannot be loaded alone), which formats were tried and which
    parser modules could not be imported.
    """
    head = read_head(path)
    failures: dict[str, str] = {}
    sniff_errors: dict[str, str] = {}
    tried: list[str] = []
    hint: str | None = None
    for cls in _iter_classes(failures):
        try:
            recognised = cls.sniff(path, head)
        except Exception as exc:  # a bug in one sniff must not hide the other formats
            sniff_errors[cls.NAME] = f"{type(exc).__name__}: {exc}"
            log.warning("%s.sniff failed on %s: %s", cls.NAME, path, exc, exc_info=True)
            continue
        if recognised:
            return cls(list_key=list_key)
        tried.append(cls.NAME)
        hint = hint or cls.hint(path, head)
    errors = "; ".join(f"{name} ({error})" for name, error in sniff_errors.items())
    raise ParseError(
        f"cannot tell the list format of this file ({describe_content(head)}): "
        + (f"{hint}; " if hint else "")
        + "none of embargo's parsers recognises it; pass --format to force one of: "
        + ", ".join(sorted(tried))
        + (f"; parsers whose content check failed: {errors}" if errors else "")
        + _failure_note(failures),
        source="registry",
        path=path,
    )


_XML_PROLOG = re.compile(rb"^(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>|\s+)*", re.S)
_XML_ROOT = re.compile(rb"<([A-Za-z_][\w.:\-]*)[\s/>]")
_JSON_KEYS = re.compile(rb'"([^"\\]{1,40})"\s*:')


def describe_content(head: bytes) -> str:
    """What the first bytes of a file look like, for an error message.

    ``XML with root element <Law>``, ``JSON with keys DATA_SOURCE, RECORD_ID…``,
    ``a ZIP container (XLSX workbook?)``, ``an HTML page (an error page?)``, ``text
    starting '…'``, ``an empty file``.
    """
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if not text:
        return "an empty file"
    if head.startswith(ZIP_MAGIC):
        return "a ZIP container (XLSX workbook?)"
    lowered = text[:200].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered:
        return "an HTML page (an error page?)"
    if text.startswith(b"<"):
        body = _XML_PROLOG.sub(b"", text)
        root = _XML_ROOT.match(body)
        if root is not None:
            return f"XML with root element <{root.group(1).decode('utf-8', 'replace')}>"
        return "XML"
    if text.startswith((b"{", b"[")):
        first = text.split(b"\n", 1)[0]
        keys = list(dict.fromkeys(k.decode("utf-8", "replace") for k in _JSON_KEYS.findall(first)))
        if keys:
            more = ", …" if len(keys) > 5 else ""
            return f"JSON with keys {', '.join(keys[:5])}{more}"
        return "JSON"
    line = text.split(b"\n", 1)[0].decode("utf-8", "replace").strip()
    preview = line if len(line) <= 60 else line[:60] + "…"
    return f"text starting {preview!r}"


__all__ = [
    "FORMAT_ALIASES",
    "ParseResult",
    "SourceParser",
    "describe_content",
    "detect_source",
    "get_source",
    "import_failures",
    "parser_classes",
    "source_names",
]
