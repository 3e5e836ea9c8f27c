"""The same OFAC designations read the same from every OFAC format.

The Consolidated (non-SDN) list is bundled in three formats, published on three dates:
ENHANCED_XML (2025-01-10), sdnList XML (2025-03-28) and legacy CSV (December 2025).
``embargo diff`` between them must show what OFAC changed, not how the formats differ.
So, designation by designation: the ids must be the same, and every Latin-script
name, identifier, date, place, program and relation must be equal, except the
differences listed here, each checked against the files as a real change of the
designation between the publication dates. A new format artefact fails these tests.

What only some formats carry is left out of the comparison and listed in the docs:
non-Latin names (``lang`` set), ``sanctionsList``, ``listingDate`` and ``authority``
(ENHANCED_XML only).
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from embargo.model.entity import Entity
from embargo.sources import get_source
from tests.conftest import LISTS

#: Properties only ENHANCED_XML (and ADVANCED_XML) carry.
FORMAT_ONLY = frozenset({"sanctionsList", "listingDate", "authority"})
NAMES = ("name", "alias", "previousName", "weakAlias")

Values = dict[str, set[str]]


def _values(entity: Entity) -> Values:
    """Latin-script values by property, without the format-only properties."""
    out: Values = defaultdict(set)
    for value in entity.values:
        if value.lang is None and value.prop not in FORMAT_ONLY:
            out[value.prop].add(value.value)
    return out


def _by_id(name: str, file: str) -> dict[str, Entity]:
    result = get_source(name).read(LISTS / file)
    assert result.list_key == "us_ofac_cons"
    return {e.id: e for e in result.entities}


@pytest.fixture(scope="module")
def enhanced() -> dict[str, Entity]:
    return _by_id("us_ofac_enhanced_xml", "ofac_CONS_ENHANCED.ZIP")


@pytest.fixture(scope="module")
def sdnlist() -> dict[str, Entity]:
    return _by_id("us_ofac_xml", "ofac_consolidated.xml.gz")


@pytest.fixture(scope="module")
def legacy() -> dict[str, Entity]:
    return _by_id("us_ofac_cons_csv", "ofac_cons_prim.csv")


Change = tuple[str, str, frozenset[str], frozenset[str]]


def _changes(old: dict[str, Entity], new: dict[str, Entity], props: set[str]) -> set[Change]:
    """(id, prop, values only in old, values only in new) for the common ids."""
    out: set[Change] = set()
    for entity_id in set(old) & set(new):
        assert old[entity_id].schema == new[entity_id].schema, entity_id
        before, after = _values(old[entity_id]), _values(new[entity_id])
        for prop in props & (set(before) | set(after)):
            if before[prop] != after[prop]:
                out.add(
                    (
                        entity_id,
                        prop,
                        frozenset(before[prop] - after[prop]),
                        frozenset(after[prop] - before[prop]),
                    )
                )
    return out


def _c(entity: str, prop: str, old: list[str], new: list[str]) -> Change:
    return (f"us_ofac_cons-{entity}", prop, frozenset(old), frozenset(new))


_SECTION_11 = "See Section 11 of Executive Order 14024."
_EO13886 = "section 1(b) of Executive Order 13224, as amended by Executive Order 13886"


def test_ids(
    enhanced: dict[str, Entity], sdnlist: dict[str, Entity], legacy: dict[str, Entity]
) -> None:
    assert len(enhanced) == len(sdnlist) == 443
    assert set(enhanced) == set(sdnlist)
    # KAYAKIRAN, Evren (FSE-IR) is no longer on the list in December 2025.
    assert set(sdnlist) - set(legacy) == {"us_ofac_cons-26182"}
    assert set(legacy) <= set(sdnlist)


def test_enhanced_and_sdnlist_agree(
    enhanced: dict[str, Entity], sdnlist: dict[str, Entity]
) -> None:
    """January → March 2025: every value agrees except one real addition."""
    props = {p for e in (*enhanced.values(), *sdnlist.values()) for p in _values(e)}
    assert len(props) > 25
    assert _changes(enhanced, sdnlist, props) == {
        # OFAC added the EO 13886 secondary sanctions note to HAMMAD in February 2025.
        _c("9659", "secondarySanctions", [], [_EO13886]),
    }


def test_names_agree_with_legacy_csv(sdnlist: dict[str, Entity], legacy: dict[str, Entity]) -> None:
    """March → December 2025: names and aliases agree except OFAC's own edits."""
    assert _changes(sdnlist, legacy, set(NAMES)) == {
        _c("17248", "alias", [], ["PUBLIC JOINT-STOCK COMPANY OIL COMPANY LUKOIL"]),
        _c("18271", "alias", [], ["AO VCHNG"]),
        _c("18282", "alias", [], ["OJSC NOVOKUYBYSHEV REFINERY"]),
        _c("18284", "alias", [], ["LLC RN KOMSOMOLSKIY NPZ"]),
        _c("18284", "name", ["RN-KOMSOMOLSKY REFINERY LLC"], ["RN KOMSOMOLSKIY REFINERY LLC"]),
        _c("18290", "weakAlias", [], ["OAO SNPS"]),
        _c("18292", "weakAlias", [], ["JSC ANPZ VNK"]),
        _c(
            "18292",
            "alias",
            [],
            [
                "ACHINSK OIL REFINERY OF THE EASTERN OIL COMPANY",
                "JOINT STOCK COMPANY ACHINSK REFINERY OF EASTERN PETROLEUM COMPANY",
                "JSC ACHINSK OIL REFINERY VNK",
            ],
        ),
    }


