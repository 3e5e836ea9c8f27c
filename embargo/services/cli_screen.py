"""``embargo screen`` and ``embargo compare``: the matching engine on the command line.

* ``embargo screen NAME [--schema S] [--birth-date D] [--country C] [--id X]
  [--threshold T] [--limit N] [--list-key K] [--json]`` screens one party against the
  current lists of the catalog (its screening index is cached next to the catalog
  and rebuilt when the catalog changes).
* ``embargo screen --list REFERENCE.ftm.jsonl --queries QUERIES.jsonl --output
  RESULTS.jsonl`` is the screening-benchmark contract: every query (an FtM-shaped
  object; only its ``schema`` and ``properties`` are read) is screened against that
  one FtM file, and one line ``{"query_id", "results": [{"id", "score"}, …]}`` is
  written per query, best first, at most ``--limit`` (10), no threshold applied.
  Without ``--list`` the queries run against the catalog.
* ``embargo compare A B [--schema S]`` compares two names;
  ``embargo compare --pairs PAIRS.jsonl --output SCORES.jsonl`` scores pairs of FtM
  entities (``{"id", "a", "b"}`` per line → ``{"id", "score", "match"}``).

An index built for a ``--list`` file is cached under ``$EMBARGO_HOME/cache/`` keyed by
the file's content and the index format, so repeated runs load it in a fraction of a
second.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from embargo.exc import IndexBuildError, InvalidEntity, QueryError
from embargo.index.memory import FORMAT_VERSION
from embargo.match import compare as compare_entities
from embargo.match.config import DEFAULT_CONFIG
from embargo.model.entity import Entity
from embargo.screen.party import Query, Screener, ScreenResult
from embargo.services.cli import (
    EXIT_USAGE,
    cli_errors,
    cli_state,
    console,
    err_console,
    fail,
    print_json,
)
from embargo.services.screening import check_list_keys

log = logging.getLogger(__name__)


def register(app: typer.Typer) -> None:
    """Add ``screen`` and ``compare`` to the core app."""
    app.command("screen")(screen_command)
    app.command("compare")(compare_command)


# -- screen ------------------------------------------------------------------------


def screen_command(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="Name to screen (any script).")] = None,
    schema: Annotated[
        str, typer.Option("--schema", "-s", help="Person, Organization, Vessel… (any party).")
    ] = "LegalEntity",
    birth_date: Annotated[
        list[str] | None, typer.Option("--birth-date", "-b", help="Birth date (ISO).")
    ] = None,
    country: Annotated[
        list[str] | None, typer.Option("--country", "-c", help="Nationality / country.")
    ] = None,
    identifier: Annotated[
        list[str] | None, typer.Option("--id", help="Identifier (passport, IMO, INN…).")
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option("--threshold", "-t", min=0.0, max=1.0, help="Alert threshold (0–1)."),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Most results.")] = 10,
    list_key: Annotated[
        list[str] | None, typer.Option("--list-key", "-k", help="Only these lists.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    list_file: Annotated[
        Path | None,
        typer.Option("--list", help="Screen against this FtM JSON-lines file alone."),
    ] = None,
    queries: Annotated[
        Path | None,
        typer.Option("--queries", help="JSON-lines file of FtM-shaped queries (batch mode)."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Results file (batch mode).")
    ] = None,
) -> None:
    """Screen a name, or a file of queries, against the lists."""
    if limit < 1:
        fail("--limit must be at least 1", EXIT_USAGE)
    if queries is None and name is None:
        fail("give a NAME to screen, or --queries FILE", EXIT_USAGE)
    if queries is not None and name is not None:
        fail("give either a NAME or --queries FILE, not both", EXIT_USAGE)
    with cli_errors():
        screener, versions = _screener(ctx, list_file)
        grouped = list_file is None
        if grouped:
            check_list_keys(list_key, versions)
        if queries is not None:
            if output is None:
                fail("--queries needs --output FILE", EXIT_USAGE)
            count, elapsed = _screen_file(screener, queries, output, limit, list_key)
            err_console.print(
                f"screened {count:,} queries in {elapsed:.1f} s "
                f"({count / max(elapsed, 1e-9):,.0f}/s) → {output}"
            )
            return
        assert name is not None
        query = Query(
            schema=schema,
            names=[name],
            birth_dates=birth_date or [],
            countries=country or [],
            identifiers=identifier or [],
        )
        # against the catalog, one target's records on several lists are one hit
        result = screener.screen(
            query, threshold=threshold, limit=limit, list_keys=list_key, group=grouped
        )
    for warning in result.warnings:
        err_console.print(f"[yellow]warning:[/] {escape(warning)}")
    if as_json:
        body = result.to_dict()
        if versions:
            body["list_versions"] = versions
        print_json(body)
    else:
        _print_result(result)


def _screener(ctx: typer.Context, list_file: Path | None) -> tuple[Screener, dict[str, str]]:
    """The screener of a ``--list`` file (cached index) or of the catalog's lists."""
    state = cli_state(ctx)
    if list_file is not None:
        return _list_screener(list_file, state.settings.home / "cache"), {}
    from embargo.services.screening import open_snapshot

    if not state.catalog_path.exists():
        fail(
            f"no catalog at {state.catalog_path}; load lists with `embargo load` "
            "or screen a file with --list"
        )
    snapshot = open_snapshot(
        state.catalog_path, progress=lambda msg: err_console.print(f"[dim]{msg}[/]")
    )
    return snapshot.screener, snapshot.list_versions


