"""`embargo screen --list/--queries` and `embargo compare` edge cases on real data.

Complements ``test_cli_screen_commands.py`` (catalog screening): the benchmark
contract reads only ``schema`` and ``properties`` of a query, caches the index of a
list file, refuses malformed input with the line number; compare scores pairs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from embargo.services.cli import app
from tests.conftest import BENCHMARK

runner = CliRunner()

WANTED = {"us_ofac_sdn-35173", "us_ofac_sdn-22543", "un_sc-QDi.422", "us_ofac_sdn-11459"}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A slice of the real benchmark reference: 400 records plus known ones."""
    path = tmp_path_factory.mktemp("ref") / "reference.ftm.jsonl"
    lines = (BENCHMARK / "reference.ftm.jsonl").read_text("utf-8").splitlines()
    keep = lines[:400] + [ln for ln in lines[400:] if json.loads(ln)["id"] in WANTED]
    path.write_text("\n".join(keep) + "\n", "utf-8")
    return path


def write_queries(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def run_contract(reference: Path, queries: Path, out: Path) -> list[dict[str, object]]:
    result = runner.invoke(
        app, ["screen", "--list", str(reference), "--queries", str(queries), "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    return [json.loads(x) for x in out.read_text("utf-8").splitlines()]


def test_contract_reads_only_schema_and_properties(reference: Path, tmp_path: Path) -> None:
    base = [
        {"id": "a", "schema": "Person", "properties": {"name": ["Шойгу Сергей"]}},
        {"id": "b", "schema": "Organization", "properties": {"name": ["Wagner Group"]}},
        {
            "id": "c",
            "schema": "Person",
            "properties": {"name": ["Mohammed Masood Azhar Alvi"], "birthDate": ["1968-07-10"]},
        },
    ]
    # the same queries with answers attached: an engine must not look at them
    leaky = [
        {**row, "expected": ["us_ofac_sdn-1"], "kind": "typo", "related": ["x"]} for row in base
    ]
    clean = run_contract(reference, write_queries(tmp_path / "q1.jsonl", base), tmp_path / "r1")
    dirty = run_contract(reference, write_queries(tmp_path / "q2.jsonl", leaky), tmp_path / "r2")
    assert clean == dirty
    assert clean[0]["results"][0]["id"] == "us_ofac_sdn-35173"  # type: ignore[index]
    assert clean[1]["results"][0]["id"] == "us_ofac_sdn-22543"  # type: ignore[index]
    # one result per record: the UN and OFAC records of one target both appear
    ids = [h["id"] for h in clean[2]["results"]]  # type: ignore[index]
    assert {"un_sc-QDi.422", "us_ofac_sdn-11459"} <= set(ids)
    for row in clean:
        scores = [h["score"] for h in row["results"]]  # type: ignore[union-attr]
        assert scores == sorted(scores, reverse=True)


def test_list_index_is_cached(reference: Path, tmp_path: Path) -> None:
    cache = Path(__import__("os").environ["EMBARGO_HOME"]) / "cache"
    queries = write_queries(
        tmp_path / "q.jsonl", [{"id": "x", "schema": "Person", "properties": {"name": ["A B"]}}]
    )
    run_contract(reference, queries, tmp_path / "r")
    cached = list(cache.glob("list-*.idx"))
    assert len(cached) == 1
    run_contract(reference, queries, tmp_path / "r2")
    assert list(cache.glob("list-*.idx")) == cached


def test_malformed_queries_name_the_line(reference: Path, tmp_path: Path) -> None:
    queries = tmp_path / "bad.jsonl"
    queries.write_text('{"id": "ok", "schema": "Person", "properties": {"name": ["X"]}}\n{oops\n')
    result = runner.invoke(
        app,
        [
            "screen",
            "--list",
            str(reference),
            "--queries",
            str(queries),
            "--output",
            str(tmp_path / "o"),
        ],
    )
    assert result.exit_code == 1
    assert "line 2" in result.output
    assert not (tmp_path / "o").exists()


def test_single_name_against_a_list_file(reference: Path) -> None:
    result = runner.invoke(
        app,
        ["screen", "ЧВК Вагнер", "--schema", "Organization", "--list", str(reference), "--json"],
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    top = body["results"][0]
    assert top["id"] == "us_ofac_sdn-22543" and top["match"] is True
    assert top["explanation"]["name"]["candidate"]
    assert body["config"]["name"] == "embargo-default"


def test_usage_errors() -> None:
    assert runner.invoke(app, ["screen"]).exit_code == 2
    assert runner.invoke(app, ["screen", "x", "--limit", "0"]).exit_code == 2
    assert runner.invoke(app, ["compare", "only one"]).exit_code == 2


def test_compare_pairs_file(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    shoigu = {"schema": "Person", "properties": {"name": ["SHOIGU, Sergei Kuzhugetovich"]}}
    rows = [
        {"id": 1, "a": {"schema": "Person", "properties": {"name": ["Шойгу Сергей"]}}, "b": shoigu},
        {"id": 2, "a": {"schema": "Person", "properties": {"name": ["Irina Shoigu"]}}, "b": shoigu},
    ]
    write_queries(pairs, rows)  # type: ignore[arg-type]
    out = tmp_path / "scores.jsonl"
    result = runner.invoke(app, ["compare", "--pairs", str(pairs), "--output", str(out)])
    assert result.exit_code == 0, result.output
    scores = [json.loads(x) for x in out.read_text().splitlines()]
    assert [s["id"] for s in scores] == [1, 2]
    assert scores[0]["match"] is True and scores[1]["match"] is False
    assert scores[0]["score"] > scores[1]["score"]
