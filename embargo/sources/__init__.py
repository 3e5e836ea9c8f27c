"""Parsers of official list formats, one module per format, gathered in a registry.

`get_source(name)` returns a parser by its NAME (or an alias); `detect_source(path)`
finds the parser for a file by content first and file name second. Modules are
imported lazily so loading one list never imports every parser's dependencies.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from embargo.exc import ParseError
from embargo.sources.base import ParseResult, SourceParser
from embargo.sources.io import read_head

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


def parser_classes() -> list[type[SourceParser]]:
    """Every registered parser class, importing modules on first use."""
    classes: list[type[SourceParser]] = []
    for module_name, class_name in _PARSERS:
        module = importlib.import_module(module_name)
        cls = getattr(module, class_name)
        classes.append(cls)
    return classes


def source_names() -> list[str]:
    return [cls.NAME for cls in parser_classes()]


def get_source(name: str, list_key: str | None = None) -> SourceParser:
    """The parser registered as ``name`` (or one of its aliases)."""
    key = FORMAT_ALIASES.get(name, name)
    for cls in parser_classes():
        if cls.NAME == key:
            return cls(list_key=list_key)
    known = ", ".join(sorted(source_names()))
    raise ParseError(f"unknown format {name!r}; known formats: {known}", source="registry")


def detect_source(path: Path, list_key: str | None = None) -> SourceParser:
    """The parser for ``path``, recognised by its content (then its name)."""
    head = read_head(path)
    for cls in parser_classes():
        if cls.sniff(path, head):
            return cls(list_key=list_key)
    raise ParseError(
        "cannot tell the list format of this file; pass --format "
        f"(one of: {', '.join(sorted(source_names()))})",
        source="registry",
        path=path,
    )


__all__ = [
    "FORMAT_ALIASES",
    "ParseResult",
    "SourceParser",
    "detect_source",
    "get_source",
    "parser_classes",
    "source_names",
]
