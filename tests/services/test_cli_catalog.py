"""The catalog commands of the ``embargo`` CLI, run in-process with Typer's CliRunner.

Real list files throughout; ``update`` downloads from a real HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from embargo.services import cli
from embargo.services.cli import app
from tests.catalog.conftest import HTML_ERROR_PAGE, ListServer, Route, un_xml_bytes
from tests.conftest import EXCERPTS, LISTS

UN_FULL = LISTS / "un_consolidated.xml.gz"
UN_EXCERPT = EXCERPTS / "un_consolidated_excerpt.xml"

runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, list(args), env=env)


def one_error_line(result: Result) -> str:
    """The command failed with exactly one line on stderr and no traceback."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.output + result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def un_catalog_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "catalog.duckdb"
    result = run("--catalog", str(path), "load", str(UN_FULL))
    assert result.exit_code == 0, result.output + result.stderr
    return path


@pytest.fixture
def db(un_catalog_template: Path, tmp_path: Path) -> str:
    """Path of a catalog holding the full UN list (2026-02-27)."""
    path = tmp_path / "catalog.duckdb"
    shutil.copyfile(un_catalog_template, path)
    return str(path)


@pytest.fixture
def db2(db: str) -> str:
    """The UN catalog plus the 2026-09-09 publication (7 records) as current version."""
    result = run("--catalog", db, "load", "--force", str(UN_EXCERPT))
    assert result.exit_code == 0, result.stderr
    return db


def test_load_prints_a_table_and_json(tmp_path: Path) -> None:
    path = str(tmp_path / "c.duckdb")
    result = run("--catalog", path, "load", str(UN_FULL))
    assert result.exit_code == 0, result.stderr
    assert "un_sc" in result.stdout and "loaded" in result.stdout and "1003" in result.stdout
    again = run("--catalog", path, "load", "--json", str(UN_FULL))
    assert again.exit_code == 0
    (row,) = json.loads(again.stdout)
    assert row["status"] == "unchanged"
    assert row["path"] == str(UN_FULL)
    assert row["version"].startswith("un_sc@2026-02-27#")
    assert row["message"] == f"un_sc: already loaded as {row['version']}"


def test_load_refusals_exit_1_with_one_line(db: str, tmp_path: Path) -> None:
    refused = run("--catalog", db, "load", str(UN_EXCERPT))
    assert refused.exit_code == 1
    line = one_error_line(refused)
    assert "un_sc: the new version has 7 entities, 99% fewer" in line
    truncated = tmp_path / "consolidated.xml"
    truncated.write_bytes(un_xml_bytes()[:100_000])
    bad = run("--catalog", db, "load", "--format", "un", "--json", str(truncated))
    assert bad.exit_code == 1
    assert str(truncated) in one_error_line(bad)
    (row,) = json.loads(bad.stdout)
    assert row["status"] == "failed" and str(truncated) in row["error"]
    listed = json.loads(run("--catalog", db, "lists", "--json").stdout)
    assert [(r["list_key"], r["entities"]) for r in listed] == [("un_sc", 1003)]


