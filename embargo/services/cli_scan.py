"""``embargo scan``: which listed parties and sanctioned territories a document names.

    embargo scan article.html
    embargo scan report.pdf --threshold 0.8 --json
    curl -s https://example.org/news | embargo scan -

A thin layer over `embargo.screen.documents.scan_file` / `scan_text`, screening
against the snapshot of the catalog chosen by the global ``--catalog`` option (built
once and cached next to the catalog, see `embargo.services.screening`). Plain text,
HTML, PDF and DOCX are read (`embargo.screen.text_extract`); ``-`` reads standard
input (bytes, decoded as a text or HTML file would be). Offsets in the output refer
to the extracted text. The exit code is 0 whether or not something was found; a
file that cannot be read exits 1 with one error line.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from embargo.screen.documents import Mention, ScanResult, scan_file, scan_text
from embargo.screen.text_extract import extract_bytes
from embargo.services.cli import (
    cli_errors,
    cli_state,
    console,
    err_console,
    fail,
    print_json,
)
from embargo.services.screening import ScreeningSnapshot, open_snapshot


def _snapshot(ctx: typer.Context) -> ScreeningSnapshot:
    state = cli_state(ctx)
    if not state.catalog_path.exists():
        fail(f"no catalog at {state.catalog_path}: load lists first (embargo load / make demo)")
    return open_snapshot(
        state.catalog_path, progress=lambda msg: err_console.print(f"[dim]{escape(msg)}")
    )


def register(app: typer.Typer) -> None:
    """Add ``scan`` to the CLI."""

    @app.command("scan")
    def scan_command(
        ctx: typer.Context,
        source: Annotated[
            str, typer.Argument(help="Text, HTML, PDF or DOCX file; '-' reads standard input.")
        ],
        lang: Annotated[
            str, typer.Option("--lang", help="Language hint ('auto': detected by script).")
        ] = "auto",
        threshold: Annotated[
            float | None,
            typer.Option(
                "--threshold",
                min=0.0,
                max=1.0,
                help="Least score of a reported mention \\[default: the match configuration's].",
            ),
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Find listed parties and sanctioned territories mentioned in a document."""
        with cli_errors():
            if source == "-":
                extracted = extract_bytes(sys.stdin.buffer.read(), name="<stdin>")
                snapshot = _snapshot(ctx)
                result = scan_text(extracted.text, snapshot, threshold=threshold, lang=lang)
                result.source = extracted.describe()
            else:
                path = Path(source)
                if not path.is_file():
                    fail(f"no such file: {path}")
                snapshot = _snapshot(ctx)
                result = scan_file(path, snapshot, threshold=threshold, lang=lang)
        if as_json:
            print_json(result.to_dict())
            return
        _print_result(result, source)


def _print_result(result: ScanResult, source: str) -> None:
    info = result.source or {}
    console.print(
        f"[bold]{escape(source)}[/]: {info.get('format', 'text')}, "
        f"{result.stats.characters:,} characters; threshold {result.threshold}, "
        f"{escape(result.config_name)}@{escape(result.config_version)}, "
        f"{len(result.list_versions)} lists; {result.stats.duration_ms:.0f} ms"
    )
    if not result.mentions:
        console.print("No listed party mentioned.")
    else:
        table = Table(title="Listed parties mentioned", show_lines=True)
        table.add_column("text", overflow="fold")
        table.add_column("at", justify="right", no_wrap=True)
        table.add_column("how", no_wrap=True)
        table.add_column("listed party (score)", overflow="fold")
        groups: dict[tuple[int, int], list[Mention]] = {}
        for m in result.mentions:
            groups.setdefault((m.start, m.end), []).append(m)
        for (start, end), found in groups.items():
            table.add_row(
                escape(found[0].text),
                f"{start}-{end}",
                found[0].how,
                "\n".join(f"{escape(m.id)}  {escape(m.caption)}  ({m.score:.2f})" for m in found),
            )
        console.print(table)
    if result.jurisdictions:
        jt = Table(title="Sanctioned countries and regions mentioned")
        jt.add_column("text", overflow="fold")
        jt.add_column("at", justify="right", no_wrap=True)
        jt.add_column("code", no_wrap=True)
        jt.add_column("name", overflow="fold")
        jt.add_column("status", overflow="fold")
        for j in result.jurisdictions:
            jt.add_row(
                escape(j.text),
                f"{j.start}-{j.end}",
                j.jurisdiction.code,
                escape(j.jurisdiction.name),
                escape(j.jurisdiction.status),
            )
        console.print(jt)
