"""The entity: embargo's record of one listed target, with provenance.

An `Entity` is one designation of one list: its id is ``<list key>-<record id>``
(``us_ofac_sdn-35173``, ``un_sc-KPi.033``), stable across versions so designations can
be diffed. Its values are `Value` statements: a property name, the cleaned value and,
where the list says so, the language/script, the issuing country (for identifiers) and
a qualifier as published. Each entity also carries the list version it came from, so
every value knows its list, record id and version.

The model is FtM-shaped at the edges (`to_ftm`, `from_ftm`) and lean inside: plain
slotted objects, no per-comparison objects.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from embargo.exc import InvalidEntity
from embargo.model.schema import NAME_PROPS, PROPERTIES, SCHEMATA, PropType
from embargo.model.values import clean_country, clean_date, collapse_spaces
from embargo.types import EntityDict, FtMEntityDict, ValueDict


@dataclass(frozen=True, slots=True)
class Value:
    """One property value of an entity.

    Attributes:
        prop: property name (see `embargo.model.schema.PROPERTIES`).
        value: the cleaned value (ISO dates, ISO country codes, collapsed spaces).
        lang: ISO 639-3 language or ISO 15924 script of a name, when published
            (``rus``, ``ara``, ``kor``, ``Hani``…).
        country: for identifiers, the issuing country (ISO alpha-2).
        note: a qualifier as published (``low quality``, ``alt.``, ``Passport``,
            ``Good quality a.k.a.``); for dates, the original text when it differs.
    """

    prop: str
    value: str
    lang: str | None = None
    country: str | None = None
    note: str | None = None

    def to_dict(self) -> ValueDict:
        data: ValueDict = {"prop": self.prop, "value": self.value}
        if self.lang is not None:
            data["lang"] = self.lang
        if self.country is not None:
            data["country"] = self.country
        if self.note is not None:
            data["note"] = self.note
        return data

    @classmethod
    def from_dict(cls, data: ValueDict) -> Value:
        return cls(
            prop=data["prop"],
            value=data["value"],
            lang=data.get("lang"),
            country=data.get("country"),
            note=data.get("note"),
        )


@dataclass(slots=True)
class Entity:
    """One designation of one list, as embargo stores it.

    Build it in a parser with `add`; values are cleaned by property type and
    duplicates are dropped. `add` returns False for a value it rejects, so the
    parser can count what it could not read.
    """

    list_key: str
    record_id: str
    schema: str
    values: list[Value] = field(default_factory=list)
    version: str | None = None

    def __post_init__(self) -> None:
        if self.schema not in SCHEMATA:
            raise InvalidEntity(
                f"unknown schema {self.schema!r} for {self.list_key}-{self.record_id}"
            )
        if not self.record_id or not self.record_id.strip():
            raise InvalidEntity(f"empty record id in list {self.list_key!r}")

    @property
    def id(self) -> str:
        """Stable id: ``<list key>-<record id>``."""
        return f"{self.list_key}-{self.record_id}"

    def add(
        self,
        prop: str,
        value: str | None,
        *,
        lang: str | None = None,
        country: str | None = None,
        note: str | None = None,
        dayfirst: bool = True,
    ) -> bool:
        """Add a value, cleaned by the property's type.

        Dates go through `clean_date` (original text kept in ``note`` when it
        differs), countries through `clean_country`. Returns False when the value is
        empty or cannot be cleaned; raises `InvalidEntity` for an unknown property,
        which is a programming error in a parser, not bad data.
        """
        ptype = PROPERTIES.get(prop)
        if ptype is None:
            raise InvalidEntity(f"unknown property {prop!r} on {self.id}")
        if value is None:
            return False
        text = collapse_spaces(str(value))
        if not text:
            return False
        if ptype is PropType.DATE:
            cleaned = clean_date(text, dayfirst=dayfirst)
            if cleaned is None:
                return False
            if note is None and cleaned != text:
                note = text
            text = cleaned
        elif ptype is PropType.COUNTRY:
            code = clean_country(text)
            if code is None:
                return False
            text = code
        if country is not None:
            country = clean_country(country) or None
        item = Value(prop, text, lang, country, note)
        for existing in self.values:
            if existing.prop == prop and existing.value == text:
                return True  # first occurrence keeps its qualifiers
        self.values.append(item)
        return True

    def get(self, prop: str) -> list[str]:
        """All values of a property, in the order they were added."""
        return [v.value for v in self.values if v.prop == prop]

    def first(self, prop: str) -> str | None:
        for v in self.values:
            if v.prop == prop:
                return v.value
        return None

    def iter_values(self, props: Iterable[str]) -> Iterator[Value]:
        wanted = set(props)
        return (v for v in self.values if v.prop in wanted)

    @property
    def names(self) -> list[str]:
        """Every name of the entity (primary, aliases, previous, weak), strongest first."""
        out: list[str] = []
        for prop in NAME_PROPS:
            for value in self.get(prop):
                if value not in out:
                    out.append(value)
        return out

    @property
    def caption(self) -> str:
        """The label to show: the first primary name, else any name, else the id."""
        return self.first("name") or (self.names[0] if self.names else self.id)

    @property
    def properties(self) -> dict[str, list[str]]:
        """Values grouped by property (FtM's ``properties`` shape)."""
        props: dict[str, list[str]] = {}
        for v in self.values:
            props.setdefault(v.prop, []).append(v.value)
        return props

    def to_dict(self) -> EntityDict:
        """Full record with every value's qualifiers (catalog storage, `show --json`)."""
        return {
            "id": self.id,
            "list_key": self.list_key,
            "record_id": self.record_id,
            "schema": self.schema,
            "version": self.version,
            "caption": self.caption,
            "values": [v.to_dict() for v in self.values],
        }

    @classmethod
    def from_dict(cls, data: EntityDict) -> Entity:
        return cls(
            list_key=data["list_key"],
            record_id=data["record_id"],
            schema=data["schema"],
            values=[Value.from_dict(v) for v in data["values"]],
            version=data.get("version"),
        )

    def to_ftm(self) -> FtMEntityDict:
        """FollowTheMoney JSON (what OpenSanctions and FtM tools read)."""
        return {
            "id": self.id,
            "schema": self.schema,
            "caption": self.caption,
            "datasets": [self.list_key],
            "properties": self.properties,
        }

    @classmethod
    def from_ftm(
        cls,
        data: dict[str, Any],
        *,
        list_key: str | None = None,
        strict: bool = False,
        skipped: Counter[str] | None = None,
    ) -> Entity:
        """Build an entity from FtM JSON.

        The id becomes the record id; ``list_key`` defaults to the first dataset. FtM
        properties embargo does not model are skipped unless ``strict``. ``skipped``,
        when given, counts what was left out, so a parser can report it: values of
        unmodelled properties (``"unmodelled property <prop>"``) and values the
        cleaners rejected (``"<prop>: value rejected"``).
        """
        ent_id = str(data.get("id") or "")
        schema = str(data.get("schema") or "")
        datasets = data.get("datasets") or []
        key = list_key or (str(datasets[0]) if datasets else "ftm")
        prefix = f"{key}-"
        record_id = ent_id[len(prefix) :] if ent_id.startswith(prefix) else ent_id
        entity = cls(list_key=key, record_id=record_id, schema=schema)
        props = data.get("properties") or {}
        if not isinstance(props, dict):
            raise InvalidEntity(f"properties of {ent_id!r} is not an object")
        for prop, values in props.items():
            if isinstance(values, str):
                values = [values]
            if prop not in PROPERTIES:
                if strict:
                    raise InvalidEntity(f"unknown property {prop!r} on {ent_id}")
                if skipped is not None:
                    skipped[f"unmodelled property {prop}"] += (
                        len(values) if isinstance(values, list) else 1
                    )
                continue
            for value in values or []:
                if isinstance(value, str) and not entity.add(prop, value):
                    if skipped is not None:
                        skipped[f"{prop}: value rejected"] += 1
        return entity