def test_load_continues_after_a_failed_file(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(HTML_ERROR_PAGE)
    path = str(tmp_path / "c.duckdb")
    result = run("--catalog", path, "load", "--json", str(page), str(UN_EXCERPT))
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    assert [r["status"] for r in rows] == ["failed", "loaded"]
    assert "cannot tell the list format" in rows[0]["error"]


def test_lists_json_shape(db2: str) -> None:
    result = run("--catalog", db2, "lists", "--json")
    assert result.exit_code == 0
    (row,) = json.loads(result.stdout)
    assert {"list_key", "version", "published", "loaded_at", "entities", "by_schema"} <= set(row)
    assert row["list_key"] == "un_sc"
    assert row["published"] == "2026-09-09"
    assert row["entities"] == 7
    assert row["by_schema"] == {"Organization": 3, "Person": 4}
    assert row["version"].startswith("un_sc@2026-09-09#")
    human = run("--catalog", db2, "lists")
    assert "un_sc@2026-09-09#" in human.stdout and "Person 4" in human.stdout


def test_versions(db2: str) -> None:
    rows = json.loads(run("--catalog", db2, "versions", "un_sc", "--json").stdout)
    assert [(r["published"], r["entities"], r["current"], r["forced"]) for r in rows] == [
        ("2026-02-27", 1003, False, False),
        ("2026-09-09", 7, True, True),
    ]
    assert rows[0]["files"][0]["name"] == "un_consolidated.xml.gz"
    human = run("--catalog", db2, "versions", "un_sc")
    assert "* un_sc@2026-09-09#" in human.stdout and "forced" in human.stdout
    unknown = run("--catalog", db2, "versions", "eu_fsf")
    assert unknown.exit_code == 1
    assert "list 'eu_fsf' is not in the catalog (lists: un_sc)" in one_error_line(unknown)


def test_show_human_and_json(db2: str) -> None:
    human = run("--catalog", db2, "show", "un_sc-QDi.335")
    assert human.exit_code == 0, human.stderr
    out = human.stdout
    assert out.startswith("‘ABD AL-RAHMAN KHALAF ‘UBAYD JUDAY’ AL-‘ANIZI  un_sc-QDi.335 (Person)")
    assert "273030601222" in out and "National" in out and "kw" in out
    assert "version un_sc@2026-09-09#" in out and "(current)" in out
    assert "un_consolidated_excerpt.xml" in out

    data = json.loads(run("--catalog", db2, "show", "un_sc-QDi.335", "--json").stdout)
    assert data["id"] == "un_sc-QDi.335" and data["schema"] == "Person"
    assert data["version"] == data["provenance"]["version"]
    assert data["provenance"]["published"] == "2026-09-09"
    ids = [v for v in data["values"] if v["prop"] == "idNumber"]
    assert ids == [
        {
            "prop": "idNumber",
            "value": "273030601222",
            "country": "kw",
            "note": "National Identification Number",
        }
    ]


def test_show_other_version_and_missing(db2: str) -> None:
    versions = json.loads(run("--catalog", db2, "versions", "un_sc", "--json").stdout)
    first = versions[0]["version"]
    old = json.loads(
        run("--catalog", db2, "show", "un_sc-QDi.335", "--version", first, "--json").stdout
    )
    notes = [v["value"] for v in old["values"] if v["prop"] == "notes"]
    assert "Review pursuant to Security Council resolution 2253 (2015)" in notes[0]
    gone = run("--catalog", db2, "show", "un_sc-KPi.033")
    assert gone.exit_code == 1
    assert one_error_line(gone) == (
        f"error: entity un_sc-KPi.033 is not in the current version of its list; last in {first}"
    )
    bad_version = run("--catalog", db2, "show", "un_sc-KPi.033", "--version", "nope")
    assert bad_version.exit_code == 1
    assert "unknown version 'nope'" in one_error_line(bad_version)


def test_diff_human_and_json(db2: str) -> None:
    data = json.loads(run("--catalog", db2, "diff", "un_sc", "--json").stdout)
    assert (len(data["added"]), len(data["removed"]), len(data["changed"])) == (0, 996, 5)
    assert data["changed"][2]["id"] == "un_sc-QDi.335"
    human = run("--catalog", db2, "diff", "un_sc", "--limit", "1")
    assert human.exit_code == 0
    assert "0 added, 996 removed, 5 changed, 2 unchanged" in human.stdout
    assert "995 more" in human.stdout and "4 more" in human.stdout
    # explicit versions, reversed
    versions = [
        v["version"]
        for v in json.loads(run("--catalog", db2, "versions", "un_sc", "--json").stdout)
    ]
    reverse = json.loads(
        run("--catalog", db2, "diff", "un_sc", versions[1], versions[0], "--json").stdout
    )
    assert len(reverse["added"]) == 996
    wrong = run("--catalog", db2, "diff", "un_sc", "un_sc@2020-01-01#00000000")
    assert wrong.exit_code == 1 and "is not a version of list 'un_sc'" in one_error_line(wrong)


def test_export_ftm(db2: str, tmp_path: Path) -> None:
    out = tmp_path / "out" / "un.ftm.json"
    result = run("--catalog", db2, "export", "--list-key", "un_sc", "--output", str(out))
    assert result.exit_code == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 7
    assert {json.loads(line)["id"] for line in lines} >= {"un_sc-QDi.335", "un_sc-KPe.033"}
    assert "exported 7 entities" in result.stderr
    assert [p.name for p in out.parent.iterdir()] == ["un.ftm.json"]
    unknown = run("--catalog", db2, "export", "--list-key", "nope", "--output", str(out))
    assert unknown.exit_code == 1 and "'nope' is not in the catalog" in one_error_line(unknown)
    assert len(out.read_text(encoding="utf-8").splitlines()) == 7  # untouched
    stdout = run("--catalog", db2, "export", "--output", "-")
    assert len(stdout.stdout.splitlines()) == 7


@pytest.mark.parametrize(
    "args",
    [
        ["show"],
        ["load"],
        ["diff"],
        ["lists", "--no-such-option"],
        ["no-such-command"],
        ["diff", "un_sc", "--limit", "-1"],
    ],
)
def test_usage_errors_exit_2(args: list[str], tmp_path: Path) -> None:
    result = run("--catalog", str(tmp_path / "c.duckdb"), *args)
    assert result.exit_code == 2


def test_catalog_location_from_environment(db: str, tmp_path: Path) -> None:
    by_env = run("lists", "--json", env={"EMBARGO_CATALOG": db})
    assert [r["list_key"] for r in json.loads(by_env.stdout)] == ["un_sc"]
    home = tmp_path / "home"
    home.mkdir()
    shutil.copyfile(db, home / "catalog.duckdb")
    by_home = run("lists", "--json", env={"EMBARGO_HOME": str(home)})
    assert [r["list_key"] for r in json.loads(by_home.stdout)] == ["un_sc"]
    missing = run("lists", env={"EMBARGO_HOME": str(tmp_path / "nowhere")})
    assert missing.exit_code == 1
    assert "no catalog at" in one_error_line(missing)


def test_invalid_settings_exit_1(tmp_path: Path) -> None:
    result = run(
        "--catalog",
        str(tmp_path / "c.duckdb"),
        "lists",
        env={"EMBARGO_SANITY_MAX_DROP": "2", "EMBARGO_HTTP_TIMEOUT": "x"},
    )
    assert result.exit_code == 1
    line = one_error_line(result)
    assert "EMBARGO_SANITY_MAX_DROP='2'" in line and "EMBARGO_HTTP_TIMEOUT='x'" in line


def test_sanity_threshold_from_settings(db: str) -> None:
    result = run("--catalog", db, "load", str(UN_EXCERPT), env={"EMBARGO_SANITY_MAX_DROP": "1"})
    assert result.exit_code == 0, result.stderr


def test_update_from_a_local_server(tmp_path: Path) -> None:
    server = ListServer()
    server.start()
    try:
        url = server.serve("/consolidated.xml", Route(un_xml_bytes()))
        path = str(tmp_path / "c.duckdb")
        env = {"EMBARGO_URL_UN_SC": url}
        first = run("--catalog", path, "update", "un_sc", "--json", env=env)
        assert first.exit_code == 0, first.stderr
        (row,) = json.loads(first.stdout)
        assert row["status"] == "loaded" and row["entities"] == 1003 and row["urls"] == [url]
        # no list named: every loaded list with an address
        second = run("--catalog", path, "update", env=env)
        assert second.exit_code == 0
        assert "unchanged" in second.stdout
        server.serve("/consolidated.xml", Route(HTML_ERROR_PAGE))
        server.serve(
            "/dpl.txt",
            Route(gzip.decompress(gzip.compress((LISTS / "us_bis_dpl.txt").read_bytes()))),
        )
        env["EMBARGO_URL_US_BIS_DPL"] = server.url("/dpl.txt")
        third = run("--catalog", path, "update", "un_sc", "us_bis_dpl", "--json", env=env)
        assert third.exit_code == 1
        rows = {r["list_key"]: r for r in json.loads(third.stdout)}
        assert rows["un_sc"]["status"] == "failed"
        assert "HTML page" in rows["un_sc"]["message"]
        assert rows["un_sc"]["version"] == row["version"]
        assert rows["us_bis_dpl"]["status"] == "loaded"
        unknown = run("--catalog", path, "update", "nowhere_list", env=env)
        assert unknown.exit_code == 1
        assert "no download address for nowhere_list" in one_error_line(unknown)
    finally:
        server.stop()


def test_command_modules_are_registered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "embargo_cli_ext_ok.py").write_text(
        textwrap.dedent(
            """
            import typer

            def register(app: typer.Typer) -> None:
                @app.command()
                def hello(name: str) -> None:
                    typer.echo(f"hello {name}")
            """
        ),
        encoding="utf-8",
    )
    (tmp_path / "embargo_cli_ext_broken.py").write_text(
        "import embargo_no_such_dependency\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    target = typer.Typer()

    @target.callback()
    def _root() -> None:
        pass

    monkeypatch.setattr(cli, "_COMMAND_MODULES", ("embargo_cli_ext_missing", "embargo_cli_ext_ok"))
    cli._register_command_modules(target)
    assert runner.invoke(target, ["hello", "ana"]).stdout == "hello ana\n"
    monkeypatch.setattr(cli, "_COMMAND_MODULES", ("embargo_cli_ext_broken",))
    with pytest.raises(ModuleNotFoundError, match="embargo_no_such_dependency"):
        cli._register_command_modules(typer.Typer())


def test_main_logs_to_stderr_only_with_verbose(db: str) -> None:
    code = "import sys; from embargo.services.cli import main; main(sys.argv[1:])"
    quiet = subprocess.run(
        [sys.executable, "-c", code, "--catalog", db, "load", str(UN_FULL)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stderr == ""
    verbose = subprocess.run(
        [sys.executable, "-c", code, "--catalog", db, "-v", "load", str(UN_FULL)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert verbose.returncode == 0, verbose.stderr
    assert "INFO embargo.catalog.store: un_sc: already loaded as un_sc@" in verbose.stderr
    assert verbose.stdout == quiet.stdout
    assert "already loaded" in verbose.stdout
