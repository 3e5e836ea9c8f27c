"""The ``embargo`` command line: load, inspect, diff, export and update the lists.

A thin layer over `embargo.catalog`: every command opens the catalog, calls one or two
library functions and prints the result, as a rich table for people or as JSON
(``--json``) for programs. Reading commands open the catalog read-only, so several
can run while no load or update writes.

Exit codes (mapped here, in one place): 0 success; 1 refused or failed input (a
file that is not the expected format, a sanity check, an unknown list or version, a
failed download); 2 usage errors (missing argument, unknown option). Errors print one
line to stderr, without a traceback (``-v`` logs details at DEBUG level).

Other command groups live in their own modules (``embargo/services/cli_screen.py``
…) that expose ``register(app: typer.Typer) -> None``; list them in
`_COMMAND_MODULES`. They use `cli_state`, `open_catalog`, `cli_errors`, `print_json`
and the two consoles from this module so every command behaves alike.
"""

from __future__ import annotations

import contextlib
import difflib
import importlib
import json
import logging
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, NoReturn

import httpx
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from embargo.catalog import Catalog, ListDiff
from embargo.catalog.models import VersionInfoDict
from embargo.catalog.update import (
    DownloadSpec,
    UpdateEvent,
    UpdateResult,
    UpdateStatus,
    default_downloads,
    update,
)
from embargo.exc import EmbargoError
from embargo.model.entity import Entity
from embargo.settings import Settings, load_settings

log = logging.getLogger(__name__)

#: Modules that add commands with ``register(app)``; a module that does not exist
#: (yet) is skipped, any other import error is raised.
_COMMAND_MODULES: tuple[str, ...] = (
    "embargo.services.cli_screen",
    "embargo.services.cli_service",
    "embargo.services.cli_scan",
)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

#: Standard output for results; standard error for progress and errors.
console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

