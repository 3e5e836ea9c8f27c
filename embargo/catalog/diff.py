"""What changed between two versions of a list: designations added, removed, changed.

A designation is identified by its entity id (``<list key>-<record id>``), which is
stable across versions and across the formats one list is published in, so a diff
between the OFAC non-SDN list as sdnList XML and as legacy CSV is meaningful.

An entity *changed* when its schema or the set of values of any property differs.
Value order and qualifiers (language, issuing country, note) are not compared: the
formats of one list order values differently and carry different qualifiers, and a
diff full of such noise would hide the real changes a compliance officer must review.
The stored records keep every qualifier; `embargo show --version` displays them.

Between versions read from *different formats* of one list, what one format cannot
express is not a change of the designations: the OFAC Enhanced XML carries listing
dates, the sanctions sub-list and original-script names, the sdnList XML and the
legacy CSV carry none of them. So across formats only the properties that both
versions publish (for at least one designation) are compared, and script-tagged
names (``lang`` set) only if both versions have such names. `ListDiff.ignored` says
what was left out, so the omission is visible.

The content fingerprint (`content_hash`) implements the same-format comparison, so the
catalog finds changed designations with one SQL join on fingerprints and only
rebuilds the few changed entities in Python.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypedDict

from embargo.model.entity import Entity, Value
from embargo.model.schema import PROPERTIES
from embargo.types import EntityDict

#: Pseudo-property reported when the schema of a designation changed.
SCHEMA_PROP = "schema"

_PROP_ORDER: dict[str, int] = {prop: i for i, prop in enumerate(PROPERTIES)}


def content_hash(entity: Entity) -> str:
    """Fingerprint of what a diff compares: schema and the value set of each property.

    Built from the sorted (property, value) pairs joined with ASCII separator
    characters, which cleaned values never contain.
    """
    pairs = sorted({f"{v.prop}\x1f{v.value}" for v in entity.values})
    text = entity.schema + "\x1e" + "\x1e".join(pairs)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class PropertyChangeDict(TypedDict):
    prop: str
    old: list[str]
    new: list[str]
    added: list[str]
    removed: list[str]


class EntityChangeDict(TypedDict):
    id: str
    caption: str
    schema: str
    changes: list[PropertyChangeDict]


class EntitySummaryDict(TypedDict):
    id: str
    caption: str
    schema: str


class ListDiffDict(TypedDict):
    list_key: str
    old: str | None
    new: str
    added: list[EntitySummaryDict]
    removed: list[EntitySummaryDict]
    changed: list[EntityChangeDict]
    unchanged: int
    ignored: list[str]


@dataclass(frozen=True, slots=True)
class PropertyChange:
    """The values of one property before and after (each in published order)."""

    prop: str
    old: list[str]
    new: list[str]

    @property
    def added(self) -> list[str]:
        before = set(self.old)
        return [v for v in self.new if v not in before]

    @property
    def removed(self) -> list[str]:
        after = set(self.new)
        return [v for v in self.old if v not in after]

    def to_dict(self) -> PropertyChangeDict:
        return {
            "prop": self.prop,
            "old": list(self.old),
            "new": list(self.new),
            "added": self.added,
            "removed": self.removed,
        }


@dataclass(frozen=True, slots=True)
class EntityChange:
    """One designation present in both versions whose content differs."""

    old: Entity
    new: Entity
    changes: list[PropertyChange]

    @property
    def entity_id(self) -> str:
        return self.new.id

    @property
    def caption(self) -> str:
        return self.new.caption

    @property
    def props(self) -> list[str]:
        return [c.prop for c in self.changes]

    def to_dict(self) -> EntityChangeDict:
        return {
            "id": self.new.id,
            "caption": self.new.caption,
            "schema": self.new.schema,
            "changes": [c.to_dict() for c in self.changes],
        }


#: Decides which values take part in a comparison.
ValueFilter = Callable[[Value], bool]


def _values_by_prop(entity: Entity, keep: ValueFilter | None = None) -> dict[str, list[str]]:
    props: dict[str, list[str]] = {}
    for value in entity.values:
        if keep is not None and not keep(value):
            continue
        bucket = props.setdefault(value.prop, [])
        if value.value not in bucket:
            bucket.append(value.value)
    return props


def compare_entities(
    old: Entity, new: Entity, keep: ValueFilter | None = None
) -> list[PropertyChange]:
    """The properties whose value sets differ (schema first, then model order).

    ``keep`` limits the comparison to some values (see `format_scope`).
    """
    changes: list[PropertyChange] = []
    if old.schema != new.schema:
        changes.append(PropertyChange(SCHEMA_PROP, [old.schema], [new.schema]))
    before = _values_by_prop(old, keep)
    after = _values_by_prop(new, keep)
    props = sorted(set(before) | set(after), key=lambda p: (_PROP_ORDER.get(p, 10_000), p))
    for prop in props:
        old_values = before.get(prop, [])
        new_values = after.get(prop, [])
        if set(old_values) != set(new_values):
            changes.append(PropertyChange(prop, old_values, new_values))
    return changes


def _summary(entity: Entity) -> EntitySummaryDict:
    return {"id": entity.id, "caption": entity.caption, "schema": entity.schema}


@dataclass(slots=True)
class ListDiff:
    """Differences between two versions of one list.

    Attributes:
        list_key: the list.
        old: the earlier version id (None: compared with an empty list).
        new: the later version id.
        added: designations only in ``new`` (entities of ``new``).
        removed: designations only in ``old`` (entities of ``old``).
        changed: designations in both whose content differs.
        unchanged: how many designations are identical in both.
        ignored: what was not compared because only one of the two formats
            publishes it (empty when both versions come from the same format).
    """

    list_key: str
    old: str | None
    new: str
    added: list[Entity] = field(default_factory=list)
    removed: list[Entity] = field(default_factory=list)
    changed: list[EntityChange] = field(default_factory=list)
    unchanged: int = 0
    ignored: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def to_dict(self) -> ListDiffDict:
        return {
            "list_key": self.list_key,
            "old": self.old,
            "new": self.new,
            "added": [_summary(e) for e in self.added],
            "removed": [_summary(e) for e in self.removed],
            "changed": [c.to_dict() for c in self.changed],
            "unchanged": self.unchanged,
            "ignored": list(self.ignored),
        }


def format_scope(
    old: Iterable[Entity], new: Iterable[Entity], old_source: str, new_source: str
) -> tuple[ValueFilter | None, list[str]]:
    """What two versions can be compared on, given the formats they were read from.

    Returns a value filter (None: compare everything) and a description of what is
    left out. Within one format everything is compared.
    """
    if old_source == new_source:
        return None, []
    old_props: set[str] = set()
    new_props: set[str] = set()
    old_tagged = new_tagged = False
    for entity in old:
        for value in entity.values:
            old_props.add(value.prop)
            old_tagged = old_tagged or value.lang is not None
    for entity in new:
        for value in entity.values:
            new_props.add(value.prop)
            new_tagged = new_tagged or value.lang is not None
    shared = old_props & new_props
    ignored = [
        f"{prop} (only in {old_source if prop in old_props else new_source})"
        for prop in sorted(old_props ^ new_props, key=lambda p: (_PROP_ORDER.get(p, 10_000), p))
    ]
    tagged = old_tagged and new_tagged
    if old_tagged != new_tagged:
        only = old_source if old_tagged else new_source
        ignored.append(f"names tagged with a script or language (only in {only})")

    def keep(value: Value) -> bool:
        return value.prop in shared and (tagged or value.lang is None)

    return keep, ignored


def diff_entities(
    list_key: str,
    old_version: str | None,
    new_version: str,
    old: Mapping[str, Entity],
    new: Mapping[str, Entity],
    keep: ValueFilter | None = None,
) -> ListDiff:
    """Compare two versions given as ``{entity id: entity}`` (ordered by id)."""
    diff = ListDiff(list_key=list_key, old=old_version, new=new_version)
    for entity_id in sorted(old.keys() | new.keys()):
        before = old.get(entity_id)
        after = new.get(entity_id)
        if before is None and after is not None:
            diff.added.append(after)
        elif after is None and before is not None:
            diff.removed.append(before)
        elif before is not None and after is not None:
            changes = compare_entities(before, after, keep)
            if changes:
                diff.changed.append(EntityChange(before, after, changes))
            else:
                diff.unchanged += 1
    return diff


def entity_body(entity: Entity) -> tuple[str, str]:
    """The stored JSON of an entity (without its version) and that JSON's hash.

    The version is left out so a designation that did not change between two
    versions is stored once and shared; it is set again when the entity is read.
    """
    data: EntityDict = entity.to_dict()
    data["version"] = None
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text, hashlib.sha1(text.encode("utf-8")).hexdigest()


__all__ = [
    "EntityChange",
    "ListDiff",
    "PropertyChange",
    "compare_entities",
    "content_hash",
    "diff_entities",
    "entity_body",
    "format_scope",
]