def _list_screener(path: Path, cache_dir: Path) -> Screener:
    """Build (or load from the cache) the screener of one FtM JSON-lines file."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    key = f"{digest.hexdigest()[:24]}-f{FORMAT_VERSION}-{DEFAULT_CONFIG.name}"
    cached = cache_dir / f"list-{key}.idx"
    if cached.exists():
        try:
            return Screener.load(cached)
        except IndexBuildError:
            log.warning("cached index %s is unreadable; rebuilding it", cached)
    err_console.print(f"[dim]indexing {path.name}[/]")
    screener = Screener.build(_ftm_entities(path))
    cache_dir.mkdir(parents=True, exist_ok=True)
    screener.save(cached)
    return screener


def _ftm_entities(path: Path) -> list[Entity]:
    """Entities of an FtM JSON-lines file, ids exactly as the file writes them.

    Read with the ``ftm_json`` parser (errors name the line). A file that mixes
    datasets loads as list ``ftm`` with the FtM id as record id; the entity is
    re-keyed to its own first dataset so that its id is the FtM id again and
    ``--list-key`` filters by dataset.
    """
    from embargo.sources import get_source

    parser = get_source("ftm_json")
    result = parser.read(path)
    out: list[Entity] = []
    for entity in result.entities:
        if entity.list_key == parser.LIST_KEY:
            ftm_id = entity.record_id
            key, sep, rest = ftm_id.partition("-")
            if sep and rest:
                entity.list_key, entity.record_id = key, rest
        out.append(entity)
    return out


def _read_queries(path: Path) -> Iterator[tuple[str, Query]]:
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise QueryError(f"{path}: line {number} is not JSON ({exc.msg})") from exc
            if not isinstance(data, dict) or "id" not in data:
                raise QueryError(f"{path}: line {number} is not a query object with an id")
            # only what a screening engine may see: schema and properties
            shaped = {"schema": data.get("schema"), "properties": data.get("properties")}
            try:
                yield str(data["id"]), Query.from_ftm(shaped)
            except QueryError as exc:
                raise QueryError(f"{path}: line {number}: {exc}") from exc


def _screen_file(
    screener: Screener,
    queries: Path,
    output: Path,
    limit: int,
    list_keys: list[str] | None,
) -> tuple[int, float]:
    started = time.perf_counter()
    count = 0
    tmp = output.with_name(output.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        for query_id, query in _read_queries(queries):
            # one result per listed record, as the benchmark contract asks
            result = screener.screen(
                query, limit=limit, list_keys=list_keys or None, explain_hits=False, group=False
            )
            _write_line(out, query_id, result)
            count += 1
    tmp.replace(output)
    return count, time.perf_counter() - started


def _write_line(out: IO[str], query_id: str, result: ScreenResult) -> None:
    hits = [{"id": h.id, "score": round(h.score, 6)} for h in result.results]
    out.write(json.dumps({"query_id": query_id, "results": hits}) + "\n")


def _print_result(result: ScreenResult) -> None:
    if not result.results:
        console.print("no listed party resembles the query")
        return
    table = Table(
        title=f"{', '.join(result.query.names)} ({result.query.schema})",
        caption=(
            f"threshold {result.threshold:.2f} · config "
            f"{result.config_name}@{result.config_version}"
        ),
    )
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("match", no_wrap=True)
    table.add_column("entity", overflow="fold")
    table.add_column("why", overflow="fold")
    for hit in result.results:
        table.add_row(
            f"{hit.score:.2f}",
            "[bold red]MATCH[/]" if hit.match else "",
            f"{escape(hit.caption)}\n[dim]{escape(hit.id)} · {hit.schema}[/]",
            escape(str(hit.explanation.get("summary", ""))),
        )
    console.print(table)


# -- compare -------------------------------------------------------------------------


def compare_command(
    name_a: Annotated[str | None, typer.Argument(help="First name (the query side).")] = None,
    name_b: Annotated[str | None, typer.Argument(help="Second name (the listed side).")] = None,
    schema: Annotated[
        str, typer.Option("--schema", "-s", help="Schema of both names.")
    ] = "LegalEntity",
    pairs: Annotated[
        Path | None,
        typer.Option("--pairs", help='JSON lines {"id", "a": FtM entity, "b": FtM entity}.'),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Scores file.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Compare two names, or score a file of entity pairs."""
    with cli_errors():
        if pairs is not None:
            if output is None:
                fail("--pairs needs --output FILE", EXIT_USAGE)
            count = _compare_file(pairs, output)
            err_console.print(f"scored {count:,} pairs → {output}")
            return
        if name_a is None or name_b is None:
            fail("give two names, or --pairs FILE", EXIT_USAGE)
        a = _named_entity("a", schema, name_a)
        b = _named_entity("b", schema, name_b)
        result = compare_entities(a, b)
    if as_json:
        print_json(result.to_dict())
        return
    verdict = "[bold red]MATCH[/]" if result.match else "no match"
    console.print(f"{result.score:.3f}  {verdict}  (threshold {result.threshold:.2f})")
    console.print(escape(str(result.explanation.get("summary", ""))))


def _named_entity(key: str, schema: str, name: str) -> Entity:
    entity = Entity(key, "1", schema)
    entity.add("name", name)
    return entity


def _compare_file(pairs: Path, output: Path) -> int:
    count = 0
    tmp = output.with_name(output.name + ".tmp")
    with pairs.open(encoding="utf-8") as src, tmp.open("w", encoding="utf-8") as out:
        for number, line in enumerate(src, start=1):
            if not line.strip():
                continue
            try:
                data: Any = json.loads(line)
                a = Entity.from_ftm({"id": "a", **data["a"]}, list_key="a")
                b = Entity.from_ftm({"id": "b", **data["b"]}, list_key="b")
            except (json.JSONDecodeError, KeyError, TypeError, InvalidEntity) as exc:
                message = f"{pairs}: line {number}: not a pair {{id, a, b}} ({exc})"
                raise QueryError(message) from exc
            result = compare_entities(a, b)
            row = {"id": data.get("id"), "score": round(result.score, 6), "match": result.match}
            out.write(json.dumps(row) + "\n")
            count += 1
    tmp.replace(output)
    return count
