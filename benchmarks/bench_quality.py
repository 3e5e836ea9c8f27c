"""Screening quality on the benchmark: run the engine, score with the official scorer.

    .venv/bin/python benchmarks/bench_quality.py                       # dev split
    .venv/bin/python benchmarks/bench_quality.py --queries Q.jsonl --reference R.jsonl
    .venv/bin/python benchmarks/bench_quality.py --half odd             # one half only

The engine sees each query's ``schema`` and ``properties`` only (never ``expected``,
``related`` or ``kind``). Results (up to 10 per query, no threshold) are written as
JSON lines and scored by ``shared/bench/score_quality.py``, whose table is printed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from embargo.screen.party import Query, Screener, load_ftm_entities  # noqa: E402

SHARED = ROOT.parent / "shared"
BENCH = SHARED / "data" / "benchmark"
SCORER = SHARED / "bench" / "score_quality.py"


def query_half(query_id: str, half: str) -> bool:
    """Deterministic split of queries into two halves by id (for overfitting checks)."""
    if half == "all":
        return True
    bit = int(query_id[-1], 16) % 2
    return bit == (0 if half == "even" else 1)


def run(reference: Path, queries: Path, output: Path, half: str = "all") -> float:
    started = time.perf_counter()
    screener = Screener.build(load_ftm_entities(reference))
    built = time.perf_counter() - started
    print(f"index built in {built:.1f}s: {screener.index.entity_count} entities")
    rows = []
    with queries.open(encoding="utf-8") as fh:
        for line in fh:
            data = json.loads(line)
            if query_half(data["id"], half):
                # only what an engine may see
                rows.append(
                    {"id": data["id"], "schema": data["schema"], "properties": data["properties"]}
                )
    started = time.perf_counter()
    with output.open("w", encoding="utf-8") as out:
        for row in rows:
            query = Query.from_ftm(row)
            result = screener.screen(query, limit=10, explain_hits=False, group=False)
            hits = [{"id": h.id, "score": round(h.score, 6)} for h in result.results]
            out.write(json.dumps({"query_id": row["id"], "results": hits}) + "\n")
    elapsed = time.perf_counter() - started
    print(f"{len(rows)} queries in {elapsed:.1f}s ({len(rows) / elapsed:.0f} queries/s)")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reference", type=Path, default=BENCH / "reference.ftm.jsonl")
    parser.add_argument("--queries", type=Path, default=BENCH / "queries.jsonl")
    parser.add_argument("--output", type=Path, default=ROOT / "var" / "bench" / "results.jsonl")
    parser.add_argument("--half", choices=("all", "even", "odd"), default="all")
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--json", type=Path, default=None, help="also write the JSON summary")
    args = parser.parse_args()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    run(args.reference, args.queries, args.output, args.half)
    queries = args.queries
    if args.half != "all":
        queries = args.output.with_suffix(".queries.jsonl")
        with args.queries.open(encoding="utf-8") as src, queries.open("w") as dst:
            for line in src:
                if query_half(json.loads(line)["id"], args.half):
                    dst.write(line)
    cmd = [sys.executable, str(SCORER), str(queries), str(args.output)]
    if args.threshold is not None:
        cmd += ["--threshold", str(args.threshold)]
    if args.json is not None:
        cmd += ["--json", str(args.json)]
    return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main())
