"""CLI commands of the matching engine: ``embargo screen`` and ``embargo compare``.

``embargo screen NAME`` screens one party against the catalog's current lists (the
cached screening snapshot, see `embargo.services.screening`). ``embargo screen --list
REFERENCE.ftm.jsonl --queries QUERIES.jsonl --output RESULTS.jsonl`` is the screening
benchmark's contract (``shared/bench/README.md``): screen against that FtM file alone
and write up to ten scored results per query, no threshold applied.

``embargo compare A B`` scores two names; ``embargo compare --pairs PAIRS.jsonl
--output SCORES.jsonl`` scores FtM entity pairs, one JSON line each.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from embargo.exc import EmbargoError, QueryError
from embargo.match import compare as compare_entities
from embargo.model.entity import Entity
from embargo.screen.party import Query, Screener, load_ftm_entities
from embargo.services.cli import cli_errors, cli_state, console, err_console, fail, print_json
from embargo.services.screening import open_snapshot

#: Most results the benchmark contract asks for.
BENCHMARK_LIMIT = 10


def _print_result(body: dict[str, Any]) -> None:
    query = body["query"]
    title = f"{' / '.join(query.get('names', []))} ({query.get('schema')})"
    table = Table(title=escape(title))
    for col in ("#", "entity", "caption", "schema", "score", "match", "why"):
        table.add_column(col, overflow="fold", no_wrap=col in ("entity", "score"))
    for rank, hit in enumerate(body["results"], start=1):
        summary = (hit.get("explanation") or {}).get("summary", "")
        table.add_row(
            str(rank),
            hit["id"],
            escape(hit["caption"]),
            hit["schema"],
            f"{hit['score']:.3f}",
            "[red]yes" if hit["match"] else "no",
            escape(summary),
        )
    console.print(table)
    cfg = body.get("config", {})
    versions = ", ".join(body.get("list_versions", {}).values())
    console.print(
        f"[dim]threshold {body['threshold']} · {cfg.get('name')}@{cfg.get('version')} · "
        f"{escape(versions)}"
    )


def _benchmark(reference: Path, queries: Path, output: Path, limit: int) -> dict[str, Any]:
    started = time.perf_counter()
    screener = Screener.build(load_ftm_entities(reference))
    built = time.perf_counter() - started
    count = 0
    started = time.perf_counter()
    with queries.open(encoding="utf-8") as src, output.open("w", encoding="utf-8") as out:
        for number, line in enumerate(src, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                query = Query.from_ftm(
                    {"schema": data.get("schema"), "properties": data.get("properties")}
                )
            except (json.JSONDecodeError, QueryError) as exc:
                raise QueryError(f"{queries}: line {number}: {exc}") from exc
            result = screener.screen(query, limit=limit, explain_hits=False)
            hits = [{"id": h.id, "score": round(h.score, 6)} for h in result.results]
            out.write(json.dumps({"query_id": data.get("id"), "results": hits}) + "\n")
            count += 1
    took = time.perf_counter() - started
    return {
        "queries": count,
        "index_seconds": round(built, 2),
        "screen_seconds": round(took, 2),
        "queries_per_second": round(count / took, 1) if took else None,
        "output": str(output),
    }


def register(app: typer.Typer) -> None:
    """Add screen and compare to the CLI."""

    @app.command()
    def screen(
        ctx: typer.Context,
        name: Annotated[str | None, typer.Argument(help="Name to screen (any script).")] = None,
        schema: Annotated[str, typer.Option(help="Person, Organization, Vessel…")] = "LegalEntity",
        birth_date: Annotated[list[str] | None, typer.Option("--birth-date")] = None,
        country: Annotated[list[str] | None, typer.Option("--country")] = None,
        identifier: Annotated[list[str] | None, typer.Option("--id", help="Identifier.")] = None,
        threshold: Annotated[float | None, typer.Option(min=0.0, max=1.0)] = None,
        limit: Annotated[int, typer.Option(min=1, max=100)] = 10,
        list_key: Annotated[list[str] | None, typer.Option("--list-key")] = None,
        as_json: Annotated[bool, typer.Option("--json")] = False,
        reference: Annotated[
            Path | None, typer.Option("--list", help="Screen against this FtM file alone.")
        ] = None,
        queries: Annotated[
            Path | None, typer.Option(help="Benchmark queries (JSON lines).")
        ] = None,
        output: Annotated[Path | None, typer.Option(help="Benchmark results file.")] = None,
    ) -> None:
        """Screen a name against the lists (or run the benchmark contract with --list)."""
        if reference is not None or queries is not None:
            if reference is None or queries is None or output is None:
                fail("--list, --queries and --output go together", code=2)
            with cli_errors():
                summary = _benchmark(reference, queries, output, BENCHMARK_LIMIT)
            err_console.print(
                f"{summary['queries']} queries in {summary['screen_seconds']} s "
                f"({summary['queries_per_second']}/s); index {summary['index_seconds']} s"
            )
            if as_json:
                print_json(summary)
            return
        if not name:
            fail("give a NAME to screen (or --list/--queries/--output)", code=2)
        state = cli_state(ctx)
        if not state.catalog_path.exists():
            fail(f"no catalog at {state.catalog_path}: load lists first (embargo load / make demo)")
        with cli_errors():
            snapshot = open_snapshot(
                state.catalog_path, progress=lambda msg: err_console.print(f"[dim]{escape(msg)}")
            )
            query = Query(
                schema=schema,
                names=[name],
                birth_dates=birth_date or [],
                countries=country or [],
                identifiers=identifier or [],
            )
            result = snapshot.screen(query, threshold=threshold, limit=limit, list_keys=list_key)
        body = snapshot.result_dict(result)
        if as_json:
            print_json(body)
        else:
            _print_result(body)

    @app.command()
    def compare(
        a: Annotated[str | None, typer.Argument(help="First name.")] = None,
        b: Annotated[str | None, typer.Argument(help="Second name.")] = None,
        schema: Annotated[str, typer.Option()] = "LegalEntity",
        pairs: Annotated[
            Path | None, typer.Option(help="JSON lines {id, a, b} of FtM entities.")
        ] = None,
        output: Annotated[Path | None, typer.Option(help="Scores file (with --pairs).")] = None,
        as_json: Annotated[bool, typer.Option("--json")] = False,
    ) -> None:
        """Score two names, or every pair of FtM entities in a file."""
        if pairs is not None:
            with cli_errors():
                count = _compare_pairs(pairs, output)
            err_console.print(f"{count} pairs scored")
            return
        if not a or not b:
            fail("give two names, or --pairs FILE --output FILE", code=2)
        with cli_errors():
            left = Entity.from_ftm(
                {"id": "a", "schema": schema, "properties": {"name": [a]}}, list_key="query"
            )
            right = Entity.from_ftm(
                {"id": "b", "schema": schema, "properties": {"name": [b]}}, list_key="query"
            )
            comparison = compare_entities(left, right)
        body = {"a": a, "b": b, **comparison.to_dict()}
        if as_json:
            print_json(body)
            return
        verdict = "[red]match" if comparison.match else "no match"
        console.print(f"{escape(a)} ⇄ {escape(b)}: {comparison.score:.3f} ({verdict})")
        summary = comparison.explanation.get("summary")
        if summary:
            console.print(escape(str(summary)))


def _compare_pairs(pairs: Path, output: Path | None) -> int:
    out = output.open("w", encoding="utf-8") if output is not None else sys.stdout
    count = 0
    try:
        with pairs.open(encoding="utf-8") as src:
            for number, line in enumerate(src, start=1):
                if not line.strip():
                    continue
                try:
                    data = json.loads(line)
                    left = Entity.from_ftm({"id": "a", **data["a"]}, list_key="a")
                    right = Entity.from_ftm({"id": "b", **data["b"]}, list_key="b")
                except (json.JSONDecodeError, KeyError, TypeError) as exc:
                    raise QueryError(
                        f"{pairs}: line {number}: expected {{id, a, b}}: {exc}"
                    ) from exc
                except EmbargoError as exc:  # invalid entity (schema, property)
                    raise QueryError(f"{pairs}: line {number}: {exc}") from exc
                comparison = compare_entities(left, right)
                row = {
                    "id": data.get("id"),
                    "score": round(comparison.score, 6),
                    "match": comparison.match,
                }
                out.write(json.dumps(row) + "\n")
                count += 1
    finally:
        if output is not None:
            out.close()
    return count