app = typer.Typer(
    name="embargo",
    help="Sanctions and export-control lists: load, version, diff, update, screen.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


@dataclass(frozen=True, slots=True)
class CliState:
    """What the global options decided, shared by every command."""

    settings: Settings
    catalog_path: Path
    verbose: bool


def fail(message: str, code: int = EXIT_FAILED) -> NoReturn:
    """Print one error line to stderr and exit with ``code``."""
    typer.echo(f"error: {' '.join(message.split())}", err=True)
    raise typer.Exit(code)


@contextlib.contextmanager
def cli_errors() -> Iterator[None]:
    """Turn embargo's refusals and file errors into one line on stderr and exit 1."""
    try:
        yield
    except EmbargoError as exc:
        log.debug("command failed", exc_info=True)
        fail(str(exc))
    except OSError as exc:
        log.debug("command failed", exc_info=True)
        where = f": {exc.filename}" if exc.filename else ""
        fail(f"{exc.strerror or exc}{where}")


def cli_state(ctx: typer.Context) -> CliState:
    """The state the global callback stored (settings, catalog path)."""
    state = ctx.find_root().obj
    if not isinstance(state, CliState):  # pragma: no cover - the callback always runs
        raise RuntimeError("embargo CLI state missing")
    return state


def open_catalog(ctx: typer.Context, *, read_only: bool = True) -> Catalog:
    """Open the catalog chosen by ``--catalog`` / ``EMBARGO_CATALOG`` / ``EMBARGO_HOME``."""
    state = cli_state(ctx)
    return Catalog(
        state.catalog_path,
        read_only=read_only,
        max_drop=state.settings.sanity_max_drop,
    )


def print_json(data: Any) -> None:
    """Machine output: JSON on stdout, never wrapped or coloured."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _progress(*columns: Any) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        *columns,
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    )


@app.callback()
def _main_options(
    ctx: typer.Context,
    catalog: Annotated[
        Path | None,
        typer.Option(
            "--catalog",
            envvar="EMBARGO_CATALOG",
            help="Catalog database file \\[default: $EMBARGO_HOME/catalog.duckdb].",
            show_default=False,
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log details (DEBUG) to stderr.")
    ] = False,
) -> None:
    """Sanctions and export-control lists: load, version, diff, update, screen."""
    logging.getLogger("embargo").setLevel(logging.DEBUG if verbose else logging.NOTSET)
    with cli_errors():
        settings = load_settings()
    ctx.obj = CliState(settings, catalog or settings.catalog_path, verbose)


# -- load ------------------------------------------------------------------------


@app.command()
def load(
    ctx: typer.Context,
    paths: Annotated[
        list[Path], typer.Argument(help="Publication files (the primary file of each).")
    ],
    format: Annotated[
        str | None,
        typer.Option("--format", "-f", help="Parser name; default: recognised by content."),
    ] = None,
    list_key: Annotated[
        str | None, typer.Option("--list-key", "-k", help="Load into this list.")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Load even if the sanity check fails.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Load list publications, each as a new version of its list (atomically)."""
    rows: list[dict[str, Any]] = []
    failed = 0
    with cli_errors(), open_catalog(ctx, read_only=False) as catalog:
        with _progress(BarColumn(), MofNCompleteColumn()) as progress:
            task = progress.add_task("loading", total=len(paths))
            for path in paths:
                progress.update(task, description=f"loading {path.name}")
                try:
                    report = catalog.load(path, format=format, list_key=list_key, force=force)
                except EmbargoError as exc:
                    failed += 1
                    rows.append({"path": str(path), "status": "failed", "error": str(exc)})
                    typer.echo(f"error: {' '.join(str(exc).split())}", err=True)
                else:
                    rows.append({"path": str(path), **report.to_dict()})
                    for warning in report.warnings:
                        typer.echo(f"warning: {report.list_key}: {warning}", err=True)
                progress.advance(task)
    if as_json:
        print_json(rows)
    else:
        _print_load_lines(rows)
    if failed:
        raise typer.Exit(EXIT_FAILED)


def _print_load_lines(rows: list[dict[str, Any]]) -> None:
    """One plain line per file (greppable in logs of scheduled jobs)."""
    for row in rows:
        if row["status"] != "failed":
            typer.echo(f"{Path(row['path']).name}: {row['message']}")


# -- lists, versions ---------------------------------------------------------------


@app.command("lists")
def lists_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The current version of every loaded list."""
    with cli_errors(), open_catalog(ctx) as catalog:
        infos = catalog.lists()
    if as_json:
        print_json([info.to_dict() for info in infos])
        return
    if not infos:
        err_console.print("The catalog holds no list yet; load one with [bold]embargo load[/].")
        return
    table = Table(title="Lists (current versions)", caption="version = list@published#checksum")
    table.add_column("list", no_wrap=True)
    table.add_column("version", no_wrap=True)
    table.add_column("entities", justify="right", no_wrap=True, min_width=8)
    table.add_column("loaded (UTC)", no_wrap=True)
    table.add_column("by schema", overflow="fold")
    for info in infos:
        table.add_row(
            info.list_key,
            escape(info.version),
            str(info.entities),
            info.loaded_at.strftime("%Y-%m-%d %H:%M"),
            ", ".join(f"{schema} {count}" for schema, count in info.by_schema.items()),
        )
    console.print(table)


@app.command()
def versions(
    ctx: typer.Context,
    list_key: Annotated[str, typer.Argument(help="The list, e.g. un_sc.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Every loaded version of a list, oldest first."""
    with cli_errors(), open_catalog(ctx) as catalog:
        infos = catalog.versions(list_key)
    if as_json:
        print_json([info.to_dict() for info in infos])
        return
    table = Table(title=f"Versions of {list_key} (* = current)")
    table.add_column("version", no_wrap=True)
    table.add_column("format", overflow="fold")
    table.add_column("loaded (UTC)", no_wrap=True)
    table.add_column("entities", justify="right", no_wrap=True, min_width=8)
    table.add_column("flags", overflow="fold")
    for info in infos:
        flags = [flag for flag, on in (("delta", info.is_delta), ("forced", info.forced)) if on]
        table.add_row(
            ("* " if info.current else "  ") + escape(info.version),
            info.source,
            info.loaded_at.strftime("%Y-%m-%d %H:%M"),
            str(info.entities),
            ", ".join(flags),
        )
    console.print(table)


# -- show ----------------------------------------------------------------------------


@app.command()
def show(
    ctx: typer.Context,
    entity_id: Annotated[str, typer.Argument(help="Entity id, e.g. un_sc-KPi.033.")],
    version: Annotated[
        str | None, typer.Option("--version", help="Read from this version, not the current.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """One designation: every value with its qualifiers, and where it comes from."""
    with cli_errors(), open_catalog(ctx) as catalog:
        entity = catalog.get_entity(entity_id, version)
        if entity is None:
            seen = catalog.entity_versions(entity_id)
            where = f"version {version}" if version else "the current version of its list"
            hint = f"; last in {seen[-1]}" if seen else ""
            fail(f"entity {entity_id} is not in {where}{hint}")
        info = catalog.version_info(entity.version or "")
    if as_json:
        print_json({**entity.to_dict(), "provenance": info.to_dict()})
        return
    _print_entity(entity, info.to_dict())


def _print_entity(entity: Entity, provenance: VersionInfoDict) -> None:
    typer.echo(f"{entity.caption}  {entity.id} ({entity.schema})")
    table = Table(show_lines=False)
    for column in ("property", "value", "lang", "country", "note"):
        table.add_column(column, overflow="fold")
    for value in entity.values:
        table.add_row(
            value.prop,
            escape(value.value),
            value.lang or "",
            value.country or "",
            escape(value.note or ""),
        )
    console.print(table)
    files = ", ".join(f"{f['name']} (sha256 {f['sha256'][:12]}…)" for f in provenance["files"])
    console.print(
        f"list [bold]{entity.list_key}[/], record {escape(entity.record_id)}, "
        f"version {escape(provenance['version'])}"
        + (" (current)" if provenance["current"] else "")
        + f"\nformat {provenance['source']}, published {provenance['published'] or 'unknown'}, "
        f"loaded {provenance['loaded_at']}\nfiles {escape(files)}"
    )


# -- export ----------------------------------------------------------------------------


@app.command()
def export(
    ctx: typer.Context,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="FtM JSON lines file to write ('-': stdout).")
    ],
    list_keys: Annotated[
        list[str] | None,
        typer.Option("--list-key", "-k", help="Only this list (repeatable)."),
    ] = None,
) -> None:
    """Export the current designations as FollowTheMoney JSON lines."""
    with cli_errors(), open_catalog(ctx) as catalog:
        if str(output) == "-":
            count = catalog.export_ftm(sys.stdout, list_keys or None)
        else:
            count = _export_atomically(catalog, output, list_keys or None)
    err_console.print(f"exported {count} entities to {escape(str(output))}")


def _export_atomically(catalog: Catalog, output: Path, list_keys: list[str] | None) -> int:
    """Write to a temporary file beside ``output`` and rename, so readers of ``output``
    never see half an export."""
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            count = catalog.export_ftm(fh, list_keys)
        tmp.replace(output)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count


# -- diff --------------------------------------------------------------------------------


@app.command()
def diff(
    ctx: typer.Context,
    list_key: Annotated[str, typer.Argument(help="The list.")],
    old: Annotated[
        str | None, typer.Argument(help="Earlier version [default: the one before NEW].")
    ] = None,
    new: Annotated[str | None, typer.Argument(help="Later version [default: current].")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (complete).")] = False,
    limit: Annotated[
        int, typer.Option("--limit", min=0, help="Rows shown per section (not for --json).")
    ] = 50,
) -> None:
    """Designations added, removed and changed between two versions of a list."""
    with cli_errors(), open_catalog(ctx) as catalog:
        result = catalog.diff(list_key, old, new)
    if as_json:
        print_json(result.to_dict())
        return
    _print_diff(result, limit)


def _print_diff(result: ListDiff, limit: int) -> None:
    typer.echo(
        f"{result.list_key}: {result.old or '(nothing)'} → {result.new}: "
        f"{len(result.added)} added, {len(result.removed)} removed, "
        f"{len(result.changed)} changed, {result.unchanged} unchanged"
    )
    if result.ignored:
        typer.echo("not compared (the two formats differ): " + "; ".join(result.ignored))
    for title, entities in (("Added", result.added), ("Removed", result.removed)):
        if not entities:
            continue
        table = Table(title=f"{title} ({len(entities)})")
        for column in ("id", "schema", "name"):
            table.add_column(column)
        for entity in entities[:limit]:
            table.add_row(escape(entity.id), entity.schema, escape(entity.caption))
        console.print(table)
        _print_more(len(entities), limit)
    if result.changed:
        table = Table(title=f"Changed ({len(result.changed)})", show_lines=True)
        table.add_column("id", no_wrap=True)
        table.add_column("name", overflow="fold")
        table.add_column("property", no_wrap=True)
        table.add_column("change (- removed, + added)", overflow="fold", ratio=1)
        for change in result.changed[:limit]:
            for i, prop in enumerate(change.changes):
                table.add_row(
                    escape(change.entity_id) if i == 0 else "",
                    escape(change.caption) if i == 0 else "",
                    prop.prop,
                    _render_change(prop.removed, prop.added),
                )
        console.print(table)
        _print_more(len(result.changed), limit)


#: Unchanged words kept on each side of a change in an inline text diff.
_CONTEXT_WORDS = 4


def _render_change(removed: list[str], added: list[str]) -> str:
    """Rich markup for one property change: an inline word diff when one long text
    replaced another (remarks), else the removed and added values line by line."""
    if len(removed) == 1 and len(added) == 1 and max(len(removed[0]), len(added[0])) > 60:
        return _word_diff(removed[0], added[0])
    lines = [f"[red]- {escape(v)}[/]" for v in removed]
    lines += [f"[green]+ {escape(v)}[/]" for v in added]
    return "\n".join(lines)


def _word_diff(old: str, new: str) -> str:
    a, b = old.split(), new.split()
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    opcodes = matcher.get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = a[i1:i2]
            first, last = n == 0, n == len(opcodes) - 1
            keep_head = 0 if first else _CONTEXT_WORDS
            keep_tail = 0 if last else _CONTEXT_WORDS
            if len(words) > keep_head + keep_tail + 1:
                words = words[:keep_head] + ["…"] + (words[-keep_tail:] if keep_tail else [])
            parts.append(escape(" ".join(words)))
            continue
        if i2 > i1:
            parts.append(f"[red]\\[-{escape(' '.join(a[i1:i2]))}-][/]")
        if j2 > j1:
            parts.append(f"[green]\\[+{escape(' '.join(b[j1:j2]))}+][/]")
    return " ".join(p for p in parts if p)


def _print_more(total: int, limit: int) -> None:
    if total > limit:
        console.print(f"… {total - limit} more (--limit, or --json for all)")


# -- update ---------------------------------------------------------------------------------


@app.command("update")
def update_command(
    ctx: typer.Context,
    list_keys: Annotated[
        list[str] | None,
        typer.Argument(help="Lists to update [default: every loaded list with an address]."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Load even if the sanity check fails.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Download the current publications from their official addresses and load them."""
    state = cli_state(ctx)
    with cli_errors():
        specs = _download_specs(state.settings)
        with open_catalog(ctx, read_only=False) as catalog:
            keys = list(list_keys or []) or _default_update_keys(catalog, specs)
            unknown = [k for k in keys if k not in specs]
            if unknown:
                fail(
                    f"no download address for {', '.join(unknown)}; set "
                    + ", ".join(f"EMBARGO_URL_{k.upper()}" for k in unknown)
                    + f" (lists with an address: {', '.join(specs)})"
                )
            results = _run_update(catalog, keys, specs, state.settings, force=force)
    if as_json:
        print_json([r.to_dict() for r in results])
    else:
        _print_update(results)
    if any(r.status is UpdateStatus.FAILED for r in results):
        raise typer.Exit(EXIT_FAILED)


def _download_specs(settings: Settings) -> dict[str, DownloadSpec]:
    specs = default_downloads()
    for key, urls in settings.list_urls.items():
        base = specs.get(key)
        specs[key] = base.with_urls(urls) if base else DownloadSpec(key, None, urls)
    return specs


def _default_update_keys(catalog: Catalog, specs: dict[str, DownloadSpec]) -> list[str]:
    loaded = [key for key in catalog.list_keys() if key in specs]
    return loaded or list(specs)


def _run_update(
    catalog: Catalog,
    keys: list[str],
    specs: dict[str, DownloadSpec],
    settings: Settings,
    *,
    force: bool,
) -> list[UpdateResult]:
    headers = {"User-Agent": settings.user_agent}
    with (
        httpx.Client(timeout=settings.http_timeout, headers=headers) as client,
        _progress(BarColumn(), DownloadColumn()) as progress,
    ):
        tasks: dict[str, TaskID] = {}

        def observe(event: UpdateEvent) -> None:
            task = tasks.get(event.list_key)
            if task is None:
                task = tasks[event.list_key] = progress.add_task(event.list_key, total=None)
            if event.stage == "download":
                name = (event.url or "").rsplit("/", 1)[-1]
                progress.update(
                    task,
                    description=f"{event.list_key}: {name}",
                    completed=event.received,
                    total=event.total,
                )
            elif event.stage == "load":
                progress.update(task, description=f"{event.list_key}: loading")
            else:
                progress.update(task, visible=False)

        return update(
            catalog,
            keys,
            {key: specs[key].urls for key in keys},
            client,
            formats={key: specs[key].format for key in keys},
            force=force,
            observer=observe,
        )


def _print_update(results: list[UpdateResult]) -> None:
    table = Table(title="Update")
    for column in ("list", "status", "version", "details"):
        table.add_column(column, overflow="fold")
    styles = {UpdateStatus.LOADED: "green", UpdateStatus.UNCHANGED: "", UpdateStatus.FAILED: "red"}
    for result in results:
        style = styles[result.status]
        status = f"[{style}]{result.status.value}[/]" if style else result.status.value
        table.add_row(result.list_key, status, escape(result.version or ""), escape(result.message))
    console.print(table)


# -- extension and entry point ----------------------------------------------------------


def _register_command_modules(target: typer.Typer) -> None:
    """Add the commands of every module in `_COMMAND_MODULES` that exists."""
    for name in _COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                log.debug("command module %s is not installed", name)
                continue
            raise
        module.register(target)


_register_command_modules(app)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: configure logging (stderr) and run the app."""
    logging.basicConfig(
        stream=sys.stderr,
        level=logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    app(args=argv, prog_name="embargo")


__all__ = [
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_USAGE",
    "CliState",
    "app",
    "cli_errors",
    "cli_state",
    "console",
    "err_console",
    "fail",
    "main",
    "open_catalog",
    "print_json",
]
