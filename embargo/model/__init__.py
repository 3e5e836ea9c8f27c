"""Entity model: schemata, properties, values with provenance."""

from embargo.model.entity import Entity, Value
from embargo.model.schema import (
    NAME_PROPS,
    PARTY_SCHEMATA,
    PROPERTIES,
    SCHEMATA,
    PropType,
    is_schema_compatible,
)
from embargo.model.values import clean_country, clean_date

__all__ = [
    "NAME_PROPS",
    "PARTY_SCHEMATA",
    "PROPERTIES",
    "SCHEMATA",
    "Entity",
    "PropType",
    "Value",
    "clean_country",
    "clean_date",
    "is_schema_compatible",
]
