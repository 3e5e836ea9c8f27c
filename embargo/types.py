"""Shapes of data that cross a boundary (JSON, JSON lines, database rows)."""

from __future__ import annotations

from typing import NotRequired, TypedDict


class ValueDict(TypedDict):
    prop: str
    value: str
    lang: NotRequired[str | None]
    country: NotRequired[str | None]
    note: NotRequired[str | None]


class EntityDict(TypedDict):
    """An entity as the catalog stores it and `embargo show --json` prints it."""

    id: str
    list_key: str
    record_id: str
    schema: str
    version: str | None
    caption: str
    values: list[ValueDict]


class FtMEntityDict(TypedDict):
    """An entity in FollowTheMoney JSON."""

    id: str
    schema: str
    caption: str
    datasets: list[str]
    properties: dict[str, list[str]]
