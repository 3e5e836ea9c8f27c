"""Shared pieces of the service benchmarks: the full catalog, names, timing, printing.

The service benchmarks (`bench_batch`, `bench_api`, `bench_messages`) measure embargo
the way production runs it: against a catalog holding EVERY bundled list (what
``make demo`` loads, in the order of `embargo.services.bundle.BUNDLED`), not the
two-list catalog of the unit tests. Building that catalog and its screening index
takes minutes, so it is built once and kept under ``var/bench/catalog/``; a marker
file records which bundled files (name, size, mtime) it was built from, and a changed
bundle rebuilds it. Building happens in a temporary directory renamed into place, so
an interrupted build never leaves a half-loaded catalog that later runs would trust.

Every benchmark prints a rich table by default and one JSON object with ``--json``;
numbers are printed, never asserted: a benchmark reports, a test decides.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from embargo.services.bundle import BUNDLED, bundled_path  # noqa: E402

VAR = ROOT / "var" / "bench"
CATALOG_DIR = VAR / "catalog"
CATALOG = CATALOG_DIR / "catalog.duckdb"
MARKER = CATALOG_DIR / "bundle.json"
CUSTOMERS = VAR / "customers_100k.csv"
BENCHMARK = ROOT.parent / "shared" / "data" / "benchmark"
QUERIES = BENCHMARK / "queries.jsonl"
PYTHON = sys.executable


def say(message: str) -> None:
    """Progress goes to stderr so that ``--json`` output stays one clean object."""
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- the full catalog


def _bundle_fingerprint() -> list[dict[str, Any]]:
    out = []
    for item in BUNDLED:
        path = bundled_path(item)
        stat = path.stat() if path.exists() else None
        out.append(
            {
                "file": item.file,
                "format": item.format,
                "list_key": item.list_key,
                "size": stat.st_size if stat else None,
                "mtime": int(stat.st_mtime) if stat else None,
            }
        )
    return out


def _catalog_is_current() -> bool:
    if not (CATALOG.exists() and MARKER.exists()):
        return False
    try:
        recorded = json.loads(MARKER.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return bool(recorded.get("bundle") == _bundle_fingerprint())


def ensure_catalog() -> Path:
    """The benchmark catalog with every bundled list loaded (built on first use).

    Lists the catalog refuses (a sanity check, a parser error) are recorded in the
    marker and reported, not fatal: the benchmark then runs on what did load, and
    `catalog_summary` shows it.
    """
    if _catalog_is_current():
        return CATALOG
    from embargo.catalog import Catalog
    from embargo.exc import EmbargoError

    VAR.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".catalog-building-", dir=VAR))
    loads: list[dict[str, Any]] = []
    started = time.perf_counter()
    try:
        with Catalog(tmp / CATALOG.name) as catalog:
            for item in BUNDLED:
                t0 = time.perf_counter()
                say(f"loading {item.file} as {item.list_key}")
                try:
                    report = catalog.load(
                        bundled_path(item), format=item.format, list_key=item.list_key
                    )
                    status, entities = str(report.status.value), report.entities
                except EmbargoError as exc:
                    status, entities = f"refused: {exc}", 0
                loads.append(
                    {
                        "file": item.file,
                        "list_key": item.list_key,
                        "status": status,
                        "entities": entities,
                        "seconds": round(time.perf_counter() - t0, 2),
                    }
                )
        marker = {
            "bundle": _bundle_fingerprint(),
            "loads": loads,
            "seconds": round(time.perf_counter() - started, 1),
        }
        (tmp / MARKER.name).write_text(json.dumps(marker, indent=1), "utf-8")
        if CATALOG_DIR.exists():
            shutil.rmtree(CATALOG_DIR)
        os.replace(tmp, CATALOG_DIR)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    say(f"benchmark catalog built in {time.perf_counter() - started:.0f} s: {CATALOG}")
    return CATALOG


#: Code the persisted index is built by: an index older than any of these files is
#: rebuilt, so a benchmark never measures an index written by older matching code.
INDEX_CODE = ("embargo/index", "embargo/match", "embargo/normalize", "embargo/model",
              "embargo/screen/party.py")  # fmt: skip


def _drop_stale_indexes() -> None:
    newest = 0.0
    for item in INDEX_CODE:
        path = ROOT / item
        files = [path] if path.is_file() else list(path.rglob("*.py"))
        newest = max([newest, *(f.stat().st_mtime for f in files)])
    for index in CATALOG_DIR.glob("index-*"):
        if index.is_dir() and index.stat().st_mtime < newest:
            say(f"screening index {index.name} is older than the matching code: rebuilding")
            shutil.rmtree(index, ignore_errors=True)


def ensure_snapshot() -> Any:
    """The screening snapshot of the benchmark catalog (index cached beside it)."""
    from embargo.services.screening import open_snapshot

    path = ensure_catalog()
    _drop_stale_indexes()
    started = time.perf_counter()
    snapshot = open_snapshot(path, progress=say)
    say(f"screening snapshot ready in {time.perf_counter() - started:.1f} s")
    return snapshot


def catalog_summary(snapshot: Any) -> dict[str, Any]:
    """Lists and entity counts the benchmark ran against (printed with every result)."""
    return {
        "lists": len(snapshot.lists),
        "entities": sum(lv.entities for lv in snapshot.lists),
        "list_keys": [lv.list_key for lv in snapshot.lists],
    }


def catalog_env() -> dict[str, str]:
    """Environment for subprocesses (``embargo batch``, ``embargo serve``) using it."""
    return {**os.environ, "EMBARGO_CATALOG": str(CATALOG), "PYTHONPATH": str(ROOT)}


# ---------------------------------------------------------------- real names


def benchmark_queries(*, with_kind: bool = False) -> list[dict[str, Any]]:
    """The benchmark's queries: schema + properties (expected answers are never read).

    ``with_kind`` adds the query category (``negative_congress``, ``typo``…), which a
    load test uses to mix innocent and listed names in realistic proportions.
    """
    rows = []
    with QUERIES.open(encoding="utf-8") as fh:
        for line in fh:
            data = json.loads(line)
            row = {"schema": data["schema"], "properties": data["properties"]}
            if with_kind:
                row["kind"] = data["kind"]
            rows.append(row)
    return rows


def query_names() -> list[tuple[str, str]]:
    """(schema, name) of every benchmark query name, positives and negatives."""
    out = []
    for query in benchmark_queries():
        for name in query["properties"].get("name", []):
            out.append((str(query["schema"]), str(name)))
    return out


# ---------------------------------------------------------------- timing and printing


@dataclass(slots=True)
class CpuClock:
    """Wall and CPU seconds of this process and its waited-for children."""

    wall: float = field(default_factory=time.perf_counter)
    cpu: float = field(default_factory=lambda: _cpu_seconds())

    def elapsed(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, _cpu_seconds() - self.cpu


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def proc_cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) a live process and its reaped children used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    # after the comm field: utime, stime, cutime, cstime are fields 12..15 (0-based 11..14)
    return sum(int(fields[i]) for i in (11, 12, 13, 14)) / ticks


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds of a process and all its live descendants (a server and its workers)."""
    total = 0.0
    for child in [pid, *descendants(pid)]:
        try:
            total += proc_cpu_seconds(child)
        except (OSError, IndexError, ValueError):
            continue
    return total


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    out: list[int] = []
    stack = [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            out.append(child)
            stack.append(child)
    return out


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (``pct`` in 0–100) of unsorted values; 0 when empty."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(round(pct / 100 * len(ordered) + 0.5)) - 1))
    return float(ordered[rank])


def latency_summary(seconds: Sequence[float]) -> dict[str, float]:
    """p50/p90/p99/max/mean of latencies, in milliseconds."""
    if not seconds:
        return {"p50_ms": 0.0, "p90_ms": 0.0, "p99_ms": 0.0, "max_ms": 0.0, "mean_ms": 0.0}
    return {
        "p50_ms": round(percentile(seconds, 50) * 1000, 2),
        "p90_ms": round(percentile(seconds, 90) * 1000, 2),
        "p99_ms": round(percentile(seconds, 99) * 1000, 2),
        "max_ms": round(max(seconds) * 1000, 2),
        "mean_ms": round(statistics.fmean(seconds) * 1000, 2),
    }


def machine() -> dict[str, Any]:
    """What ran the benchmark, and how busy the machine was when it started.

    The development machines are shared: a load average above the core count means
    other processes took CPU from the benchmark, so wall-clock rates are lower than
    the machine can do; the CPU-second rates (and the projections made from them)
    are the comparable numbers then.
    """
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "loadavg_1m_at_start": round(os.getloadavg()[0], 2),
    }


