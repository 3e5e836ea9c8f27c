"""FollowTheMoney / OpenSanctions JSON lines: entity files and delta files.

Official URLs: https://data.opensanctions.org/datasets/latest/<dataset>/entities.ftm.json
(full entity files) and the ``entities.delta.json`` change sets listed in each dataset's
``delta.json`` index; OpenSanctions rebuilds its datasets several times a day. Any FtM
tool (``ftm`` CLI, ``nomenklatura``, embargo's own `Entity.to_ftm`) writes the same shape.

Format: UTF-8 JSON, one object a line, three kinds of line:

* an entity: ``{"id", "schema", "properties": {prop: [values]}, "datasets", …}``;
* an entity wrapped as OpenSanctions exports sometimes write it: ``{"entity": {…}}``;
* a delta operation: ``{"op": "ADD"|"MOD"|"DEL", "entity": {…}}``. ADD and MOD carry
  the entity's complete new state, DEL only its id. A file with any ``op`` line is a
  delta: ``ParseResult(is_delta=True)``, ADD + MOD entities are the upserts and DEL ids
  are ``deleted_ids``. When an id occurs on several lines the last one wins.

A malformed line raises `ParseError` naming its line number (a truncated download ends
in one).

List key and ids (embargo ids are ``<list key>-<record id>``, one list key per load):

1. the caller's list key wins (``--list-key``; the bundled OpenSanctions delta loads as
   ``opensanctions``);
2. else a plain entity file in which every entity names the same single dataset ``D``
   and every id starts with ``D-`` is an export of one list, and names its own key
   ``D`` (embargo's `Entity.to_ftm` writes exactly that);
3. else ``ftm``. A delta never takes its key from its content: its lines name many
   datasets (OpenSanctions canonical entities up to 25), DEL lines none, and a delta
   must land in the list it updates.

The record id is the FtM id as published, minus a leading ``<list key>-``
(`Entity.from_ftm`). So ``entity.id`` equals the FtM id whenever the id carries the
list key (``us_ofac_sdn-35173`` loaded as ``us_ofac_sdn`` → record ``35173``), and
otherwise ``record_id`` is the FtM id, character for character. The screening benchmark's
``reference.ftm.jsonl`` mixes two lists (``un_sc-…`` and ``us_ofac_sdn-…`` ids) in one
file; loaded as one list ``K`` its entities are ``K-un_sc-KPi.033`` with record id
``un_sc-KPi.033``: the benchmark id is ``record_id``. DEL ids go through the same rule,
so a delete always names the id its ADD produced.

Schemata: entities of embargo's schemata (Person, Organization, Company, LegalEntity,
PublicBody, Vessel, Airplane, CryptoWallet, Thing) become entities, whatever their
``target`` flag. The other FtM schemata are not parties one screens; what matters of
them is folded into their subject when the subject is in the same file:

* ``Sanction`` → on its ``entity``: program, programId, authority, reason, listingDate
  (from listingDate, startDate, date), sourceUrl, notes (from summary, description,
  provisions);
* ``Passport`` / ``Identification`` → on its ``holder``: passportNumber (Passport, or
  an Identification whose type says passport) or idNumber, with the ``country`` and the
  ``type`` as note;
* ``Address`` → on every party whose ``addressEntity`` names it: address (``full``),
  country.

Anything that cannot be folded (subject not in the file) and every other schema
(Ownership, Family, UnknownLink, Directorship, Security…) is counted in ``skipped``.

Properties: FtM properties embargo models load as they are (``title`` and
``position`` too: OpenSanctions already splits them as `embargo.sources.names` does);
``createdAt`` → listingDate (OpenSanctions crawlers put the designation date there),
``description`` → notes, ``vatCode`` → taxNumber, ``dunsCode``/``okpoCode``/``bikCode`` →
registrationNumber; each of the entity's ``datasets`` → sanctionsList (note ``dataset``).
``imoNumber`` loses FtM's ``IMO`` prefix (``IMO9187655`` → ``9187655``), as embargo
stores IMO numbers from every list.
Other properties (``keywords``, ``legalForm``, ``nameSuffix``, ``wikidataId``…) are
skipped and counted per property.

Published date: FtM files state none. The proxy is the latest ``last_change`` (date
part) not in the future; failing that, the latest ``modifiedAt`` value; else None
(the benchmark file has neither). For the bundled delta: 2024-05-30.

Limits of a delta without the graph: a Sanction or Address that changed while its
subject did not cannot be folded (counted), and a MOD of a party replaces its values
with those of the party and of the sanctions present in the same delta only.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from embargo.exc import InvalidEntity
from embargo.model.entity import Entity
from embargo.model.schema import PROPERTIES, SCHEMATA
from embargo.model.values import clean_date
from embargo.sources.base import ParseResult, SourceParser
from embargo.sources.io import open_text

#: FtM properties embargo lacks, loaded into the closest property embargo has.
PROPERTY_MAP: dict[str, str] = {
    "createdAt": "listingDate",
    "description": "notes",
    "vatCode": "taxNumber",
    "dunsCode": "registrationNumber",
    "okpoCode": "registrationNumber",
    "bikCode": "registrationNumber",
}

#: Sanction properties folded into the sanctioned entity.
SANCTION_PROPS: dict[str, str] = {
    "program": "program",
    "programId": "programId",
    "authority": "authority",
    "reason": "reason",
    "listingDate": "listingDate",
    "startDate": "listingDate",
    "date": "listingDate",
    "sourceUrl": "sourceUrl",
    "summary": "notes",
    "description": "notes",
    "provisions": "notes",
}

OPS: frozenset[str] = frozenset({"ADD", "MOD", "DEL"})

_IMO_PREFIX = re.compile(r"^\s*IMO[\s:]*", re.IGNORECASE)
_SNIFF_SCHEMA = re.compile(rb'"schema"\s*:\s*"[A-Z][A-Za-z]+"')
_SNIFF_OP = re.compile(rb'^\{\s*"op"\s*:\s*"(?:ADD|MOD|DEL)"')
_SNIFF_ENTITY = re.compile(rb'^\{\s*"entity"\s*:\s*\{')


@dataclass(slots=True)
class _Line:
    """One entity line of the file, after JSON decoding."""

    number: int
    op: str | None
    data: dict[str, Any]


def _values(props: dict[str, Any], prop: str) -> list[str]:
    raw = props.get(prop)
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, list):
        return [v for v in raw if isinstance(v, str)]
    return []


class FtmJson(SourceParser):
    """Parser of FollowTheMoney JSON lines (entity and delta files)."""

    NAME: ClassVar[str] = "ftm_json"
    TITLE: ClassVar[str] = "FollowTheMoney / OpenSanctions JSON lines (entities, deltas)"
    LIST_KEY: ClassVar[str] = "ftm"
    URL: ClassVar[str | None] = None
    FILE_NAMES: ClassVar[tuple[str, ...]] = (
        "*.ftm.json",
        "*.ftm.jsonl",
        "*.ftm.json.gz",
        "*.ftm.jsonl.gz",
        "entities.delta.json",
        "*.delta.json.gz",
    )

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        """The first non-empty line is a JSON object with ``schema`` or a delta ``op``.

        The first line may be longer than ``head``, so the keys are looked for in the
        text rather than by decoding it.
        """
        text = head.lstrip(b"\xef\xbb\xbf").lstrip()
        first = text.split(b"\n", 1)[0].strip()
        if not first.startswith(b"{"):
            return False
        if _SNIFF_OP.match(first) or _SNIFF_ENTITY.match(first):
            return True
        return bool(_SNIFF_SCHEMA.search(first)) and b'"properties"' in first

    def parse(self, path: Path) -> ParseResult:
        lines = self._read_lines(path)
        is_delta = any(line.op is not None for line in lines)
        list_key = self._list_key(path, lines, is_delta)
        result = ParseResult(
            source=self.NAME,
            list_key=list_key,
            published=None,
            entities=[],
            files=[path],
            is_delta=is_delta,
        )
        # Last line of an id wins (a delta may touch an id twice).
        final: dict[str, _Line] = {}
        for line in lines:
            ftm_id = str(line.data["id"])
            if ftm_id in final:
                result.skipped["id repeated (last line wins)"] += 1
                del final[ftm_id]
            final[ftm_id] = line
        parties: dict[str, Entity] = {}
        others: list[_Line] = []
        for ftm_id, line in final.items():
            if line.op == "DEL":
                result.deleted_ids.append(self._entity_id(list_key, ftm_id))
            elif str(line.data.get("schema")) in SCHEMATA:
                parties[ftm_id] = self._party(path, line, list_key, result.skipped)
            else:
                others.append(line)
        self._fold(others, final, parties, result.skipped)
        result.entities = list(parties.values())
        result.published = self._published(lines, parties.values())
        return result

    # -- reading -------------------------------------------------------------------

    def _read_lines(self, path: Path) -> list[_Line]:
        lines: list[_Line] = []
        with open_text(path, newline=None) as fh:
            for number, raw in enumerate(fh, start=1):
                text = raw.strip()
                if not text:
                    continue
                try:
                    obj = json.loads(text)
                except json.JSONDecodeError as exc:
                    raise self.error(
                        f"malformed JSON: {exc.msg} (column {exc.colno})", path, line=number
                    ) from exc
                lines.append(self._line(path, number, obj))
        if not lines:
            raise self.error("no FtM entity lines in the file", path)
        return lines

    def _line(self, path: Path, number: int, obj: Any) -> _Line:
        if not isinstance(obj, dict):
            raise self.error("expected one JSON object per line", path, line=number)
        op: str | None = None
        data: Any = obj
        if "op" in obj:
            op = str(obj["op"]).upper()
            if op not in OPS:
                raise self.error(f"unknown delta op {obj['op']!r}", path, line=number)
            data = obj.get("entity")
        elif "entity" in obj and "schema" not in obj:
            data = obj["entity"]
        if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not data["id"]:
            raise self.error("expected an FtM entity with an id", path, line=number)
        if op != "DEL" and not isinstance(data.get("schema"), str):
            raise self.error(
                "expected an FtM entity with a schema", path, line=number, record_id=data["id"]
            )
        return _Line(number, op, data)

    def _list_key(self, path: Path, lines: list[_Line], is_delta: bool) -> str:
        if self.list_key_override:
            return self.list_key_override
        if is_delta:
            return self.LIST_KEY
        keys: set[str] = set()
        for line in lines:
            datasets = line.data.get("datasets")
            if not isinstance(datasets, list) or len(datasets) != 1:
                return self.LIST_KEY
            key = str(datasets[0])
            if not str(line.data["id"]).startswith(f"{key}-"):
                return self.LIST_KEY
            keys.add(key)
            if len(keys) > 1:
                return self.LIST_KEY
        return keys.pop() if keys else self.LIST_KEY

    @staticmethod
    def _entity_id(list_key: str, ftm_id: str) -> str:
        """The embargo entity id an FtM id gets (same rule as `Entity.from_ftm`)."""
        prefix = f"{list_key}-"
        if ftm_id.startswith(prefix) and len(ftm_id) > len(prefix):
            return ftm_id
        return f"{prefix}{ftm_id}"

    # -- entities --------------------------------------------------------------------

    def _party(self, path: Path, line: _Line, list_key: str, skipped: Counter[str]) -> Entity:
        data = line.data
        props = data.get("properties") or {}
        if not isinstance(props, dict):
            raise self.error(
                "properties is not an object", path, line=line.number, record_id=data["id"]
            )
        mapped: dict[str, list[str]] = {}
        for prop in props:
            if prop == "addressEntity":
                continue  # resolved by _fold
            name = str(prop)
            target = name if name in PROPERTIES else PROPERTY_MAP.get(name, name)
            values = _values(props, name)
            if target == "imoNumber":
                values = [_IMO_PREFIX.sub("", v) for v in values]
            mapped.setdefault(target, []).extend(values)
        try:
            entity = Entity.from_ftm(
                {"id": data["id"], "schema": data["schema"], "properties": mapped},
                list_key=list_key,
                skipped=skipped,
            )
        except InvalidEntity as exc:
            raise self.error(str(exc), path, line=line.number, record_id=data["id"]) from exc
        datasets = data.get("datasets")
        if isinstance(datasets, list):
            for dataset in datasets:
                if isinstance(dataset, str):
                    entity.add("sanctionsList", dataset, note="dataset")
        return entity

    def _fold(
        self,
        others: list[_Line],
        final: dict[str, _Line],
        parties: dict[str, Entity],
        skipped: Counter[str],
    ) -> None:
        """Fold Sanction, Passport/Identification and Address lines into parties."""
        addresses = {
            str(line.data["id"]): line.data
            for line in others
            if line.data.get("schema") == "Address"
        }
        used: set[str] = set()
        for ftm_id, entity in parties.items():
            props = final[ftm_id].data.get("properties") or {}
            for ref in _values(props, "addressEntity"):
                address = addresses.get(ref)
                if address is None:
                    skipped["addressEntity: Address not in the file"] += 1
                    continue
                used.add(ref)
                aprops = address.get("properties") or {}
                for full in _values(aprops, "full"):
                    entity.add("address", full)
                for country in _values(aprops, "country"):
                    if not entity.add("country", country):
                        skipped["Address country: value rejected"] += 1
        for line in others:
            schema = str(line.data.get("schema"))
            props = line.data.get("properties") or {}
            if not isinstance(props, dict):
                props = {}
            if schema == "Address":
                if str(line.data["id"]) not in used:
                    skipped["Address: no party of the file refers to it"] += 1
                continue
            if schema == "Sanction":
                self._fold_sanction(props, parties, skipped)
            elif schema in ("Passport", "Identification"):
                self._fold_identification(schema, props, parties, skipped)
            else:
                skipped[f"schema {schema}: not a screening entity"] += 1

    @staticmethod
    def _fold_sanction(
        props: dict[str, Any], parties: dict[str, Entity], skipped: Counter[str]
    ) -> None:
        subjects = [parties[s] for s in _values(props, "entity") if s in parties]
        if not subjects:
            skipped["Sanction: subject not in the file"] += 1
            return
        for entity in subjects:
            for prop, target in SANCTION_PROPS.items():
                for value in _values(props, prop):
                    if not entity.add(target, value):
                        skipped[f"Sanction {prop}: value rejected"] += 1

    @staticmethod
    def _fold_identification(
        schema: str, props: dict[str, Any], parties: dict[str, Entity], skipped: Counter[str]
    ) -> None:
        holders = [parties[h] for h in _values(props, "holder") if h in parties]
        if not holders:
            skipped[f"{schema}: holder not in the file"] += 1
            return
        doc_type = next(iter(_values(props, "type")), None)
        country = next(iter(_values(props, "country")), None)
        is_passport = schema == "Passport" or "passport" in (doc_type or "").lower()
        prop = "passportNumber" if is_passport else "idNumber"
        for entity in holders:
            for number in _values(props, "number"):
                entity.add(prop, number, country=country, note=doc_type)

    # -- publication date ------------------------------------------------------------

    @staticmethod
    def _published(lines: list[_Line], entities: Iterable[Entity]) -> str | None:
        today = date.today().isoformat()
        changes = [
            d
            for line in lines
            if isinstance(line.data.get("last_change"), str)
            and (d := clean_date(line.data["last_change"])) is not None
            and d <= today
        ]
        if changes:
            return max(changes)
        modified = [d for e in entities for d in e.get("modifiedAt") if d <= today]
        return max(modified) if modified else None
