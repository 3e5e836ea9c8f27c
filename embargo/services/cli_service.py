"""CLI commands that serve and screen at scale: serve, batch, rescreen, screen-message.

Each command gets the screening snapshot of the catalog's current state (built once
and cached next to the catalog, see `embargo.services.screening`) and hands it to the
same library functions the HTTP API uses.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from embargo.screen.documents import text_scanner
from embargo.screen.messages import parse_message
from embargo.screen.payment import memo_for, screen_payment
from embargo.services.cli import (
    cli_errors,
    cli_state,
    console,
    err_console,
    fail,
    open_catalog,
    print_json,
)
from embargo.services.screening import ScreeningSnapshot, open_snapshot, snapshot_from_catalog


def _snapshot(ctx: typer.Context) -> ScreeningSnapshot:
    state = cli_state(ctx)
    if not state.catalog_path.exists():
        fail(f"no catalog at {state.catalog_path}: load lists first (embargo load / make demo)")
    return open_snapshot(
        state.catalog_path, progress=lambda msg: err_console.print(f"[dim]{escape(msg)}")
    )


def register(app: typer.Typer) -> None:
    """Add serve, batch, rescreen and screen-message to the CLI."""

    @app.command()
    def serve(
        ctx: typer.Context,
        host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
        workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
        api_key: Annotated[
            list[str] | None,
            typer.Option(
                "--api-key",
                envvar="EMBARGO_API_KEYS",
                help="Require this API key (repeat for several; env: comma-separated).",
            ),
        ] = None,
        refresh_seconds: Annotated[
            float, typer.Option(help="How often to look for a new catalog state.")
        ] = 30.0,
    ) -> None:
        """Run the HTTP API (yente-compatible /match, /screen, /search, /entities…)."""
        import gc
        import os

        state = cli_state(ctx)
        keys = [k.strip() for item in (api_key or []) for k in item.split(",") if k.strip()]
        os.environ["EMBARGO_CATALOG"] = str(state.catalog_path)
        os.environ["EMBARGO_API_KEYS"] = ",".join(keys)
        os.environ["EMBARGO_REFRESH_SECONDS"] = str(refresh_seconds)
        if not state.catalog_path.exists():
            fail(f"no catalog at {state.catalog_path}: load lists first")
        with cli_errors():
            # build (or check) the cached index once, before workers start; each worker
            # loads its own copy, so this process must not keep one (≈ 0.5–0.9 GB)
            served = len(open_snapshot(state.catalog_path).lists)
        gc.collect()
        # one line per request (method, route, status, duration; no personal data)
        logging.getLogger("embargo.services.api").setLevel(logging.INFO)
        err_console.print(
            f"embargo API on http://{host}:{port} · {served} lists · "
            f"{'API keys required' if keys else 'no API key required'} · docs /docs"
        )
        from embargo.services.api import run_server

        run_server(host, port, workers)

    @app.command()
    def batch(
        ctx: typer.Context,
        input_path: Annotated[Path, typer.Argument(help="CSV, JSON lines or Parquet file.")],
        output: Annotated[Path, typer.Option("--output", "-o", help="Result file.")],
        columns: Annotated[
            str | None,
            typer.Option(help="Column roles: name=…,birth_date=…,country=…,id=…,schema=…"),
        ] = None,
        threshold: Annotated[float | None, typer.Option(min=0.0, max=1.0)] = None,
        limit: Annotated[int, typer.Option(min=1, max=100)] = 10,
        engine: Annotated[str, typer.Option(help="local or spark")] = "local",
        master: Annotated[str, typer.Option(help="Spark master URL.")] = "local[*]",
        workers: Annotated[
            int | None, typer.Option(help="Local processes (default: all cores).")
        ] = None,
        as_json: Annotated[
            bool, typer.Option("--json", help="Print the run summary as JSON.")
        ] = False,
    ) -> None:
        """Screen every row of a customer file; one result line per row (atomic output)."""
        if engine not in ("local", "spark"):
            fail(f"unknown engine {engine!r}: use local or spark", code=2)
        if not input_path.exists():
            fail(f"input file {input_path} does not exist")
        with cli_errors():
            snapshot = _snapshot(ctx)
            stamp = {"list_versions": snapshot.list_versions}
            errors: list[tuple[int, str]] = []
            if engine == "local":
                from embargo.screen.batch import iter_rows
                from embargo.services.batch.local import run_local

                total = sum(1 for _ in iter_rows(input_path))
                with Progress(
                    SpinnerColumn(),
                    TextColumn("screening"),
                    BarColumn(),
                    TextColumn("{task.completed:,}/{task.total:,} rows"),
                    TextColumn("{task.fields[rate]} rows/s"),
                    TextColumn("ETA"),
                    TextColumn("{task.fields[eta]}"),
                    TimeElapsedColumn(),
                    console=err_console,
                    transient=True,
                    disable=not err_console.is_terminal,
                ) as progress:
                    task = progress.add_task("rows", total=total, rate="-", eta="-")
                    import time as _time

                    started = _time.perf_counter()

                    def advance(done: int) -> None:
                        elapsed = max(_time.perf_counter() - started, 1e-6)
                        rate = done / elapsed
                        eta = (total - done) / rate if rate else 0
                        progress.update(
                            task, completed=done, rate=f"{rate:,.0f}", eta=f"{eta:,.0f}s"
                        )

                    report = run_local(
                        snapshot.screener,
                        input_path,
                        output,
                        columns=columns,
                        threshold=threshold,
                        limit=limit,
                        workers=workers,
                        stamp=stamp,
                        progress=advance,
                        on_error=lambda row, msg: errors.append((row, msg)),
                    )
            else:
                from embargo.services.batch.spark import run_spark
                from embargo.services.screening import snapshot_index_path

                report = run_spark(
                    snapshot_index_path(snapshot),
                    input_path,
                    output,
                    columns=columns,
                    threshold=threshold,
                    limit=limit,
                    master=master,
                    stamp=stamp,
                )
        for row, message in errors[:20]:
            err_console.print(f"[yellow]row {row}: {escape(message)}")
        if len(errors) > 20:
            err_console.print(f"[yellow]… and {len(errors) - 20} more rows with errors")
        summary = {**report.to_dict(), "output": str(output)}
        if as_json:
            print_json(summary)
        else:
            table = Table(title=f"batch → {output}")
            table.add_column("measure")
            table.add_column("value", justify="right")
            for key, value in summary.items():
                table.add_row(key, str(value))
            console.print(table)

    @app.command()
    def rescreen(
        ctx: typer.Context,
        customers: Annotated[Path, typer.Argument(help="Customer file (CSV, JSONL, Parquet).")],
        since: Annotated[str, typer.Option(help="List version screened last time.")],
        output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
        columns: Annotated[str | None, typer.Option()] = None,
        threshold: Annotated[float | None, typer.Option(min=0.0, max=1.0)] = None,
        as_json: Annotated[bool, typer.Option("--json")] = False,
    ) -> None:
        """Screen customers against designations added or changed since a list version."""
        from embargo.screen.rescreen import rescreen_file

        with cli_errors():
            with open_catalog(ctx) as catalog:
                changed = catalog.changed_since(since)
                snapshot = snapshot_from_catalog(catalog, cli_state(ctx).catalog_path.parent)
            report = rescreen_file(
                snapshot.screener,
                customers,
                {e.id for e in changed},
                columns=columns,
                threshold=threshold,
            )
            report.since = since
            report.list_versions = snapshot.list_versions
        if output is not None:
            from embargo.services.batch.output import atomic_path

            with atomic_path(output) as tmp:
                tmp.write_text(
                    "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in report.alert_dicts()),
                    "utf-8",
                )
        if as_json:
            print_json(report.to_dict())
            return
        console.print(
            f"{len(changed)} designations added or changed since {escape(since)}; "
            f"{report.rows} customers screened; {len(report.alerts)} new alerts"
        )
        table = Table(title="New alerts")
        for col in ("row", "customer", "entity", "caption", "score"):
            table.add_column(col)
        for alert in report.alerts:
            table.add_row(
                str(alert.context.get("row")),
                escape(alert.subject),
                alert.entity_id,
                escape(alert.caption),
                f"{alert.score:.2f}",
            )
        console.print(table)

    @app.command("screen-message")
    def screen_message(
        ctx: typer.Context,
        path: Annotated[str, typer.Argument(help="Message file (MT103/202, pacs.008/009), or -.")],
        threshold: Annotated[float | None, typer.Option(min=0.0, max=1.0)] = None,
        as_json: Annotated[bool, typer.Option("--json")] = False,
    ) -> None:
        """Screen a payment message: every party, BIC, country and free-text field."""
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        with cli_errors():
            messages = parse_message(data)
            snapshot = _snapshot(ctx)
            scanner = text_scanner(snapshot, threshold=threshold)
            memo = memo_for(snapshot.screener)  # a file of messages: each party once
            results = [
                screen_payment(
                    m, snapshot.screener, threshold=threshold, scanner=scanner, memo=memo
                )
                for m in messages
            ]
        if as_json:
            print_json(
                {
                    "messages": [r.to_dict() for r in results],
                    "list_versions": snapshot.list_versions,
                }
            )
        else:
            for result in results:
                msg = result.message
                verdict = "[red]HOLD" if result.hit else "[green]no hit"
                console.print(
                    f"[bold]{msg.format}[/] {escape(msg.reference)} {msg.amount or ''}: {verdict}"
                )
                table = Table()
                for col in ("field", "kind", "subject", "listed as", "score"):
                    table.add_column(col)
                for alert in result.alerts:
                    table.add_row(
                        alert.location,
                        alert.kind,
                        escape(alert.subject),
                        escape(f"{alert.entity_id} {alert.caption}"),
                        f"{alert.score:.2f}",
                    )
                if result.alerts:
                    console.print(table)