def timed_run(run: Callable[[Any], dict[str, Any]], args: Any) -> dict[str, Any]:
    """``run(args)``'s result with its wall time in ``total_s`` (every bench's main)."""
    started = time.perf_counter()
    data = run(args)
    data["total_s"] = round(time.perf_counter() - started, 1)
    return data


def load_row(data: dict[str, Any]) -> tuple[str, str]:
    """The table row of the load average at the start and end of a run."""
    return (
        "load average at start / end",
        f"{data['machine']['loadavg_1m_at_start']} / {data['loadavg_1m_at_end']}",
    )


def loadavg() -> float:
    return round(os.getloadavg()[0], 2)


def verdict(value: float, target: float, *, higher_is_better: bool = True) -> str:
    ok = value >= target if higher_is_better else value <= target
    return "meets" if ok else "MISSES"


def print_table(title: str, rows: Sequence[tuple[str, Any]], note: str | None = None) -> None:
    """A two-column rich table (measure, value)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in rows:
        table.add_row(key, f"{value:,.1f}" if isinstance(value, float) else str(value))
    console = Console()
    console.print(table)
    if note:
        console.print(note)


def emit_json(data: dict[str, Any]) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=1))


@contextmanager
def stage(label: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    say(f"{label}: {time.perf_counter() - started:.1f} s")


# ---------------------------------------------------------------- profiling

#: Where own time (cProfile ``tottime``) is attributed, first match wins. The matcher
#: areas belong to the matching engine; the others to the service layer around it.
AREAS: tuple[tuple[str, str], ...] = (
    ("/embargo/match/", "matcher: embargo/match"),
    ("/embargo/index/", "matcher: embargo/index"),
    ("/embargo/normalize/", "matcher: embargo/normalize"),
    ("/embargo/screen/party.py", "matcher: embargo/screen/party.py"),
    ("/embargo/model/", "embargo/model"),
    ("/embargo/screen/messages/", "service: embargo/screen/messages"),
    ("/embargo/screen/", "service: embargo/screen (batch, payment, alerts…)"),
    ("/embargo/services/", "service: embargo/services"),
    ("/site-packages/", "third-party packages"),
)


def profile_call(fn: Any) -> tuple[Any, float]:
    """Run ``fn()`` under cProfile; (pstats.Stats, total profiled seconds)."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    try:
        fn()
    finally:
        profiler.disable()
    stats = pstats.Stats(profiler)
    return stats, float(stats.total_tt)  # type: ignore[attr-defined]


