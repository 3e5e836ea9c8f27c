"""`embargo batch` on a 100,000-row customer file: local engine and Spark local mode.

Runs the real command line (``python -m embargo batch``) as a subprocess against the
benchmark catalog holding every bundled list, on the customer file of
`make_customers` (real names; written on first use):

1. ``--engine local --workers 2``: rows per second on the 2 cores of this machine
   (target: at least 1,500 rows/s);
2. ``--engine spark --master local[2]``: the same file on Spark local mode;
3. both outputs compared row by row: the same row ids in the same order, and for every
   row the same error or the same hits (entity id and score, in order).

Reported per engine: rows/s as the engine measures it (screening only) and end to end
(process start, snapshot load, Spark start-up included), CPU seconds of the whole
process tree, and the row counts (errors, rows with hits, rows with matches). On a
shared machine (load average above 2) the wall-clock rates understate what 2 idle
cores do, so the rows per CPU second and the projection made from them (2 × rows per
CPU second) are printed too, labelled as such.
``--profile`` adds a cProfile breakdown of `screen_row` on a sample of rows, in this
process, to show how much of a row's cost is the matcher.

    .venv/bin/python benchmarks/bench_batch.py                  # table, both engines
    .venv/bin/python benchmarks/bench_batch.py --rows 20000 --skip-spark --json
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import (
    CATALOG,
    PYTHON,
    ROOT,
    VAR,
    CpuClock,
    area_shares,
    catalog_env,
    catalog_summary,
    cumulative_share,
    emit_json,
    ensure_snapshot,
    load_row,
    loadavg,
    machine,
    print_profile,
    print_table,
    profile_call,
    say,
    timed_run,
    top_functions,
    tree_cpu_seconds,
    verdict,
)
from make_customers import ensure_customers

TARGET_ROWS_PER_S = 1500.0
COLUMNS = "id=customer_id,name=name,birth_date=birth_date,country=country,schema=type"


def subset(path: Path, rows: int) -> Path:
    """The first ``rows`` data rows of the customer file (for quicker runs)."""
    if rows <= 0:
        return path
    target = VAR / f"customers_{rows}.csv"
    if target.exists() and target.stat().st_mtime >= path.stat().st_mtime:
        return target
    with (
        path.open(encoding="utf-8", newline="") as src,
        target.open("w", encoding="utf-8", newline="") as dst,
    ):
        dst.writelines(itertools.islice(src, rows + 1))  # header + rows (no embedded newlines)
    return target


def run_engine(engine: str, source: Path, output: Path, workers: int) -> dict[str, Any]:
    cmd = [PYTHON, "-m", "embargo", "--catalog", str(CATALOG), "batch", str(source),
           "--output", str(output), "--columns", COLUMNS, "--json", "--engine", engine]  # fmt: skip
    if engine == "local":
        cmd += ["--workers", str(workers)]
    else:
        cmd += ["--master", f"local[{workers}]"]
    say(f"running: {' '.join(cmd[1:])}")
    clock = CpuClock()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True, cwd=ROOT,
                                env=catalog_env())  # fmt: skip
        sampled = 0.0
        while proc.poll() is None:
            # Spark's Python workers are children of the JVM and may never be reaped
            # by it, so rusage misses them: sample the live process tree as well
            sampled = max(sampled, tree_cpu_seconds(proc.pid))
            time.sleep(0.5)
        wall, reaped = clock.elapsed()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    cpu = max(reaped, sampled)
    if proc.returncode != 0:
        tail = (stderr or stdout).strip().splitlines()[-5:]
        return {"engine": engine, "error": " | ".join(tail) or f"exit {proc.returncode}"}
    summary: dict[str, Any] = json.loads(stdout[stdout.index("{") :])
    rows = int(summary["rows"])
    return {
        **summary,
        "engine": summary.get("engine", engine),
        "end_to_end_s": round(wall, 1),
        "end_to_end_rows_per_s": round(rows / wall, 1),
        "cpu_s": round(cpu, 1),
        "cpu_cores_used": round(cpu / wall, 2),
        "rows_per_cpu_s": round(rows / cpu, 1) if cpu else 0.0,
        "projected_rows_per_s_2_idle_cores": round(2 * rows / cpu, 1) if cpu else 0.0,
    }


def _row_signature(data: dict[str, Any]) -> tuple[Any, ...]:
    hits = tuple((h["id"], h["score"]) for h in data.get("results") or [])
    return data.get("error"), hits


def compare_outputs(a: Path, b: Path, examples: int = 5) -> dict[str, Any]:
    """Row-by-row comparison of two JSON-lines outputs (ids, errors, hit ids + scores)."""
    same = differ = 0
    shown: list[dict[str, Any]] = []
    with a.open(encoding="utf-8") as fa, b.open(encoding="utf-8") as fb:
        for line_a, line_b in itertools.zip_longest(fa, fb):
            if line_a is None or line_b is None:
                differ += 1
                continue
            ra, rb = json.loads(line_a), json.loads(line_b)
            if ra["id"] == rb["id"] and _row_signature(ra) == _row_signature(rb):
                same += 1
                continue
            differ += 1
            if len(shown) < examples:
                shown.append(
                    {
                        "row": ra.get("row"),
                        "local": [ra["id"], _row_signature(ra)],
                        "spark": [rb["id"], _row_signature(rb)],
                    }  # fmt: skip
                )
    return {"rows_identical": same, "rows_different": differ, "examples": shown}


def profile_rows(snapshot: Any, source: Path, rows: int) -> dict[str, Any]:
    """cProfile of `screen_row` + outcome serialisation on the first ``rows`` rows."""
    from embargo.screen.batch import ColumnMap, read_header, screen_row

    columns = ColumnMap.parse(COLUMNS, read_header(source))
    with source.open(encoding="utf-8", newline="") as fh:
        sample = list(itertools.islice(csv.DictReader(fh), rows))

    def work() -> None:
        for number, row in enumerate(sample, start=1):
            json.dumps(screen_row(snapshot.screener, number, row, columns).to_dict())

    clock = CpuClock()
    work()
    _wall, cpu = clock.elapsed()
    stats, total = profile_call(work)
    return {
        "rows": len(sample),
        "rows_per_cpu_s_unprofiled": round(len(sample) / cpu, 1),
        "ms_per_row_unprofiled": round(1000 * cpu / len(sample), 2),
        "matcher_share_pct": min(
            100.0, cumulative_share(stats, total, "embargo/screen/party.py", "screen")
        ),
        "areas": area_shares(stats, total),
        "top": top_functions(stats),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    snapshot = ensure_snapshot()  # builds the index once, before the subprocesses
    source = subset(ensure_customers(), args.rows)
    with source.open(encoding="utf-8") as fh:
        n_rows = sum(1 for _ in fh) - 1
    out: dict[str, Any] = {
        "benchmark": "batch",
        "machine": machine(),
        "catalog": catalog_summary(snapshot),
        "input": str(source),
        "rows": n_rows,
        "workers": args.workers,
        "target_rows_per_s": TARGET_ROWS_PER_S,
    }
    local_out = VAR / "batch_local.jsonl"
    out["local"] = run_engine("local", source, local_out, args.workers)
    if "rows_per_second" in out["local"]:
        out["local"]["verdict"] = verdict(out["local"]["rows_per_second"], TARGET_ROWS_PER_S)
    if not args.skip_spark:
        spark_out = VAR / "batch_spark.jsonl"
        out["spark"] = run_engine("spark", source, spark_out, args.workers)
        if "error" not in out["local"] and "error" not in out["spark"]:
            out["comparison"] = compare_outputs(local_out, spark_out)
    if args.profile:
        out["profile"] = profile_rows(snapshot, source, args.profile_rows)
    out["loadavg_1m_at_end"] = loadavg()
    return out


def _engine_rows(label: str, data: dict[str, Any]) -> list[tuple[str, Any]]:
    if "error" in data:
        return [(f"{label}: error", data["error"])]
    rows: list[tuple[str, Any]] = [
        (f"{label}: engine", data["engine"]),
        (f"{label}: rows / errors", f"{data['rows']:,} / {data['errors']:,}"),
        (
            f"{label}: rows with hits / matches",
            f"{data['rows_with_hits']:,} / {data['rows_with_matches']:,}",
        ),  # fmt: skip
        (f"{label}: screening s", data["seconds"]),
        (f"{label}: rows/s (screening)", data["rows_per_second"]),
        (f"{label}: end to end s", data["end_to_end_s"]),
        (f"{label}: rows/s end to end", data["end_to_end_rows_per_s"]),
        (f"{label}: CPU s (process tree)", f"{data['cpu_s']} ({data['cpu_cores_used']} cores)"),
        (f"{label}: rows per CPU s", data["rows_per_cpu_s"]),
        (f"{label}: projected rows/s, 2 idle cores", data["projected_rows_per_s_2_idle_cores"]),
    ]
    if "verdict" in data:
        rows.append((f"{label}: target ≥ {TARGET_ROWS_PER_S:,.0f} rows/s", data["verdict"]))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=0, help="first N rows only (0: all)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-spark", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--profile-rows", type=int, default=2000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    data = timed_run(run, args)
    if args.json:
        emit_json(data)
        return 0
    rows: list[tuple[str, Any]] = [
        ("catalog entities", data["catalog"]["entities"]),
        load_row(data),
        ("input rows", data["rows"]),
        ("workers / Spark cores", data["workers"]),
        *_engine_rows("local", data["local"]),
    ]
    if "spark" in data:
        rows += _engine_rows("spark", data["spark"])
    if "comparison" in data:
        cmp = data["comparison"]
        rows.append(("local vs spark: identical rows", f"{cmp['rows_identical']:,}"))
        rows.append(("local vs spark: different rows", f"{cmp['rows_different']:,}"))
    if "profile" in data:
        prof = data["profile"]
        rows.append(("profile: ms per row (1 core)", prof["ms_per_row_unprofiled"]))
        rows.append(("profile: matcher share", f"{prof['matcher_share_pct']} %"))
    print_table("embargo batch: 2 cores, full bundled catalog", rows)
    if data.get("comparison", {}).get("examples"):
        print("first differing rows:", json.dumps(data["comparison"]["examples"], indent=1))
    if "profile" in data:
        print_profile("screen_row", data["profile"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
