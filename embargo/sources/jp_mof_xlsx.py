"""Japan Ministry of Finance list of persons subject to asset freeze (Excel).

Official page: https://www.mof.go.jp/policy/international_policy/gaitame_kawase/gaitame/
economic_sanctions/list.html, which links the current workbook (資産凍結等経済制裁対象者
リスト, "list of persons subject to asset freeze etc. under the Foreign Exchange Act";
the bundled copy is ``shisantouketsu20260305.xlsx``). MOF updates it with every
designation notice of the Ministry of Foreign Affairs (告示), often several times a
month. MOF calls the file provisional (暫定版): the notices themselves are authoritative.

Format: an index sheet (``一覧``) and one sheet per regime, titled ``<n>.<regime>``
(``2.タリバーン関係者等``, ``29.ロシア連邦(個人)``); 44 regime sheets in the bundled copy,
three of them revoked regimes (``【解除】``) without entries. Each regime sheet has
caption rows, then a header row (``告示日付`` notice date, ``告示番号`` entry number,
``日本語表記`` Japanese name, ``英語表記`` English name, then columns that differ per
sheet), then one row per entry. Cells carry furigana (phonetic runs, ``<rPh>``);
openpyxl leaves them out of cell values, as they must be (checked by the tests on a
fixture with the original runs).

Record id: ``<sheet number>-<entry number>`` (``2-186``, ``29-333``). Entry numbers
restart on every sheet and one party can be listed on several sheets, so the sheet
number is part of the id; both numbers are as MOF publishes them. The entry number is
the digits of ``告示番号``: markers that cross-reference another sheet (``*186``,
``1(*186)``, ``#17``, ``1(#47)``) are kept in ``notes`` as published (``告示番号
1(*186)``), with the sheet's own note explaining them.

Field mapping (labels vary per sheet; all are matched):

==========================================  ==================================================
``告示日付`` ``2001.9.22\\n2008.6.25改訂``    listingDate = first date; modifiedAt = latest
                                            ``改訂`` (amended) date; ``…削除`` = deleted entry
                                            (no name; skipped and counted)
``日本語表記``                               alias, lang ``jpn`` (name if no English name)
``英語表記``                                 name; ``(original script: …)`` → alias, lang =
                                            ISO 15924 script
``別名``, ``別称``, ``別名・別称``,          alias (Japanese ones lang ``jpn``); ``(旧称)``
``別称・別名``, ``別称・旧称``,              sections and ``f.k.a.`` → previousName
``確定可能な別名``
``旧称``, ``旧称・以前の呼称``,              previousName
``以前の別名``, ``過去の別名``
``確定に十分でない別名``                     weakAlias (the list's "not sufficient to identify")
``称号``                                     title (forms of address)
``役職``, ``肩書``, ``肩書等``               position (functions; one per line / enumeration;
                                            title when only honorifics, see
                                            `embargo.sources.names`)
``生年月日``                                 birthDate: Western years in Japanese notation
                                            (``1963年6月6日``, ``1963年頃`` → 1963, ``1963年から
                                            1968年の間`` → 1963/1968), date cells, and bare
                                            Excel serial numbers
``生年月日・出生地`` (sheet 1)               birthDate; birthPlace from ``Born at …``
``出生地``, ``出生地・出身地``               birthPlace
``国籍``                                     nationality
``旅券番号``                                 passportNumber (number-like tokens; note = text)
``ID番号``, ``身分登録番号``, ``身分証番号``  idNumber (idem)
``住所``, ``所在地``, ``住所・所在地``…      address (one per enumeration)
``国連…による指定日``, ``リスト掲載日``      listingDate (note = the label)
``国連参照番号``                             unscId
``その他の情報``, ``詳細``                   notes
``決議1483上の根拠``, ``指定の根拠``         reason
``電話``, ``電話番号``, ``FAX``              phone (FAX with note)
sheet title without its number              program (``タリバーン関係者等``)
==========================================  ==================================================

Schema: Person on sheets whose title says 個人 (individuals), Organization where it
says 団体 (entities) or 銀行 (banks); on mixed sheets (Taliban, terrorists, Somalia,
Yemen…) Person when the row has a value in a person-only column (date or place of
birth, nationality, passport, title), else LegalEntity, since the file does not say.

Quirks:

- Alias cells mix Japanese and English in many layouts: ``(a)…(b)…\\n (a.k.a.: (a)…
  (b)…)``, ``（別称）…\\n…\\n（旧称）…``, ``Japanese（English）`` pairs, ``;``/``、``
  separated lists. The parser reads them with a width-folded (NFKC) copy of the text,
  so aliases have ASCII parentheses and digits.
- Placeholders ``不明`` (unknown) are read as empty.
- Dates in Japanese era notation (昭和/平成/令和) do not occur in the bundled copy and
  are not converted; Hijri dates (``(ヒジュラ暦)``) are skipped.
- Columns the parser does not know are counted in ``ParseResult.skipped`` (once per
  sheet), so a new column in a future version is noticed.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from embargo.model.entity import Entity
from embargo.model.scripts import script_code
from embargo.model.values import clean_date
from embargo.sources.base import ParseResult, SourceParser
from embargo.sources.names import add_function, previously_listed_name
from embargo.sources.xlsx import (
    Header,
    add_countries,
    cell_text,
    countries_in,
    excel_date,
    find_header,
    fold_label,
    open_workbook,
    peek_workbook,
    sheet_has_labels,
    sheet_rows,
    split_enumerated,
    split_outside_parens,
    value_text,
)

COL_NOTICE_DATE = "告示日付"
COL_NUMBER = "告示番号"
COL_NAME_JA = "日本語表記"
COL_NAME_EN = "英語表記"
REQUIRED = (COL_NOTICE_DATE, COL_NUMBER, COL_NAME_JA, COL_NAME_EN)

#: What each column label of the regime sheets maps to (labels folded for comparison).
ROLES: dict[str, str] = {
    fold_label(label): role
    for role, labels in {
        "notice_date": (COL_NOTICE_DATE,),
        "number": (COL_NUMBER,),
        "name_ja": (COL_NAME_JA,),
        "name_en": (COL_NAME_EN,),
        "alias": ("別名・別称", "別名", "別称", "別称・別名", "別称・旧称", "確定可能な別名"),
        "previous": ("旧称", "旧称・以前の呼称", "以前の別名", "過去の別名"),
        "weak": ("確定に十分でない別名",),
        "title": ("称号",),
        "position": ("役職", "肩書", "肩書等"),
        "birth": ("生年月日",),
        "birth_and_place": ("生年月日・出生地",),
        "birthplace": ("出生地", "出生地・出身地"),
        "nationality": ("国籍",),
        "passport": ("旅券番号",),
        "id": ("ID番号", "身分登録番号", "身分証番号"),
        "address": (
            "住所・所在地",
            "所在地",
            "住所",
            "住所等",
            "活動地域・住所",
            "所在地・住所\n登録された事務所の住所",
        ),
        "un_listing": ("国連制裁員会による指定日", "国連制裁委員会による指定日", "リスト掲載日"),
        "un_ref": ("国連参照番号",),
        "notes": ("その他の情報", "詳細"),
        "reason": ("決議1483上の根拠", "指定の根拠"),
        "phone": ("電話", "電話番号"),
        "fax": ("FAX",),
    }.items()
    for label in labels
}

#: Columns whose value makes a row of a mixed sheet a Person.
PERSON_ROLES = frozenset(
    {"birth", "birth_and_place", "birthplace", "nationality", "passport", "title"}
)

_SHEET_TITLE = re.compile(r"^\s*(\d+)\s*[.．]\s*(.*?)\s*$")
_ENTRY_NUMBER = re.compile(r"^[*＊#＃]?\s*(\d+)")
_NOTICE = re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})\s*(改訂|削除)?")

# Japanese dates (after NFKC): ranges first, then single dates and year-less alternatives.
_JA_DATE = re.compile(
    r"(?P<y1>\d{4})\s*年?(?:\s*(?P<m1>\d{1,2})月(?:\s*(?P<d1>\d{1,2})日)?)?"
    r"\s*(?:から|-|~|〜|－)\s*"
    r"(?:(?P<y2>\d{4})\s*年)?(?:\s*(?P<m2>\d{1,2})月(?:\s*(?P<d2>\d{1,2})日)?)?"
    r"(?=\s*(?:の間|までの間|頃|の頃|$|\n|\())"
    r"|(?P<y>\d{4})\s*年(?:\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?)?"
    r"|又は\s*(?P<om>\d{1,2})月(?P<od>\d{1,2})日"
    r"|(?P<sy>\d{4})/(?P<sm>\d{1,2})/(?P<sd>\d{1,2})"
)
_HIJRI = re.compile(r"^\s*\(?\s*ヒジュラ暦")
_BORN_AT = re.compile(r"Born at (.+?),? (?:on|in)\b")
_ORIGINAL_SCRIPT = re.compile(r"\(\s*original script\s*[:：]\s*(.*?)\s*\)", re.I | re.S)
_DOC_TOKEN = re.compile(r"(?<![A-Za-z0-9])(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{5,}(?![A-Za-z0-9])")

# Short numbers (Afghan tazkira numbers) only after a label or as the whole item.
_DOC_SHORT = re.compile(r"(?:番号|No\.?|:)\s*([A-Z]?\d{3,})(?![A-Za-z0-9])|^\s*([A-Z]?\d{3,})\s*$")
_AKA_BLOCK = re.compile(r"\(\s*([af])\.k\.a\.?\s*:?\s*", re.I)
_AKA_BARE = re.compile(r"^\s*([af])\.k\.a\.?\s*:?\s*", re.I)
_ORIGINAL_PREFIX = re.compile(r"^\s*original script\s*:\s*", re.I)
_JA_SENTENCE = re.compile(r"\d{4}年|旅券|番号|生まれ|出生|。.")
_JA_REMARK = re.compile(r"[、。【】\d]|語|として|以前")
_AKA_SEP = re.compile(r"\s*;?\s*\ba\.k\.a\.?\s*:?\s*", re.I)
_SECTION = re.compile(r"\((別称|別名\d*|旧称|以前の呼称)\)")
_SECTION_LIST = re.compile(r"\((別称|旧称)[、,]\s*(.*?)\)\s*$", re.M)
_JA_SPLIT = re.compile(r"\s*(?:、|;|及び|\n)\s*")
_LATIN_SPLIT = re.compile(r"\s*(?:;|\n)\s*")
_COMMA = re.compile(r", ")
_TRAILING_PAREN = re.compile(r"^(?P<outer>.*?)\s*\((?P<inner>[^()]*)\)\s*$", re.S)
_LATIN_REMARK = re.compile(r"(?:,?\s+|\s*\(\s*)(?:born|passport|issued|DOB)\b.*$", re.I | re.S)
_UN_REF = re.compile(r"[A-Z]{2}[ie]\.\d+")
_PHONE_SPLIT = re.compile(r"\s*(?:、|,|\n)\s*")
_JAPANESE_SCRIPTS = frozenset({"Jpan", "Kana", "Hira", "Hani"})


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def name_lang(name: str) -> str | None:
    """``jpn`` for a name in Japanese script, the ISO 15924 code for other scripts."""
    script = script_code(name)
    if script in _JAPANESE_SCRIPTS:
        return "jpn"
    return script


def japanese_dates(text: str | None) -> list[str]:
    """ISO dates in a Japanese date cell (after NFKC), in order.

    ``1963年6月6日`` → 1963-06-06; ``1963年頃`` (about) → 1963; ``1963年から1968年の間``
    and ``1955年-1958年頃`` → 1963/1968; ``1967年12月22日又は10月22日`` → both dates (the
    second takes the first's year); ``1966/2/2`` → 1966-02-02. Dates marked as Hijri are
    skipped.
    """
    if not text:
        return []
    value = nfkc(text)
    found: list[str] = []
    last_year: str | None = None
    for match in _JA_DATE.finditer(value):
        if _HIJRI.match(value[match.end() :]):
            continue
        groups = match.groupdict()
        iso: str | None
        if groups["y1"] is not None:
            start = _ymd(groups["y1"], groups["m1"], groups["d1"])
            end_year = groups["y2"] or groups["y1"]
            if groups["y2"] is None and groups["m2"] is None:
                iso = None
            else:
                end = _ymd(end_year, groups["m2"], groups["d2"])
                iso = f"{start}/{end}" if start and end and start < end else None
            last_year = groups["y1"]
        elif groups["y"] is not None:
            iso = _ymd(groups["y"], groups["m"], groups["d"])
            last_year = groups["y"]
        elif groups["om"] is not None:
            iso = _ymd(last_year, groups["om"], groups["od"]) if last_year else None
        else:
            iso = _ymd(groups["sy"], groups["sm"], groups["sd"])
        if iso is not None and iso not in found:
            found.append(iso)
    return found


def _ymd(year: str | None, month: str | None, day: str | None) -> str | None:
    if year is None:
        return None
    if month is None:
        return clean_date(year)
    if day is None:
        return clean_date(f"{year}-{int(month):02d}")
    return clean_date(f"{year}-{int(month):02d}-{int(day):02d}")


def notice_dates(text: str | None) -> tuple[str | None, list[str], list[str]]:
    """``(first notice date, amendment dates, deletion dates)`` of a ``告示日付`` cell."""
    if not text:
        return None, [], []
    first: str | None = None
    amended: list[str] = []
    deleted: list[str] = []
    for match in _NOTICE.finditer(nfkc(text)):
        iso = _ymd(match.group(1), match.group(2), match.group(3))
        if iso is None:
            continue
        if match.group(4) == "改訂":
            amended.append(iso)
        elif match.group(4) == "削除":
            deleted.append(iso)
        elif first is None:
            first = iso
    return first, amended, deleted


def split_english_name(text: str) -> tuple[str, list[str]]:
    """The English name without its ``(original script: …)`` part, and that part.

    The cell is width-folded (NFKC) first: the list closes the part with a full-width
    parenthesis as often as with an ASCII one.
    """
    text = nfkc(text)
    originals = [
        value
        for value in (m.group(1).strip() for m in _ORIGINAL_SCRIPT.finditer(text))
        if value and value_text(value) is not None
    ]
    name = _ORIGINAL_SCRIPT.sub(" ", text)
    return " ".join(name.split()), originals


def _close_paren(text: str, start: int) -> int:
    """Index just past the parenthesis that closes the one opened before ``start``."""
    depth = 1
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i + 1
    return len(text)


def mof_names(text: str | None, default: str = "alias") -> list[tuple[str, str]]:
    """``(property, name)`` pairs of an alias cell of the MOF list.

    ``property`` is ``default`` (alias, weakAlias or previousName), or previousName for
    names under ``(旧称)`` or ``f.k.a.``. See the module docstring for the layouts.
    """
    if text is None:
        return []
    value = nfkc(text)
    if value_text(value) is None:
        return []
    value = _SECTION_LIST.sub(lambda m: f"({m.group(1)}){m.group(2)}", value)
    out: list[tuple[str, str]] = []
    marks = list(_SECTION.finditer(value))
    sections: list[tuple[str, str]] = []
    if not marks:
        sections.append((default, value))
    else:
        if value[: marks[0].start()].strip():
            sections.append((default, value[: marks[0].start()]))
        for mark, nxt in zip(marks, [*marks[1:], None], strict=True):
            prop = "previousName" if mark.group(1) in ("旧称", "以前の呼称") else default
            sections.append((prop, value[mark.end() : nxt.start() if nxt else len(value)]))
    for prop, section in sections:
        for item_prop, item in _split_section(prop, section):
            for pair in _item_names(item_prop, item):
                if pair not in out:
                    out.append(pair)
    return out


def _split_section(prop: str, section: str) -> list[tuple[str, str]]:
    """Items of one section: English ``(a.k.a. …)`` blocks cut out, the rest split."""
    items: list[tuple[str, str]] = []
    rest = section
    while True:
        block = _AKA_BLOCK.search(rest)
        if block is None:
            break
        end = _close_paren(rest, block.end())
        inner = rest[block.end() : end - 1 if rest[end - 1 : end] == ")" else end]
        block_prop = "previousName" if block.group(1).lower() == "f" else prop
        items.extend(_prefixed(block_prop, part) for part in _split_list(_AKA_SEP.sub("; ", inner)))
        rest = rest[: block.start()] + "\n" + rest[end:]
    for line in rest.split("\n"):
        items.extend(_prefixed(prop, part) for part in _split_list(_AKA_SEP.sub("; ", line)))
    return items


def _prefixed(prop: str, part: str) -> tuple[str, str]:
    """Apply a leading ``f.k.a.``/``a.k.a.``/``original script:`` label of one name."""
    bare = _AKA_BARE.match(part)
    if bare is not None:
        return ("previousName" if bare.group(1).lower() == "f" else prop), part[bare.end() :]
    return prop, _ORIGINAL_PREFIX.sub("", part)


def _split_list(text: str) -> list[str]:
    """Split one line or block into names: enumerations, then separators."""
    parts: list[str] = []
    enumerated = split_enumerated(text)
    for item in enumerated:
        japanese = name_lang(item) == "jpn"
        pieces = split_outside_parens(item, _JA_SPLIT if japanese else _LATIN_SPLIT)
        for piece in pieces:
            if not japanese and len(enumerated) == 1:
                commas = [p.strip() for p in split_outside_parens(piece, _COMMA)]
                if len(commas) > 1 and all(len(p.split()) >= 2 for p in commas):
                    parts.extend(commas)
                    continue
            parts.append(piece)
    return [p for p in (part.strip(" ,;、") for part in parts) if p]


def _item_names(prop: str, item: str) -> list[tuple[str, str]]:
    """Names in one item: a ``Japanese(English)`` pair gives both; remarks are dropped."""
    text = item.strip(" ,;、")
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = text[1:-1].strip()
    if text.count(")") > text.count("("):
        text = text.rstrip(")").strip() if text.endswith(")") else text.replace(")", "", 1)
    if text.count("(") > text.count(")"):
        text = text.replace("(", " ", 1) if not text.startswith("(") else text[1:]
    text = _ORIGINAL_PREFIX.sub("", text)
    previous = previously_listed_name(text)
    if previous is not None:
        prop, text = "previousName", previous
    names: list[str] = []
    match = _TRAILING_PAREN.match(text)
    if match is not None and match.group("outer").strip():
        outer, inner = match.group("outer").strip(), match.group("inner").strip()
        if name_lang(outer) != name_lang(inner):
            names.extend([outer, inner])
        elif name_lang(outer) == "jpn" and _JA_REMARK.search(inner):
            names.append(outer)  # a remark: (ヌール・モハマドの息子、1965年に…), (【ロシア語】)
        else:
            names.append(text)
    else:
        names.append(text)
    cleaned: list[tuple[str, str]] = []
    for name in names:
        if name_lang(name) == "jpn" and _JA_SENTENCE.search(name):
            continue  # a sentence (birth or passport details of an alias), not a name
        if name_lang(name) is None:
            name = _LATIN_REMARK.sub("", name)
        name = " ".join(name.split()).strip(" ,;:、")
        if name and value_text(name) is not None and len(name) > 1:
            cleaned.append((prop, name))
    return cleaned


def document_numbers(text: str | None) -> list[tuple[str, str]]:
    """``(number, item text)`` of the number-like tokens in an identifier cell."""
    if text is None:
        return []
    out: list[tuple[str, str]] = []
    for item in split_enumerated(nfkc(text)):
        if value_text(item) is None:
            continue
        tokens = _DOC_TOKEN.findall(item) or [
            "".join(groups) for groups in _DOC_SHORT.findall(item)
        ]
        for token in tokens:
            out.append((token, " ".join(item.split())))
    return out


class _Sheet:
    """One regime sheet: its number, program, header and column roles."""

    def __init__(self, number: str, program: str, caption: str, header: Header) -> None:
        self.number = number
        self.program = program
        self.header = header
        self.roles: list[tuple[int, str, str]] = []  # (column, role, label)
        self.unmapped: list[str] = []
        for column, label in enumerate(header.labels):
            if label is None:
                continue
            role = ROLES.get(fold_label(label))
            if role is None:
                self.unmapped.append(label)
            else:
                self.roles.append((column, role, label))
        title = program
        if ("個人" in title) == ("団体" in title or "銀行" in title):
            title = caption
        person = "個人" in title
        organization = "団体" in title or "銀行" in title
        self.schema = (
            "Person"
            if person and not organization
            else ("Organization" if organization and not person else None)
        )


class JpMofXlsx(SourceParser):
    """Parser of the Japan MOF asset-freeze list workbook."""

    NAME: ClassVar[str] = "jp_mof_xlsx"
    TITLE: ClassVar[str] = "Japan MOF list of persons subject to asset freeze (XLSX)"
    LIST_KEY: ClassVar[str] = "jp_mof"
    URL: ClassVar[str | None] = (
        "https://www.mof.go.jp/policy/international_policy/gaitame_kawase/gaitame/"
        "economic_sanctions/list.html"
    )
    FILE_NAMES: ClassVar[tuple[str, ...]] = ("shisantouketsu*.xlsx", "*mof*asset*freeze*.xlsx")

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        """A workbook with a regime sheet (``<n>.…``) that has the MOF header."""
        peek = peek_workbook(path, head)
        if peek is None:
            return False
        candidates = [i for i, name in enumerate(peek.sheet_names) if _SHEET_TITLE.match(name)]
        for index in candidates[:3]:
            if sheet_has_labels(peek.head(index, rows=8), REQUIRED) is not None:
                return True
        return False

    def parse(self, path: Path) -> ParseResult:
        list_key = self.list_key_for(path)
        result = ParseResult(self.NAME, list_key, None, [], [path])
        skipped = result.skipped
        notices: list[str] = []
        seen_ids: set[str] = set()
        regime_sheets = 0
        with open_workbook(self, path) as workbook:
            for position, worksheet in enumerate(workbook.worksheets):
                title = worksheet.title
                match = _SHEET_TITLE.match(title)
                if match is None:
                    continue  # the index sheet (一覧) and other non-regime sheets
                rows = sheet_rows(self, path, worksheet)
                head: list[tuple[int, tuple[Any, ...]]] = []
                for number, values in rows:
                    head.append((number, values))
                    if number >= 8:
                        break
                if "解除" in title and not any(
                    ROLES.get(fold_label(cell_text(v) or "")) == "number"
                    for _, values in head
                    for v in values
                ):
                    skipped["revoked regime sheet without entries"] += 1
                    continue
                header = find_header(self, path, iter(head), REQUIRED, within=8, sheet=title)
                caption = next(
                    (
                        t
                        for _, values in head[: header.row - 1]
                        for v in values
                        if (t := cell_text(v))
                    ),
                    "",
                )
                sheet = _Sheet(match.group(1) or str(position), match.group(2), caption, header)
                regime_sheets += 1
                for label in sheet.unmapped:
                    skipped[f"unmapped column {label!r}"] += 1
                after_header = [(n, v) for n, v in head if n > header.row]
                for number, values in itertools.chain(after_header, rows):
                    entity = self._entity(list_key, sheet, number, values, notices, skipped)
                    if entity is None:
                        continue
                    if entity.id in seen_ids:
                        skipped["duplicate entry number"] += 1
                        continue
                    seen_ids.add(entity.id)
                    result.entities.append(entity)
        if regime_sheets == 0:
            raise self.error(
                f"no regime sheet (titled '<n>.<regime>' with the columns {', '.join(REQUIRED)})",
                path,
            )
        result.published = max(notices) if notices else None
        return result

    def _entity(
        self,
        list_key: str,
        sheet: _Sheet,
        row: int,
        values: tuple[Any, ...],
        notices: list[str],
        skipped: Counter[str],
    ) -> Entity | None:
        header = sheet.header
        number_text = cell_text(header.get(values, COL_NUMBER))
        notice_text = cell_text(header.get(values, COL_NOTICE_DATE), lines=True)
        first, amended, deleted = notice_dates(notice_text)
        notices.extend(d for d in (first, *amended, *deleted) if d)
        name_en = cell_text(header.get(values, COL_NAME_EN), lines=True)
        name_ja = value_text(header.get(values, COL_NAME_JA), lines=True)
        if number_text is None:
            if name_en or name_ja:
                skipped["entry without a number"] += 1
            return None
        if not name_en and not name_ja:
            skipped["deleted entry" if deleted else "entry without a name"] += 1
            return None
        entry = _ENTRY_NUMBER.match(nfkc(number_text))
        if entry is None:
            skipped["unreadable entry number"] += 1
            return None
        schema = sheet.schema or self._row_schema(sheet, values)
        entity = Entity(list_key, f"{sheet.number}-{int(entry.group(1))}", schema)
        if name_en:
            english, originals = split_english_name(name_en)
            entity.add("name", english)
            for original in originals:
                entity.add("alias", original, lang=name_lang(original), note="original script")
        if name_ja:
            japanese = " ".join(name_ja.split())
            entity.add(
                "name" if not entity.names else "alias", japanese, lang="jpn", note=COL_NAME_JA
            )
        if number_text != entry.group(1):
            entity.add("notes", f"{COL_NUMBER} {number_text}")
        entity.add("program", sheet.program)
        if first is not None:
            entity.add("listingDate", first, note=COL_NOTICE_DATE)
        if amended:
            entity.add("modifiedAt", max(amended))
        elif notice_text and first is None:
            skipped["notice date unreadable"] += 1
        for column, role, label in sheet.roles:
            raw = values[column] if column < len(values) else None
            self._value(entity, role, label, raw, skipped)
        return entity

    def _row_schema(self, sheet: _Sheet, values: Sequence[Any]) -> str:
        for column, role, _ in sheet.roles:
            if role in PERSON_ROLES and column < len(values) and value_text(values[column]):
                return "Person"
        return "LegalEntity"

    def _value(
        self, entity: Entity, role: str, label: str, raw: Any, skipped: Counter[str]
    ) -> None:
        if role in ("alias", "previous", "weak"):
            default = {"alias": "alias", "previous": "previousName", "weak": "weakAlias"}[role]
            for prop, name in mof_names(cell_text(raw, lines=True), default):
                entity.add(prop, name, lang=name_lang(name), note=label)
            return
        if role in ("birth", "birth_and_place"):
            self._birth(entity, role, raw, skipped)
            return
        if role == "un_listing":
            day = excel_date(raw)
            dates = [day.isoformat()] if day else japanese_dates(cell_text(raw, lines=True))
            if dates:
                entity.add("listingDate", dates[0], note=label)
            elif value_text(raw) is not None:
                skipped["listing date unreadable"] += 1
            return
        text = value_text(raw, lines=True)
        if text is None:
            return
        if role == "title":
            for item in split_enumerated(text):
                entity.add("title", item)
        elif role == "position":
            for item in split_enumerated(text):
                for line in item.split("\n"):
                    add_function(entity, line)
        elif role == "birthplace":
            for item in split_enumerated(text):
                entity.add("birthPlace", item)
        elif role == "nationality":
            codes = [c for item in split_enumerated(nfkc(text)) for c in countries_in(item)]
            add_countries(entity, "nationality", codes, skipped)
        elif role in ("passport", "id"):
            prop = "passportNumber" if role == "passport" else "idNumber"
            numbers = document_numbers(text)
            if not numbers:
                skipped[f"{prop} without a number"] += 1
            for token, item in numbers:
                entity.add(prop, token, note=item)
        elif role == "address":
            for item in split_enumerated(text):
                entity.add("address", ", ".join(line.strip() for line in item.split("\n")))
        elif role == "un_ref":
            for ref in _UN_REF.findall(text):
                entity.add("unscId", ref)
        elif role == "notes":
            entity.add("notes", text)
        elif role == "reason":
            entity.add("reason", text)
        elif role in ("phone", "fax"):
            for number in _PHONE_SPLIT.split(nfkc(text)):
                entity.add("phone", number, note="FAX" if role == "fax" else None)

    def _birth(self, entity: Entity, role: str, raw: Any, skipped: Counter[str]) -> None:
        day = excel_date(raw)
        if day is not None:
            entity.add("birthDate", day.isoformat())
            return
        if isinstance(raw, int) and 1800 <= raw <= 2100:
            entity.add("birthDate", str(raw))
            return
        text = value_text(raw, lines=True)
        if text is None:
            return
        japanese = text.split("\n")[0] if role == "birth_and_place" else text
        dates = japanese_dates(japanese)
        if not dates:
            skipped["birthDate unreadable"] += 1
        for iso in dates:
            entity.add("birthDate", iso)
        if role == "birth_and_place":
            born = _BORN_AT.search(text)
            if born is not None:
                entity.add("birthPlace", born.group(1))
