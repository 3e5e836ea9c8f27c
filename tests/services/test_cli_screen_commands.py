"""`embargo screen` and `embargo compare` through the CLI, on real lists."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from embargo.services.cli import app
from embargo.services.screening import ScreeningSnapshot
from tests.conftest import BENCHMARK

runner = CliRunner()


def test_screen_json_against_the_catalog(real_catalog: Path, snapshot: ScreeningSnapshot) -> None:
    result = runner.invoke(
        app,
        [
            "--catalog",
            str(real_catalog),
            "screen",
            "Sergei Shoigu",
            "--schema",
            "Person",
            "--json",
        ],  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["query"]["names"] == ["Sergei Shoigu"]
    top = body["results"][0]
    assert top["id"] == "us_ofac_sdn-35173" and top["match"] is True
    assert {"id", "caption", "schema", "score", "match", "explanation", "datasets"} <= set(top)
    scores = [r["score"] for r in body["results"]]
    assert scores == sorted(scores, reverse=True)
    assert all(r["match"] == (r["score"] >= body["threshold"]) for r in body["results"])
    assert body["list_versions"]["un_sc"].startswith("un_sc@2026-02-27")


def test_screen_threshold_and_list_key(real_catalog: Path, snapshot: ScreeningSnapshot) -> None:
    result = runner.invoke(
        app,
        [
            "--catalog",
            str(real_catalog),
            "screen",
            "Kim Jong Un",
            "--list-key",
            "un_sc",
            "--threshold",
            "0.99",
            "--json",
        ],  # fmt: skip
    )
    body = json.loads(result.stdout)
    assert body["threshold"] == 0.99
    assert all(r["datasets"] == ["un_sc"] for r in body["results"])


def test_screen_human_output(real_catalog: Path, snapshot: ScreeningSnapshot) -> None:
    result = runner.invoke(
        app, ["--catalog", str(real_catalog), "screen", "김정은"], env={"COLUMNS": "160"}
    )
    assert result.exit_code == 0
    assert "us_ofac_sdn-20157" in result.stdout


def test_screen_refuses_garbage(real_catalog: Path, snapshot: ScreeningSnapshot) -> None:
    result = runner.invoke(app, ["--catalog", str(real_catalog), "screen", "x" * 501])
    assert result.exit_code == 1
    assert "500" in result.stderr


def test_benchmark_contract(tmp_path: Path) -> None:
    reference = tmp_path / "reference.ftm.jsonl"
    wanted = {"us_ofac_sdn-35173", "us_ofac_sdn-20157"}
    lines = (BENCHMARK / "reference.ftm.jsonl").read_text("utf-8").splitlines()
    keep = [ln for ln in lines if json.loads(ln)["id"] in wanted] + lines[:300]
    reference.write_text("\n".join(keep) + "\n", "utf-8")
    queries = tmp_path / "queries.jsonl"
    queries.write_text(
        json.dumps({"id": "q1", "schema": "Person", "properties": {"name": ["Sergei Shoigu"]}})
        + "\n"
        + json.dumps({"id": "q2", "schema": "Person", "properties": {"name": ["Kim Jong Un"]}})
        + "\n",
        "utf-8",
    )
    out = tmp_path / "results.jsonl"
    result = runner.invoke(
        app, ["screen", "--list", str(reference), "--queries", str(queries), "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert [r["query_id"] for r in rows] == ["q1", "q2"]
    assert rows[0]["results"][0]["id"] == "us_ofac_sdn-35173"
    assert rows[1]["results"][0]["id"] == "us_ofac_sdn-20157"
    assert all(len(r["results"]) <= 10 for r in rows)
    assert all(set(h) == {"id", "score"} for r in rows for h in r["results"])


def test_compare_names_and_pairs(tmp_path: Path) -> None:
    one = runner.invoke(app, ["compare", "Kim Jong Un", "KIM, Jong Un", "--schema", "Person",
                              "--json"])  # fmt: skip
    assert one.exit_code == 0, one.output
    assert json.loads(one.stdout)["match"] is True
    other = runner.invoke(app, ["compare", "Kim Jong Il", "KIM, Jong Un", "--schema", "Person",
                                "--json"])  # fmt: skip
    assert json.loads(other.stdout)["match"] is False
    pairs = tmp_path / "pairs.jsonl"
    person = {"schema": "Person", "properties": {"name": ["Yevgeniy Prigozhin"]}}
    listed = {"schema": "Person", "properties": {"name": ["PRIGOZHIN, Yevgeniy Viktorovich"]}}
    vessel = {"schema": "Vessel", "properties": {"name": ["PRIGOZHIN"]}}
    pairs.write_text(
        json.dumps({"id": "p1", "a": person, "b": listed}) + "\n"
        + json.dumps({"id": "p2", "a": person, "b": vessel}) + "\n",
        "utf-8",
    )  # fmt: skip
    out = tmp_path / "scores.jsonl"
    result = runner.invoke(app, ["compare", "--pairs", str(pairs), "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert rows[0]["id"] == "p1" and rows[0]["match"] is True
    assert rows[1] == {"id": "p2", "score": 0.0, "match": False}
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "a": {}}\n', "utf-8")
    result = runner.invoke(app, ["compare", "--pairs", str(bad), "--output", str(out)])
    assert result.exit_code == 1 and "line 1" in result.stderr


def test_unknown_list_key_is_refused(real_catalog: Path, snapshot: ScreeningSnapshot) -> None:
    result = runner.invoke(
        app, ["--catalog", str(real_catalog), "screen", "Sergei Shoigu", "--list-key", "us_ofac"]
    )
    assert result.exit_code == 1
    assert "unknown list key(s) us_ofac" in result.stderr
    assert "us_ofac_sdn" in result.stderr
