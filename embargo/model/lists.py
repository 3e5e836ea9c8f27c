"""Facts about lists that the entity model needs: which lists copy which.

Aggregated publications re-publish other lists' designations record by record: the US
Consolidated Screening List's ``SDN`` rows are OFAC SDN designations, carrying OFAC's
entity number as their record number. Knowing this lets screening show such a copy
together with the designation it copies instead of as a separate target.
"""

from __future__ import annotations

#: Entity-id prefix of a copied record → id prefix of the designation it copies.
DERIVED_RECORD_PREFIXES: dict[str, str] = {"us_csl-SDN-": "us_ofac_sdn-"}


def original_of(entity_id: str) -> str | None:
    """The id of the designation a copied record reproduces, or None.

    >>> original_of("us_csl-SDN-35173")
    'us_ofac_sdn-35173'
    """
    for prefix, target in DERIVED_RECORD_PREFIXES.items():
        if entity_id.startswith(prefix):
            return target + entity_id[len(prefix) :]
    return None
