"""Japan METI End User List (export control), Excel.

Official page: https://www.meti.go.jp/policy/anpo/law05.html, which links the current
workbook (the bundled copy is ``20250929_4.xlsx``). The End User List names foreign
companies and organisations of concern for weapons of mass destruction (WMD) or
conventional weapons; exports to them need particular scrutiny under Japan's
catch-all controls. METI revises it about once a year.

Format: one sheet (``ユーザーリスト``), header in row 1 with bilingual labels
(``No.``, ``国名、地域名 Country or Region``, ``企業名､組織名 Company or Organization``,
``別名 Also Known As``, ``懸念区分 Type of WMD``, ``通常兵器 Conventional Weapons``), one
row per entry. The workbook states no publication date; ``ParseResult.published`` is
the workbook's ``modified`` property (docProps/core.xml, 2025-09-25 in the bundled
copy), which is when METI saved it.

Field mapping:

================================  ==============================================================
``No.``                           record id (see the quirk below)
(every entry)                     Organization (the list names companies and organisations)
``Company or Organization``       name = the Latin-script name (line breaks joined);
                                  a trailing ``(ACRONYM)`` also gives alias = the name
                                  without it and weakAlias = the acronym; a name in Han or
                                  kana in parentheses → alias, lang = ISO 15924 script
``Also Known As``                 alias, one per ``・`` bullet (or line); original-script
                                  aliases get lang
``Country or Region``             country (from the English line, ``Japanese\\nEnglish``)
``Type of WMD``                   program, one per concern: ``biological``, ``chemical``,
                                  ``missile``, ``nuclear`` (read from the Japanese words
                                  生物/化学/ミサイル/核, which are consistent where the
                                  letter codes are not: ``M、N``, ``ミサイルM``, ``Ｎ``)
``Conventional Weapons`` (CW)     program ``conventional weapons``
================================  ==============================================================

Every entity also gets sanctionsList ``End User List``.

Quirks:

- ``No.`` is a formula (``=ROW()-1``): it is the row position, not a stable identifier.
  An entry added in the middle of the list renumbers all entries after it, so a diff of
  two versions by record id shows renumbered entries as changed. The record id follows
  the published number all the same, because it is the only identifier METI gives and
  what users quote. The value read is the one Excel cached; a workbook saved without
  cached values would have empty cells, and the parser then computes ``row - 1``, the
  formula's own definition.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from embargo.model.entity import Entity
from embargo.model.scripts import script_code
from embargo.sources.base import ParseResult, SourceParser
from embargo.sources.xlsx import (
    add_countries,
    cell_text,
    countries_in,
    find_header,
    open_workbook,
    peek_workbook,
    sheet_has_labels,
    sheet_rows,
    value_text,
)

COL_NO = "No."
COL_COUNTRY = "国名、地域名\nCountry or Region"
COL_NAME = "企業名､組織名\nCompany or Organization"
COL_ALIAS = "別名\nAlso Known As"
COL_WMD = "懸念区分\nType of WMD"
COL_CW = "通常兵器\nConventional Weapons"
REQUIRED = (COL_NO, COL_COUNTRY, COL_NAME, COL_ALIAS, COL_WMD, COL_CW)

#: Japanese words of the WMD concern column and the program values they give.
WMD_TYPES: tuple[tuple[str, str], ...] = (
    ("生物", "biological"),
    ("化学", "chemical"),
    ("ミサイル", "missile"),
    ("核", "nuclear"),
)
#: Letter codes, used when a cell has no Japanese words.
WMD_CODES: dict[str, str] = {"B": "biological", "C": "chemical", "M": "missile", "N": "nuclear"}

# A parenthesised part at the end of a name: "(KOMID)", "（朝鮮連峰総会社）".
_TRAILING_PAREN = re.compile(r"^(?P<outer>.*?)\s*[(（](?P<inner>[^()（）]+)[)）]\s*$", re.S)
_ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9&.\-]*(?: [A-Z0-9]+)?$")
_BULLET = re.compile(r"(?:^|\n)\s*・")
_TRAILING_AND = re.compile(r"\s*;\s*and$")
_LETTER = re.compile(r"[A-Z]")
_FULL_WIDTH_CODES = str.maketrans("ＢＣＭＮ", "BCMN")


def split_name(text: str) -> tuple[str, list[str]]:
    """Split a name cell into the Latin name and original-script names.

    ``Kim Il Sung University\\n(金日成総合大学)`` → (``Kim Il Sung University``,
    [``金日成総合大学``]). Parenthesised parts in Latin script stay in the name.
    """
    originals: list[str] = []
    rest = text
    while True:
        match = _TRAILING_PAREN.match(rest)
        if match is None or script_code(match.group("inner")) is None:
            break
        originals.insert(0, match.group("inner").strip())
        rest = match.group("outer")
    latin = " ".join(line.strip() for line in rest.splitlines() if line.strip())
    if script_code(latin) is not None and not originals:
        return "", [latin]
    return latin, originals


def split_acronym(name: str) -> tuple[str, str] | None:
    """``(name without it, acronym)`` when ``name`` ends with an acronym in parentheses."""
    match = _TRAILING_PAREN.match(name)
    if match is None:
        return None
    outer, inner = match.group("outer").strip(" ,"), match.group("inner").strip()
    if not outer or _ACRONYM.match(inner) is None:
        return None
    return outer, inner


def split_aliases(text: str | None) -> list[str]:
    """Aliases of an ``Also Known As`` cell: one per ``・`` bullet, else one per line.

    A line that is only a parenthesised original-script name belongs to the bullet
    above it (and becomes an alias of its own); other continuation lines are joined.
    """
    if text is None:
        return []
    if "・" in text:
        items = [item for item in _BULLET.split(text) if item.strip()]
    else:
        items = [line for line in text.splitlines() if line.strip()]
    aliases: list[str] = []
    for item in items:
        latin, originals = split_name(item.strip())
        latin = _TRAILING_AND.sub("", latin).strip(" ;,")
        for name in (latin, *originals):
            if name and value_text(name) is not None:
                aliases.append(name)
    return aliases


def wmd_programs(text: str | None) -> list[str]:
    """Program values of a ``Type of WMD`` cell (``生物、化学\\nB,C`` → biological, chemical)."""
    if text is None:
        return []
    found = [program for word, program in WMD_TYPES if word in text]
    if found:
        return found
    letters = _LETTER.findall(text.upper().translate(_FULL_WIDTH_CODES))
    return [WMD_CODES[c] for c in dict.fromkeys(letters) if c in WMD_CODES]


class JpMetiEulXlsx(SourceParser):
    """Parser of the METI End User List workbook."""

    NAME: ClassVar[str] = "jp_meti_eul_xlsx"
    TITLE: ClassVar[str] = "Japan METI End User List (XLSX)"
    LIST_KEY: ClassVar[str] = "jp_meti_eul"
    URL: ClassVar[str | None] = "https://www.meti.go.jp/policy/anpo/law05.html"
    FILE_NAMES: ClassVar[tuple[str, ...]] = ("*end_user_list*.xlsx",)

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        """A workbook whose first sheet starts with the End User List header."""
        peek = peek_workbook(path, head)
        if peek is None:
            return False
        return sheet_has_labels(peek.head(0, rows=1), (COL_NAME, COL_ALIAS, COL_WMD)) == 1

    def parse(self, path: Path) -> ParseResult:
        list_key = self.list_key_for(path)
        result = ParseResult(self.NAME, list_key, None, [], [path])
        skipped = result.skipped
        with open_workbook(self, path) as workbook:
            modified = workbook.properties.modified
            result.published = modified.date().isoformat() if modified is not None else None
            sheet = workbook.worksheets[0]
            rows = sheet_rows(self, path, sheet)
            header = find_header(self, path, rows, REQUIRED, within=3, sheet=sheet.title)
            for number, values in rows:
                name_cell = cell_text(header.get(values, COL_NAME), lines=True)
                if name_cell is None:
                    if any(v is not None for v in values):
                        skipped["row without a name"] += 1
                    continue
                record_id = cell_text(header.get(values, COL_NO)) or str(number - header.row)
                entity = Entity(list_key, record_id, "Organization")
                latin, originals = split_name(name_cell)
                entity.add("name", latin or (originals[0] if originals else None))
                acronym = split_acronym(latin) if latin else None
                if acronym is not None:
                    entity.add("alias", acronym[0])
                    entity.add("weakAlias", acronym[1], note="acronym")
                for original in originals:
                    entity.add("alias", original, lang=script_code(original))
                alias_cell = cell_text(header.get(values, COL_ALIAS), lines=True)
                for alias in split_aliases(alias_cell):
                    entity.add("alias", alias, lang=script_code(alias))
                country_cell = cell_text(header.get(values, COL_COUNTRY), lines=True)
                if country_cell is not None:
                    english = country_cell.splitlines()[-1]
                    codes = countries_in(english) or countries_in(country_cell.splitlines()[0])
                    add_countries(entity, "country", codes, skipped)
                for program in wmd_programs(cell_text(header.get(values, COL_WMD))):
                    entity.add("program", program)
                if value_text(header.get(values, COL_CW)) is not None:
                    entity.add("program", "conventional weapons")
                entity.add("sanctionsList", "End User List")
                result.entities.append(entity)
        ids = [e.record_id for e in result.entities]
        if len(set(ids)) != len(ids):
            raise self.error("the No. column repeats numbers; entries would collide", path)
        return result
