"""Text out of the files people send: plain text, HTML, PDF and DOCX.

Document screening works on text; mention offsets are offsets into the text this
module extracts, so the extraction must be deterministic and say what it did
(`ExtractedText.describe`). The format is recognised by content, not by the file
name (a PDF saved as ``.txt`` is still a PDF):

* **PDF** (``%PDF-`` header): pypdf's text layer, one page after another, pages
  separated by a form feed (``\\f``). Scanned pages without a text layer give no
  text (OCR is out of scope) and are counted in ``empty_pages``.
* **DOCX** (a ZIP holding ``word/document.xml``): python-docx paragraphs, then the
  table cells row by row (cells separated by a tab), one paragraph per line.
* **HTML** (a ``<html``, ``<!doctype html``, ``<body``, ``<p``… near the start):
  lxml.html; ``script``, ``style``, ``noscript`` and ``template`` content and
  comments are dropped, block elements (paragraphs, headings, list items, table
  rows, ``br``) end a line, entities are decoded, runs of spaces are collapsed.
* **Plain text**: UTF-8 (with or without BOM), UTF-16 with a BOM; anything else is
  read as Windows-1252 so that no byte is refused. Line ends become ``\\n``.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from embargo.exc import EmbargoError


class ExtractionError(EmbargoError):
    """A file whose text cannot be read (corrupt PDF/DOCX, unreadable file)."""


#: Files larger than this are refused (a document to screen, not a data dump).
MAX_BYTES = 200 * 1024 * 1024

_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|p|div|h[1-6]|article|table)\b",
    re.IGNORECASE | re.DOTALL,
)
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 "
    "h3 h4 h5 h6 header hr li main nav ol p pre section table tbody thead tfoot tr ul "
    "title caption".split()
)
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "head")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*\n+")


@dataclass(frozen=True, slots=True)
class ExtractedText:
    """The text of a file and how it was obtained."""

    text: str
    format: str
    path: str | None = None
    pages: int | None = None
    empty_pages: int = 0

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {"format": self.format, "characters": len(self.text)}
        if self.path is not None:
            out["path"] = self.path
        if self.pages is not None:
            out["pages"] = self.pages
            out["empty_pages"] = self.empty_pages
        return out


def sniff_format(data: bytes) -> str:
    """``pdf``, ``docx``, ``html`` or ``text``, from the first bytes of a file."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                if "word/document.xml" in zf.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            pass
        return "binary"
    head = data[:4096]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if _HTML_START.match(head):
        return "html"
    return "text"


def extract_text(path: Path) -> ExtractedText:
    """The text of a plain-text, HTML, PDF or DOCX file (see module docstring)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ExtractionError(f"{path}: {size:,} bytes is more than a document to screen")
        data = path.read_bytes()
    except OSError as exc:
        raise ExtractionError(f"cannot read {path}: {exc.strerror or exc}") from exc
    result = extract_bytes(data, name=str(path))
    return result


def extract_bytes(data: bytes, *, name: str | None = None) -> ExtractedText:
    """As `extract_text`, for content already in memory (``name`` for messages)."""
    label = name or "input"
    fmt = sniff_format(data)
    if fmt == "pdf":
        return _pdf(data, label, name)
    if fmt == "docx":
        return _docx(data, label, name)
    if fmt == "binary":
        raise ExtractionError(f"{label}: a ZIP archive that is not a DOCX document")
    if fmt == "html":
        return ExtractedText(html_to_text(decode_text(data)), "html", name)
    return ExtractedText(decode_text(data), "text", name)


def decode_text(data: bytes) -> str:
    """Bytes of a text file as ``str`` with ``\\n`` line ends (see module docstring)."""
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def html_to_text(markup: str) -> str:
    """Readable text of an HTML page: scripts and styles dropped, blocks on lines."""
    import lxml.html
    from lxml import etree

    if not markup.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"unreadable HTML: {exc}") from exc
    title = root.findtext(".//title")
    for el in [e for e in root.iter(*_DROP_TAGS) if e.getparent() is not None]:
        cast("lxml.html.HtmlElement", el).drop_tree()  # keeps the tail text
    etree.strip_elements(root, etree.Comment, with_tail=False)
    chunks: list[str] = []
    if title and title.strip():
        chunks.append(title.strip() + "\n")
    _walk(root, chunks)
    text = "".join(chunks)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return _BLANK_LINES.sub("\n\n", text).strip() + "\n"


def _walk(el: Any, out: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    block = tag.lower() in _BLOCK_TAGS
    if block:
        out.append("\n")
    if el.text:
        out.append(el.text)
    for child in el:
        _walk(child, out)
        if child.tail:
            out.append(child.tail)
    if block:
        out.append("\n")
    elif tag.lower() in ("td", "th"):
        out.append("\t")


def _pdf(data: bytes, label: str, name: str | None) -> ExtractedText:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as exc:  # pypdf raises several types for encryption
                raise ExtractionError(f"{label}: the PDF is encrypted") from exc
        pages: list[str] = []
        empty = 0
        for page in reader.pages:
            page_text = (page.extract_text() or "").replace("\r\n", "\n").replace("\r", "\n")
            if not page_text.strip():
                empty += 1
            pages.append(page_text)
    except ExtractionError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ExtractionError(f"{label}: unreadable PDF: {exc}") from exc
    return ExtractedText("\f".join(pages), "pdf", name, pages=len(pages), empty_pages=empty)


def _docx(data: bytes, label: str, name: str | None) -> ExtractedText:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ExtractionError(f"{label}: unreadable DOCX: {exc}") from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return ExtractedText("\n".join(lines) + ("\n" if lines else ""), "docx", name)
