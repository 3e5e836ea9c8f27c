"""FollowTheMoney JSON lines (entities and OpenSanctions deltas): golden excerpts, the
full bundled delta, the benchmark reference file, id round trips, bad input."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from embargo.exc import ParseError
from embargo.model.schema import SCHEMATA
from embargo.sources.base import ParseResult
from embargo.sources.ftm_json import FtmJson
from tests.conftest import BENCHMARK, FIXTURES, LISTS, Golden

DELTA = LISTS / "opensanctions_sanctions_entities.delta.json.gz"
REFERENCE = BENCHMARK / "reference.ftm.jsonl"
DELTA_EXCERPT = FIXTURES / "ftm_json" / "entities.delta_excerpt.json"
REFERENCE_EXCERPT = FIXTURES / "ftm_json" / "reference_excerpt.ftm.jsonl"


def raw_lines(path: Path) -> list[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="module")
def delta() -> ParseResult:
    return FtmJson(list_key="opensanctions").read(DELTA)


@pytest.fixture(scope="module")
def reference() -> ParseResult:
    return FtmJson(list_key="benchmark").read(REFERENCE)


def test_golden_delta_excerpt(golden: Golden) -> None:
    # 17 real lines: 5 ADD, 10 MOD, 2 DEL; 7 of them are parties.
    result = FtmJson(list_key="opensanctions").read(DELTA_EXCERPT)
    assert result.is_delta
    assert result.list_key == "opensanctions"
    assert result.published == "2024-05-30"
    assert result.count_by_schema() == {
        "Company": 1,
        "LegalEntity": 2,
        "Organization": 1,
        "Person": 3,
    }
    assert result.deleted_ids == [
        "opensanctions-NK-3MDjERC9RyRHv3wEq9xWe4",
        "opensanctions-addr-07fa94b5e9a9732c09c36810cc9b0742b0fbe994",
    ]
    assert result.skipped == {
        "unmodelled property wikidataId": 1,
        "addressEntity: Address not in the file": 6,
        "Sanction: subject not in the file": 1,
        "schema UnknownLink: not a screening entity": 1,
        "schema Ownership: not a screening entity": 1,
    }
    golden.check_entities(FtmJson.NAME, result.entities)


def test_golden_entity_excerpt(golden: Golden) -> None:
    # Eight lines of the benchmark reference: two lists in one file, so the file
    # names no key of its own and the FtM id is the record id, unchanged.
    result = FtmJson().read(REFERENCE_EXCERPT)
    assert not result.is_delta
    assert result.list_key == "ftm"
    assert result.published is None  # no last_change, no modifiedAt
    ids = [line["id"] for line in raw_lines(REFERENCE_EXCERPT)]
    assert [e.record_id for e in result.entities] == ids
    assert [e.id for e in result.entities] == [f"ftm-{i}" for i in ids]
    assert result.skipped == {}
    golden.check_entities(f"{FtmJson.NAME}_entities", result.entities)


@pytest.mark.slow
def test_full_delta_counts(delta: ParseResult) -> None:
    lines = raw_lines(DELTA)
    # SOURCES.md: 1,700 ops = 1,039 MOD + 571 DEL + 90 ADD.
    assert Counter(line["op"] for line in lines) == {"MOD": 1039, "DEL": 571, "ADD": 90}
    assert delta.is_delta
    assert delta.published == "2024-05-30"
    # Every DEL becomes a deleted id; ADD/MOD parties become entities.
    assert len(delta.deleted_ids) == 571
    assert len(set(delta.deleted_ids)) == 571
    assert delta.count_by_schema() == {
        "Company": 1,
        "LegalEntity": 27,
        "Organization": 97,
        "Person": 451,
    }
    # The other 553 ADD/MOD lines are folded or counted: 547 Sanction (8 of them
    # about an entity this delta does not touch), 2 Address, 2 UnknownLink,
    # 1 Passport, 1 Ownership.
    skipped = delta.skipped
    assert skipped["Sanction: subject not in the file"] == 8
    assert skipped["schema UnknownLink: not a screening entity"] == 2
    assert skipped["schema Ownership: not a screening entity"] == 1
    others = Counter(
        line["entity"]["schema"]
        for line in lines
        if line["op"] != "DEL" and line["entity"]["schema"] not in SCHEMATA
    )
    assert others == {
        "Sanction": 547,
        "Address": 2,
        "UnknownLink": 2,
        "Passport": 1,
        "Ownership": 1,
    }
    assert len(delta.entities) + sum(others.values()) + len(delta.deleted_ids) == 1700
    # Three birth years in the future (2504, 2810, 2506) are refused, not stored.
    assert skipped["birthDate: value rejected"] == 3
    # ADD and MOD lines both become entities (upserts).
    by_record = {e.record_id: e for e in delta.entities}
    added = [line for line in lines if line["op"] == "ADD" and line["entity"]["schema"] == "Person"]
    modified = [
        line for line in lines if line["op"] == "MOD" and line["entity"]["schema"] == "Person"
    ]
    assert (len(added), len(modified)) == (33, 418)
    assert all(line["entity"]["id"] in by_record for line in added + modified)


@pytest.mark.slow
def test_mod_carries_the_new_state(delta: ParseResult) -> None:
    """A MOD entity holds exactly the names and sanctions of its new version."""
    lines = {line["entity"]["id"]: line for line in raw_lines(DELTA)}
    mod = lines["NK-2XAfkJ9t2UuWnoRG5EBoYu"]  # MOD: Abdulhai Salek
    assert mod["op"] == "MOD"
    entity = next(e for e in delta.entities if e.record_id == "NK-2XAfkJ9t2UuWnoRG5EBoYu")
    assert entity.id == "opensanctions-NK-2XAfkJ9t2UuWnoRG5EBoYu"
    new = mod["entity"]["properties"]
    assert entity.get("name") == new["name"]
    assert entity.get("alias") == new["alias"]
    assert entity.get("birthDate") == new["birthDate"] == ["1965"]
    assert entity.get("nationality") == new["nationality"]
    # The programs come from the Sanction lines about this entity in the same delta.
    sanctions = [
        line["entity"]["properties"]
        for line in lines.values()
        if line["op"] != "DEL"
        and line["entity"]["schema"] == "Sanction"
        and "NK-2XAfkJ9t2UuWnoRG5EBoYu" in line["entity"]["properties"]["entity"]
    ]
    assert sanctions
    programs = {p for s in sanctions for p in s.get("program", [])}
    assert set(entity.get("program")) == programs


def test_last_line_of_an_id_wins(tmp_path: Path) -> None:
    lines = DELTA_EXCERPT.read_text(encoding="utf-8").splitlines()
    person = json.loads(lines[3])  # ADD Dini Ramadhani
    assert person["entity"]["id"] == "NK-Ld5SyGNpr7mmysNh4czCXJ"
    deleted = {"op": "DEL", "entity": {"id": person["entity"]["id"], "properties": {}}}
    path = tmp_path / "entities.delta.json"
    path.write_text("\n".join([lines[3], json.dumps(deleted)]) + "\n", encoding="utf-8")
    result = FtmJson(list_key="opensanctions").read(path)
    assert result.entities == []
    assert result.deleted_ids == ["opensanctions-NK-Ld5SyGNpr7mmysNh4czCXJ"]
    assert result.skipped["id repeated (last line wins)"] == 1


@pytest.mark.slow
def test_benchmark_reference(reference: ParseResult) -> None:
    # README of the benchmark: 15,235 entities, Airplane 360, Organization 6,827,
    # Person 7,234, Vessel 814.
    assert reference.list_key == "benchmark"
    assert reference.count_by_schema() == {
        "Airplane": 360,
        "Organization": 6827,
        "Person": 7234,
        "Vessel": 814,
    }
    assert reference.skipped == {}
    # The FtM id survives as the record id, character for character.
    ids = [line["id"] for line in raw_lines(REFERENCE)]
    assert [e.record_id for e in reference.entities] == ids
    assert len(set(ids)) == 15235
    assert all(e.id == f"benchmark-{e.record_id}" for e in reference.entities)
    records = {e.record_id: e for e in reference.entities}
    ri = records["un_sc-KPi.033"]
    assert (ri.schema, ri.get("name"), ri.get("birthDate")) == (
        "Person",
        ["RI WON HO"],
        ["1964-07-17"],
    )
    assert records["us_ofac_sdn-35173"].get("sanctionsList") == ["us_ofac_sdn"]
    # FtM writes IMO numbers as "IMO9187655"; embargo stores the digits.
    assert records["us_ofac_sdn-15037"].get("imoNumber") == ["9187655"]
    assert all(v.isdigit() for e in reference.entities for v in e.get("imoNumber"))


@pytest.mark.slow
def test_single_list_file_names_its_key(tmp_path: Path) -> None:
    """An export of one list keeps ``<list>-<record>`` ids as the entity ids."""
    text = REFERENCE.read_text(encoding="utf-8").splitlines()
    ofac = [line for line in text if '"datasets": ["us_ofac_sdn"]' in line]
    assert len(ofac) == 14280
    path = tmp_path / "us_ofac_sdn.ftm.jsonl"
    path.write_text("\n".join(ofac) + "\n", encoding="utf-8")
    ids = [json.loads(line)["id"] for line in ofac]
    for parser in (FtmJson(), FtmJson(list_key="us_ofac_sdn")):
        result = parser.read(path)
        assert result.list_key == "us_ofac_sdn"
        assert [e.id for e in result.entities] == ids
        assert result.entities[ids.index("us_ofac_sdn-35173")].record_id == "35173"

    # And embargo's own FtM export reads back to the same ids and values.
    exported = tmp_path / "export.ftm.jsonl"
    first = FtmJson().read(path).entities[:500]
    exported.write_text(
        "".join(json.dumps(e.to_ftm(), ensure_ascii=False) + "\n" for e in first),
        encoding="utf-8",
    )
    again = FtmJson().read(exported).entities
    assert [e.id for e in again] == [e.id for e in first]
    assert [e.properties for e in again] == [e.properties for e in first]


def test_wrapped_entity_lines(tmp_path: Path) -> None:
    """``{"entity": {...}}`` lines read like plain entity lines."""
    lines = REFERENCE_EXCERPT.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "wrapped.json"
    path.write_text("".join(f'{{"entity": {line}}}\n' for line in lines), encoding="utf-8")
    wrapped = FtmJson().read(path)
    plain = FtmJson().read(REFERENCE_EXCERPT)
    assert not wrapped.is_delta
    assert [e.to_dict() for e in wrapped.entities] == [e.to_dict() for e in plain.entities]


def test_malformed_line_names_its_number(tmp_path: Path) -> None:
    lines = DELTA_EXCERPT.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4][: len(lines[4]) // 2]
    path = tmp_path / "entities.delta.json"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ParseError) as info:
        FtmJson().read(path)
    assert info.value.line == 5
    assert str(path) in str(info.value)
    assert "line 5" in str(info.value)


def test_truncated_file_is_refused(tmp_path: Path) -> None:
    data = DELTA.read_bytes()
    broken = tmp_path / "entities.delta.json.gz"
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(ParseError) as info:
        FtmJson().read(broken)
    assert str(broken) in str(info.value)

    plain = tmp_path / "entities.delta.json"
    text = gzip.decompress(data)
    plain.write_bytes(text[: len(text) // 2])
    with pytest.raises(ParseError) as info:
        FtmJson().read(plain)
    assert str(plain) in str(info.value)
    assert "malformed JSON" in str(info.value)


def test_wrong_format_is_refused(tmp_path: Path) -> None:
    other = LISTS / "us_congress_senzing.json.gz"  # JSON lines, but Senzing records
    with pytest.raises(ParseError) as info:
        FtmJson().read(other)
    assert str(other) in str(info.value)
    assert "line 1" in str(info.value)

    page = tmp_path / "entities.ftm.json"
    page.write_text(
        "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head></html>\n",
        encoding="utf-8",
    )
    with pytest.raises(ParseError) as info:
        FtmJson().read(page)
    assert str(page) in str(info.value)


def test_sniffing_entity_file() -> None:
    """A plain entity file (no ``op``) is recognised too; bundled files: test_registry."""
    head = REFERENCE_EXCERPT.read_bytes()
    assert FtmJson.sniff(REFERENCE_EXCERPT, head)
