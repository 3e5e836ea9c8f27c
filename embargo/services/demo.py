"""`make demo`: load every bundled list into a catalog and show what embargo does.

Runs end to end on the bundled snapshots, offline: loads each publication (skipping
ones already loaded), prints the catalog, one designation with its provenance, what
changed between two real publications of the OFAC non-SDN list, and screens a few
names in several scripts. Usage: ``python -m embargo.services.demo [--catalog PATH]``.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from embargo.catalog import Catalog
from embargo.exc import EmbargoError
from embargo.screen.party import Query
from embargo.services.bundle import BUNDLED, bundled_path
from embargo.services.screening import snapshot_from_catalog
from embargo.settings import Settings

#: (query, schema, birth date, what the example shows)
DEMO_QUERIES: tuple[tuple[str, str, str | None, str], ...] = (
    ("Sergei Shoigu", "Person", None, "listed; patronymic left out"),
    ("Шойгу Сергей Кужугетович", "Person", None, "listed; Cyrillic"),
    ("김정은", "Person", None, "listed; Hangul"),
    ("Yevgeny Prigozhin", "Person", None, "listed; another romanization"),
    ("ЧВК Вагнер", "Organization", None, "listed; Russian legal form (PMC)"),
    ("Kim Jong Il", "Person", "1941-02-16", "not listed: must not match Kim Jong Un"),
    ("Jane Doe", "Person", None, "not listed: must not match"),
)


def load_bundle(catalog: Catalog, console: Console) -> None:
    table = Table(title="Loading bundled lists", show_lines=False)
    for col in ("file", "list", "result", "entities", "seconds"):
        table.add_column(col)
    for item in BUNDLED:
        path = bundled_path(item)
        started = time.perf_counter()
        try:
            report = catalog.load(path, format=item.format, list_key=item.list_key)
        except EmbargoError as exc:
            table.add_row(item.file, item.list_key, f"[red]refused: {exc}", "", "")
            continue
        took = time.perf_counter() - started
        table.add_row(item.file, item.list_key, report.status, str(report.entities), f"{took:.1f}")
    console.print(table)


def show_lists(catalog: Catalog, console: Console) -> None:
    table = Table(title="Catalog: current version of every list")
    for col in ("list", "version", "published", "entities", "by schema"):
        table.add_column(col)
    for info in catalog.lists():
        schemata = ", ".join(f"{k} {v}" for k, v in info.by_schema.items())
        table.add_row(
            info.list_key, info.version, info.published or "", str(info.entities), schemata
        )
    console.print(table)


def show_entity(catalog: Catalog, console: Console, entity_id: str) -> None:
    entity = catalog.get_entity(entity_id)
    if entity is None:
        console.print(f"[yellow]{entity_id} is not in the catalog")
        return
    table = Table(title=f"{entity.id}: {entity.caption}  (version {entity.version})")
    table.add_column("property")
    table.add_column("value")
    table.add_column("qualifier")
    for value in entity.values:
        qual = "; ".join(x for x in (value.lang, value.country, value.note) if x)
        table.add_row(value.prop, value.value, qual)
    console.print(table)


def show_diff(catalog: Catalog, console: Console, list_key: str) -> None:
    versions = catalog.versions(list_key)
    if len(versions) < 2:
        return
    diff = catalog.diff(list_key)
    console.print(
        f"[bold]diff {list_key}[/] {diff.old} → {diff.new}: "
        f"{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed"
    )


def screen_examples(catalog: Catalog, console: Console, index_dir: Path) -> None:
    started = time.perf_counter()
    snapshot = snapshot_from_catalog(catalog, index_dir, progress=console.print)
    console.print(f"screening index ready in {time.perf_counter() - started:.1f} s")
    table = Table(title="Screening examples (top hit)")
    for col in ("query", "example", "top hit", "score", "match"):
        table.add_column(col)
    threshold = snapshot.screener.config.threshold
    for name, schema, dob, why in DEMO_QUERIES:
        query = Query(schema=schema, names=[name], birth_dates=[dob] if dob else [])
        result = snapshot.screen(query, limit=3)
        if result.results:
            hit = result.results[0]
            table.add_row(
                _query_cell(name, schema, dob),
                why,
                f"{hit.caption}\n[dim]{hit.id}",
                f"{hit.score:.2f}",
                "[red]yes" if hit.match else "no",
            )
        else:
            table.add_row(_query_cell(name, schema, dob), why, "—", "", "no")
    console.print(table)
    console.print(
        f"score: how likely the hit is the queried party (0–1); match: score ≥ the "
        f"threshold {threshold:.2f} of {snapshot.screener.config.label}, an alert to review. "
        'Try: .venv/bin/embargo screen "Sergei Shoigu" --json (the explanation of every '
        "score), embargo --help."
    )


def _query_cell(name: str, schema: str, dob: str | None) -> str:
    return f"{name}\n[dim]{schema}" + (f", born {dob}" if dob else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--catalog", type=Path, default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    settings = Settings.from_env()
    path = args.catalog or settings.catalog_path
    path.parent.mkdir(parents=True, exist_ok=True)
    console = Console()
    console.print(f"[bold]embargo demo[/] — catalog {path}")
    with Catalog(path) as catalog:
        load_bundle(catalog, console)
        show_lists(catalog, console)
        show_entity(catalog, console, "us_ofac_sdn-35173")
        show_diff(catalog, console, "us_ofac_cons")
        screen_examples(catalog, console, path.parent)
    return 0


if __name__ == "__main__":
    sys.exit(main())
