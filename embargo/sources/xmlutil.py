"""Small helpers shared by the XML list parsers: sniffing, streaming, text.

Official XML lists grow to tens of megabytes (OFAC, EU), so parsers stream them with
`iter_records`, which hands over one record element at a time and frees it afterwards.
`root_element` reads the root element's name from the first bytes of a file without
parsing it, which is what content sniffing needs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from lxml import etree

from embargo.model.values import collapse_spaces
from embargo.sources.io import open_binary

# An XML prolog (declaration, comments, processing instructions, DOCTYPE) before the root.
_PROLOG = re.compile(rb"^(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.S)
_ROOT = re.compile(rb"<([A-Za-z_][\w.\-]*)(?::([A-Za-z_][\w.\-]*))?([^>]*)>?", re.S)
_XMLNS = re.compile(rb"""xmlns(?::([\w.\-]+))?\s*=\s*["']([^"']*)["']""")
_BOM = b"\xef\xbb\xbf"
_XS_DATE_ZONE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})$")


def root_element(head: bytes) -> tuple[str | None, str] | None:
    """``(namespace, local name)`` of the root element in the first bytes of a file.

    Returns None when ``head`` does not start like an XML document (after a UTF-8 BOM,
    the XML declaration, comments and a DOCTYPE). The namespace is None when the root
    has none.
    """
    if head.startswith(_BOM):
        head = head[len(_BOM) :]
    start = _PROLOG.match(head)
    rest = head[start.end() if start else 0 :]
    match = _ROOT.match(rest)
    if match is None:
        return None
    prefix, local = (match.group(1), match.group(2)) if match.group(2) else (None, match.group(1))
    namespaces = {
        (m.group(1) or b""): m.group(2).decode("utf-8", "replace")
        for m in _XMLNS.finditer(match.group(3))
    }
    namespace = namespaces.get(prefix or b"")
    return namespace, local.decode("utf-8", "replace")


def local_name(element: etree._Element) -> str:
    """The tag of ``element`` without its namespace (``{ns}sdnEntry`` → ``sdnEntry``);
    ``""`` for a comment or processing instruction."""
    tag = element.tag
    if not isinstance(tag, str):  # a comment or processing instruction
        return ""
    return tag.rpartition("}")[2]


def xs_date(value: str | None) -> str | None:
    """An ``xs:date`` without its time-zone suffix (``2015-04-07-04:00`` → ``2015-04-07``).

    XML Schema allows a zone on a plain date; the calendar day is what the list means.
    """
    if value is None:
        return None
    match = _XS_DATE_ZONE.match(value)
    return match.group(1) if match else value


def iter_records(
    source: Path | IO[bytes],
    tags: Iterable[str],
    check_root: Callable[[etree._Element], None],
) -> Iterator[etree._Element]:
    """Stream the elements whose local name is in ``tags``, each once it is complete.

    ``check_root`` is called with the root element (its attributes are there, its
    children not all yet) before the first record is handed over, so a parser can
    refuse a file of the wrong format early; a file without any record is checked at
    its end. Each yielded element and everything before it is freed when the caller
    asks for the next one: do not keep references. Elements of a tag in ``tags``
    nested inside another such element are yielded inside their parent only.

    Only the record elements produce parse events (lxml's tag filter, any namespace):
    the fields inside a record are read from the finished element, so the Python loop
    runs twice per record instead of twice per element. ``source`` is a file (plain
    or gzip) or an open binary stream (a ZIP member).
    """
    if isinstance(source, Path):
        with open_binary(source) as handle:
            yield from iter_records(handle, tags, check_root)
        return
    inside = 0
    checked = False
    events = etree.iterparse(
        source,
        events=("start", "end"),
        tag=[f"{{*}}{tag}" for tag in tags],
        remove_comments=True,
        resolve_entities=False,
    )
    for event, element in events:
        if not checked:
            check_root(element.getroottree().getroot())
            checked = True
        if event == "start":
            inside += 1
            continue
        inside -= 1
        if inside:
            continue
        yield element
        element.clear(keep_tail=False)
        parent = element.getparent()
        if parent is not None:
            while element.getprevious() is not None:
                del parent[0]
    if not checked and events.root is not None:
        check_root(events.root)


def text(element: etree._Element | None, path: str | None = None) -> str | None:
    """The whitespace-collapsed text of ``element`` (or of its first ``path`` child).

    Returns None for a missing element or one that holds only whitespace.
    """
    if element is None:
        return None
    target = element if path is None else element.find(path)
    if target is None or target.text is None:
        return None
    value = collapse_spaces(target.text)
    return value or None


def texts(element: etree._Element, path: str) -> list[str]:
    """The non-empty, whitespace-collapsed texts of every ``path`` match, in order."""
    out: list[str] = []
    for child in element.iterfind(path):
        if child.text is not None:
            value = collapse_spaces(child.text)
            if value:
                out.append(value)
    return out


def attr(element: etree._Element, name: str) -> str | None:
    """The whitespace-collapsed value of an attribute, or None when absent or blank."""
    value = element.get(name)
    if value is None:
        return None
    value = collapse_spaces(value)
    return value or None


def join_parts(parts: list[str | None], sep: str = ", ") -> str | None:
    """Join the non-empty parts, dropping a part equal to the one before it."""
    out: list[str] = []
    for part in parts:
        if part is None:
            continue
        value = collapse_spaces(part).strip(" ,")
        if value and (not out or out[-1].casefold() != value.casefold()):
            out.append(value)
    return sep.join(out) or None
