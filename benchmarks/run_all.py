"""Run every benchmark script in ``benchmarks/`` one after another (``make bench``).

Every ``bench_*.py`` found here runs as its own subprocess with its default
arguments, whoever wrote it, so a new benchmark joins ``make bench`` by being added
to the folder. They run one at a time, never in parallel: each one measures speed on
the machine's 2 cores, and two at once would measure each other. Output is streamed
as it comes; a summary of exit codes and durations closes the run. A failing
benchmark does not stop the others; the exit code is non-zero if any failed.

    .venv/bin/python benchmarks/run_all.py                    # all of them
    .venv/bin/python benchmarks/run_all.py --only api batch   # bench_api, bench_batch
    .venv/bin/python benchmarks/run_all.py --skip quality --list
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

#: Run first, in this order, when present (cheap and self-contained ones first);
#: any other bench_*.py follows in name order.
PREFERRED = ("quality", "speed", "translit", "load", "scan", "messages", "batch", "api")


def discover() -> list[Path]:
    scripts = {p.stem.removeprefix("bench_"): p for p in HERE.glob("bench_*.py")}
    ordered = [scripts.pop(name) for name in PREFERRED if name in scripts]
    return ordered + [scripts[name] for name in sorted(scripts)]


def _selected(path: Path, only: list[str], skip: list[str]) -> bool:
    name = path.stem.removeprefix("bench_")
    if only and name not in only and path.stem not in only:
        return False
    return name not in skip and path.stem not in skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--only", nargs="*", default=[], help="benchmark names to run")
    parser.add_argument("--skip", nargs="*", default=[], help="benchmark names to leave out")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per benchmark")
    parser.add_argument("--list", action="store_true", help="print the benchmarks and stop")
    args = parser.parse_args(argv)
    scripts = [p for p in discover() if _selected(p, args.only, args.skip)]
    if args.list:
        for path in scripts:
            print(path.relative_to(ROOT))
        return 0
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    summary: list[tuple[str, str, float]] = []
    for path in scripts:
        print(f"\n=== {path.relative_to(ROOT)} ===", flush=True)
        started = time.perf_counter()
        try:
            proc = subprocess.run(
                [sys.executable, str(path)], cwd=ROOT, env=env, timeout=args.timeout
            )
            status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}"
        except subprocess.TimeoutExpired:
            status = f"timed out after {args.timeout:.0f} s"
        summary.append((path.stem, status, time.perf_counter() - started))
    print("\n=== summary ===")
    width = max((len(name) for name, _, _ in summary), default=10)
    for name, status, seconds in summary:
        print(f"{name:<{width}}  {status:<24}  {seconds:8.1f} s")
    return 0 if all(status == "ok" for _, status, _ in summary) else 1


if __name__ == "__main__":
    sys.exit(main())