def test_facts_agree_with_legacy_csv(sdnlist: dict[str, Entity], legacy: dict[str, Entity]) -> None:
    """Identifiers, dates, places, programs, relations: the only differences are the
    Russian refineries OFAC moved under EO 14024 in 2025 (new program, secondary
    sanctions, tax and registration numbers, addresses) and one program ended."""
    props = {
        "birthDate",
        "birthPlace",
        "nationality",
        "citizenship",
        "gender",
        "program",
        "secondarySanctions",
        "passportNumber",
        "idNumber",
        "taxNumber",
        "registrationNumber",
        "leiCode",
        "swiftBic",
        "email",
        "website",
        "address",
        "country",
        "linkedTo",
        "title",
        "position",
        "incorporationDate",
    }
    changes = _changes(sdnlist, legacy, props)
    moved = {"17022", "17248", "18267", "18269", "18271", "18274", "18276", "18282"}
    moved |= {"18284", "18290", "18292"}
    for entity in sorted(moved):
        assert _c(entity, "program", [], ["RUSSIA-EO14024"]) in changes
        assert _c(entity, "secondarySanctions", [], [_SECTION_11]) in changes
    rest = {
        c
        for c in changes
        if not (c[0][len("us_ofac_cons-") :] in moved and c[1] in props - {"address"})
    }
    assert rest == {
        _c("18782", "program", ["SYRIA"], []),
        _c(
            "18267",
            "address",
            [
                "Magistralnaya St., 2, Buzuluk, the Orenburg Region 461040, Russia",
                "st. Magistralynaya 2, Buzuluk 461040, Russia",
            ],
            ["St. Magistralynaya 2, Buzuluk 461040, Russia"],
        ),
        _c("18269", "address", [], ["Ul. Lenina D. 4, Nizhnevartovsk 628600, Russia"]),
        _c("18271", "address", [], ["Pr-Kt Bolshoi Liteinyi D. 3, Irkutsk 664007, Russia"]),
        _c(
            "18274",
            "address",
            [],
            [
                "Ul. 78 Dobrovolcheskoi Brigady D. 15, Pervaya Bashnya, Floor 9, "
                "Krasnoyarsk 660077, Russia",
                "Ul. Shadrina A.E. D. 20, Turukhansk 663230, Russia",
            ],
        ),
        _c(
            "18282",
            "address",
            ["Novokuibyshevsk, Samara region 446207, Russia"],
            ["Ul. Osipenko D. 12, Str. 1, Novokuybyshevsk, Samara Region 446207, Russia"],
        ),
    }
    # The other moved refineries only gained identifiers (LUKOIL also its LEI).
    identifier_changes = {
        c for c in changes - rest if c[1] not in {"program", "secondarySanctions"}
    }
    assert all(not c[2] for c in identifier_changes)  # nothing removed
    assert {c[1] for c in identifier_changes} == {"registrationNumber", "taxNumber", "leiCode"}