def area_shares(stats: Any, total: float) -> dict[str, float]:
    """Share (%) of own time per code area (see `AREAS`); the rest is stdlib/builtins."""
    out: dict[str, float] = {}
    for (filename, _line, _func), row in stats.stats.items():
        tottime = row[2]
        label = "stdlib and builtins"
        for needle, name in AREAS:
            if needle in filename:
                label = name
                break
        out[label] = out.get(label, 0.0) + tottime
    return {k: round(100 * v / total, 1) for k, v in sorted(out.items(), key=lambda kv: -kv[1])}


def cumulative_share(stats: Any, total: float, path_suffix: str, func: str) -> float:
    """Share (%) of the profiled time spent inside ``func`` of ``path_suffix`` (inclusive)."""
    cum = sum(
        row[3]
        for (filename, _line, name), row in stats.stats.items()
        if filename.endswith(path_suffix) and name == func
    )
    return round(100 * cum / total, 1) if total else 0.0


def top_functions(stats: Any, n: int = 12) -> list[dict[str, Any]]:
    """The ``n`` functions with the most own time."""
    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:n]
    return [
        {
            "function": f"{Path(filename).name}:{line}({func})",
            "calls": row[1],
            "own_s": round(row[2], 3),
            "cum_s": round(row[3], 3),
        }
        for (filename, line, func), row in rows
    ]


def print_profile(title: str, data: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"{title}: own time by code area (cProfile)")
    table.add_column("area")
    table.add_column("% of time", justify="right")
    for area, share in data["areas"].items():
        table.add_row(area, f"{share:.1f}")
    console.print(table)
    table = Table(title=f"{title}: top functions by own time")
    for col in ("function", "calls", "own s", "cum s"):
        table.add_column(col, justify="left" if col == "function" else "right")
    for row in data["top"]:
        table.add_row(row["function"], str(row["calls"]), str(row["own_s"]), str(row["cum_s"]))
    console.print(table)
