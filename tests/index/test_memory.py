"""The in-memory index: build from real list entities, look-ups, search, persistence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from embargo.exc import IndexBuildError
from embargo.index.memory import FORMAT_VERSION, MemoryIndex, deletion_keys
from embargo.model.entity import Entity
from tests.conftest import BENCHMARK

#: Well-known records that the tests below look for.
KNOWN = {"us_ofac_sdn-35173", "us_ofac_sdn-22543", "us_ofac_sdn-20157", "us_ofac_sdn-44294"}


def reference_sample(limit: int = 2000) -> list[Entity]:
    """The first ``limit`` entities of the benchmark reference plus a few known ones."""
    out: list[Entity] = []
    with (BENCHMARK / "reference.ftm.jsonl").open(encoding="utf-8") as fh:
        for number, line in enumerate(fh):
            data = json.loads(line)
            if number < limit or data["id"] in KNOWN:
                out.append(Entity.from_ftm(data))
    return out


@pytest.fixture(scope="module")
def index() -> MemoryIndex:
    return MemoryIndex.build(reference_sample())


def test_build_counts(index: MemoryIndex) -> None:
    assert index.entity_count == 2000 + len(KNOWN)
    assert index.form_count >= index.entity_count
    assert len(index.vocab) == len(index.doc_freq) == len(index.vocab_symbols)
    assert set(index.entity_schemas) <= {"Person", "Organization", "Vessel", "Airplane"}


def test_entity_data(index: MemoryIndex) -> None:
    e = index.entity_ids.index("us_ofac_sdn-35173")
    assert index.entity_caption(e) == "SHOIGU, Sergei Kuzhugetovich"
    assert index.entity_list(e) == "us_ofac_sdn"
    assert [str(d) for d in index.entity_dates(e)] == ["1955-05-21"]
    assert index.entity_countries(e) == ("ru",)
    names = {index.form_name(f)[1] for f in index.entity_forms(e)}
    assert names == {"SHOIGU, Sergei Kuzhugetovich", "SHOYGU, Sergey Kuzhugetovich"}
    tokens = {index.vocab[t] for f in index.entity_forms(e) for t in index.form_tokens(f)}
    assert {"shoigu", "shoygu", "sergei", "sergey", "kuzhugetovich"} <= tokens


def test_neighbours_find_one_edit_and_phonetic_variants(index: MemoryIndex) -> None:
    vocab = index.vocab
    assert "shoigu" in {vocab[v] for v in index.neighbours("shoigu")}  # itself
    assert "shoigu" in {vocab[v] for v in index.neighbours("shoiguu")}  # insertion
    assert "shoigu" in {vocab[v] for v in index.neighbours("shiogu")}  # transposition
    assert "wagner" in {vocab[v] for v in index.neighbours("vagner")}  # phonetic key
    assert index.neighbours("zzzzzzqqq") == set()


def test_symbol_neighbours_cross_scripts(index: MemoryIndex) -> None:
    sergei = index.token_id("sergei")
    assert sergei is not None
    symbols = index.vocab_symbols[sergei]
    assert symbols
    assert index.token_id("sergey") in index.symbol_neighbours(symbols)


def test_search_ranks_the_entity_with_most_evidence_first(index: MemoryIndex) -> None:
    shoigu = index.token_id("shoigu")
    sergei = index.token_id("sergei")
    assert shoigu is not None and sergei is not None
    hits = index.search([[(shoigu, 9.0)], [(sergei, 3.0)]], limit=3)
    assert index.entity_id(hits[0].entity) == "us_ofac_sdn-35173"
    assert hits[0].evidence == pytest.approx(12.0)
    assert hits[0].forms  # the forms that hold the evidence
    none = index.search([[(shoigu, 9.0)]], schemata=frozenset({"Organization"}), limit=3)
    assert none == []


def test_identifier_lookup() -> None:
    vessel = Entity("test", "v1", "Vessel")
    vessel.add("name", "OCEAN STAR")
    vessel.add("imoNumber", "IMO 9123456")
    idx = MemoryIndex.build([vessel])
    assert idx.entities_by_identifier("9123456") == [0]
    assert idx.entities_by_identifier("1") == []


def test_save_and_load_round_trip(index: MemoryIndex, tmp_path: Path) -> None:
    path = tmp_path / "screener.idx"
    index.save(path)
    loaded = MemoryIndex.load(path)
    assert loaded.entity_ids == index.entity_ids
    assert loaded.vocab == index.vocab
    assert loaded.form_tokens(5) == index.form_tokens(5)
    assert loaded.neighbours("vagner") == index.neighbours("vagner")


def test_load_refuses_other_files(tmp_path: Path) -> None:
    bad = tmp_path / "x.idx"
    bad.write_bytes(b"not an index")
    with pytest.raises(IndexBuildError, match="not an embargo index"):
        MemoryIndex.load(bad)
    old = tmp_path / "old.idx"
    old.write_bytes(b"EMBARGO-INDEX\n" + f"{FORMAT_VERSION + 100}\n".encode() + b"x")
    with pytest.raises(IndexBuildError, match="rebuild it"):
        MemoryIndex.load(old)
    truncated = tmp_path / "t.idx"
    truncated.write_bytes(b"EMBARGO-INDEX\n" + f"{FORMAT_VERSION}\n".encode() + b"\x80\x05")
    with pytest.raises(IndexBuildError, match="corrupt"):
        MemoryIndex.load(truncated)
    with pytest.raises(IndexBuildError, match="cannot read"):
        MemoryIndex.load(tmp_path / "missing.idx")


def test_duplicate_entity_ids_are_refused() -> None:
    a = Entity("l", "1", "Person")
    a.add("name", "A B")
    with pytest.raises(IndexBuildError, match="duplicate"):
        MemoryIndex.build([a, a])


def test_deletion_keys() -> None:
    assert deletion_keys("ab") == ["ab"]
    assert deletion_keys("abc") == ["abc", "bc", "ac", "ab"]
