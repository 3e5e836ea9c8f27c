"""Load time and peak memory of the catalog, per bundled list and for all lists together.

Each measurement runs in a fresh subprocess with a fresh catalog, so peak RSS
(``ru_maxrss``) belongs to that load alone; the RSS after imports is reported too,
so the load's own share is visible. ``--tracemalloc`` adds a second run per list that
traces Python allocations (peak of the traced heap; slower, so timed separately).

Per list: ``parse`` is `SourceParser.read` alone, ``load`` is `Catalog.load` (parse +
staging + one transaction), in separate subprocesses. Wall-clock seconds come with the
process CPU seconds (all threads) in parentheses: on a shared machine wall time
varies with the load of the others, CPU time much less. ``all`` loads
every bundled publication, in the order of `embargo.services.bundle.BUNDLED`, into one
fresh catalog (the three OFAC non-SDN publications become three versions).

Run::

    .venv/bin/python benchmarks/bench_load.py            # table
    .venv/bin/python benchmarks/bench_load.py --json     # machine-readable
    .venv/bin/python benchmarks/bench_load.py --only un_sc --tracemalloc
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from embargo.services.bundle import BUNDLED, bundled_path  # noqa: E402


def _rss_mb() -> float:
    """Peak resident set size of this process so far (MiB; Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / (1024 * 1024)


def _child(args: argparse.Namespace) -> None:
    """Measure inside a subprocess and print one JSON object."""
    import tracemalloc

    from embargo.catalog import Catalog
    from embargo.sources import get_source

    items = [i for i in BUNDLED if args.item == "all" or i.file == args.item]
    baseline = _rss_mb()
    out: dict[str, Any] = {"rss_after_imports_mb": round(baseline, 1)}
    if args.trace:
        tracemalloc.start()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "catalog.duckdb"
        if args.parse_only:
            item = items[0]
            started, cpu = time.perf_counter(), time.process_time()
            result = get_source(item.format, item.list_key).read(bundled_path(item))
            out["parse_s"] = round(time.perf_counter() - started, 3)
            out["parse_cpu_s"] = round(time.process_time() - cpu, 3)
            out["entities"] = len(result.entities)
        else:
            loads = []
            started, cpu = time.perf_counter(), time.process_time()
            with Catalog(path, max_drop=1.0) as catalog:
                for item in items:
                    t0 = time.perf_counter()
                    report = catalog.load(
                        bundled_path(item), format=item.format, list_key=item.list_key
                    )
                    loads.append(
                        {
                            "file": item.file,
                            "list_key": item.list_key,
                            "status": report.status.value,
                            "entities": report.entities,
                            "seconds": round(time.perf_counter() - t0, 3),
                        }
                    )
                out["entities"] = catalog.count_entities()
                out["lists"] = len(catalog.lists())
            out["load_s"] = round(time.perf_counter() - started, 3)
            out["load_cpu_s"] = round(time.process_time() - cpu, 3)
            out["loads"] = loads
            out["catalog_mb"] = round(path.stat().st_size / (1024 * 1024), 2)
    if args.trace:
        _, peak = tracemalloc.get_traced_memory()
        out["tracemalloc_peak_mb"] = round(peak / (1024 * 1024), 1)
    out["rss_peak_mb"] = round(_rss_mb(), 1)
    print(json.dumps(out))


def _run_child(item: str, *, parse_only: bool = False, trace: bool = False) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", item]
    if parse_only:
        cmd.append("--parse-only")
    if trace:
        cmd.append("--trace")
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=1800)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed"}
    data: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return data


def measure(only: list[str] | None, tracemalloc: bool) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for item in BUNDLED:
        if only and item.list_key not in only and item.file not in only:
            continue
        parse = _run_child(item.file, parse_only=True)
        load = _run_child(item.file)
        row: dict[str, Any] = {
            "file": item.file,
            "list_key": item.list_key,
            "format": item.format,
            "entities": load.get("entities"),
            "parse_s": parse.get("parse_s"),
            "parse_cpu_s": parse.get("parse_cpu_s"),
            "load_s": load.get("load_s"),
            "load_cpu_s": load.get("load_cpu_s"),
            "rss_after_imports_mb": load.get("rss_after_imports_mb"),
            "rss_peak_mb": load.get("rss_peak_mb"),
            "catalog_mb": load.get("catalog_mb"),
        }
        if "error" in load or "error" in parse:
            row["error"] = load.get("error") or parse.get("error")
        if tracemalloc:
            row["tracemalloc_peak_mb"] = _run_child(item.file, trace=True).get(
                "tracemalloc_peak_mb"
            )
        rows.append(row)
    total: dict[str, Any] | None = None
    if not only:
        total = _run_child("all")
        if tracemalloc:
            total["tracemalloc_peak_mb"] = _run_child("all", trace=True).get("tracemalloc_peak_mb")
    return {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "lists": rows,
        "all": total,
    }


def _seconds(wall: float | None, cpu: float | None) -> str:
    if wall is None:
        return "—"
    return f"{wall:.2f} ({cpu:.2f})" if cpu is not None else f"{wall:.2f}"


def print_table(data: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Catalog load: one fresh catalog per list (subprocess each)")
    columns = [
        "file",
        "list",
        "entities",
        "parse s (cpu)",
        "load s (cpu)",
        "RSS peak MiB",
        "catalog MiB",
    ]
    traced = any("tracemalloc_peak_mb" in r for r in data["lists"])
    if traced:
        columns.append("traced peak MiB")
    for column in columns:
        table.add_column(column, justify="left" if column in ("file", "list") else "right")
    for row in data["lists"]:
        cells = [
            row["file"],
            row["list_key"],
            str(row["entities"]),
            _seconds(row["parse_s"], row["parse_cpu_s"]),
            _seconds(row["load_s"], row["load_cpu_s"]) if row["load_s"] else row.get("error", "—"),
            str(row["rss_peak_mb"]),
            str(row["catalog_mb"]),
        ]
        if traced:
            cells.append(str(row.get("tracemalloc_peak_mb")))
        table.add_row(*cells)
    console = Console()
    console.print(table)
    total = data.get("all")
    if total:
        if "error" in total:
            console.print(f"all lists: failed: {total['error']}")
            return
        traced_note = (
            f", traced peak {total['tracemalloc_peak_mb']} MiB"
            if "tracemalloc_peak_mb" in total
            else ""
        )
        console.print(
            f"all {len(total['loads'])} publications into one fresh catalog: "
            f"{total['load_s']:.1f} s ({total['load_cpu_s']:.1f} s CPU), "
            f"{total['entities']} entities in {total['lists']} lists "
            f"(current versions), RSS peak {total['rss_peak_mb']} MiB "
            f"(after imports {total['rss_after_imports_mb']} MiB){traced_note}, "
            f"catalog file {total['catalog_mb']} MiB"
        )
    machine = data["machine"]
    console.print(f"Python {machine['python']}, {machine['cpus']} CPUs, {machine['platform']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--only", nargs="*", help="list keys or file names to measure")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also trace Python allocations (slower)"
    )
    parser.add_argument("--child", dest="item", help=argparse.SUPPRESS)
    parser.add_argument("--parse-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.item:
        _child(args)
        return
    data = measure(args.only, args.tracemalloc)
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        print_table(data)


if __name__ == "__main__":
    main()
