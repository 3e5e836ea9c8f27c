"""Screening speed: index build and load, batch throughput, single-query latency, memory.

    .venv/bin/python benchmarks/bench_speed.py                          # benchmark reference (15k)
    .venv/bin/python benchmarks/bench_speed.py --catalog var/catalog.duckdb   # full catalog
    .venv/bin/python benchmarks/bench_speed.py --ftm lists.ftm.jsonl   # any FtM JSON-lines file
    .venv/bin/python benchmarks/bench_speed.py --synthetic 1000000      # synthetic 1M list

Queries are the screening benchmark's queries (names, birth dates, nationalities:
real names of many scripts, hits and misses alike), screened one after another in
one process on one core:

* **build**: `Screener.build` over the entities, then `save`;
* **load**: `Screener.load` of the saved index in a *fresh* process (wall time, and the
  process's resident memory after loading);
* **warm-up**: `Screener.warm_up` (a few names in several scripts), which builds what
  is made on first use (ICU transliterators…) once per process, as services do;
* **batch**: all queries, sequentially, without explanations (``explain_hits=False``,
  as a batch job that only needs scores), first with cold caches, then again warm
  (repeated names, as when re-screening a customer base); ``*_cpu`` figures divide by
  the process's CPU time instead of wall time, which is what one core delivers when
  other processes compete for the machine (``load_average`` is reported);
* **single query**: each query timed on its own (with explanations): p50, p99, max;
* **memory**: resident set size of the benchmark process (current and peak).

``--synthetic N`` builds N entities from real name parts of the benchmark reference:
person names recombine given names and surnames of listed persons (frequencies as
listed, so common names stay common), organisation names recombine words of listed
organisations with legal forms; birth dates and countries are drawn at random.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from embargo.model.entity import Entity  # noqa: E402
from embargo.screen.party import Query, Screener, load_ftm_entities  # noqa: E402

BENCH = ROOT.parent / "shared" / "data" / "benchmark"


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident set size of this process in MB."""
    current = peak = 0.0
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                current = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    return current, peak


def load_queries(path: Path) -> list[Query]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            data = json.loads(line)
            out.append(Query.from_ftm({"schema": data["schema"], "properties": data["properties"]}))
    return out


def catalog_entities(path: Path) -> Iterator[Entity]:
    from embargo.catalog import Catalog

    with Catalog(path) as catalog:
        yield from catalog.iter_entities()


def synthetic_entities(n: int, reference: Path, seed: int = 7) -> Iterator[Entity]:
    """N entities recombined from real name parts of the reference list."""
    rng = random.Random(seed)
    given: list[str] = []
    family: list[str] = []
    org_words: list[str] = []
    legal = ["LLC", "LIMITED", "JSC", "CO., LTD.", "GMBH", "S.A.", "OOO", "TRADING LLC", "FZE"]
    countries = ["ru", "ir", "kp", "sy", "cn", "ae", "tr", "ve", "cu", "by", "iq", "lb", "af"]
    for line in reference.open(encoding="utf-8"):
        data = json.loads(line)
        names = data["properties"].get("name", [])
        for name in names:
            if data["schema"] == "Person" and "," in name:
                last, _, first = name.partition(",")
                family.append(last.strip())
                given.extend(first.split()[:1])
            elif data["schema"] == "Organization":
                org_words.extend(w for w in name.split() if len(w) > 2 and w.isalpha())
    for i in range(n):
        roll = rng.random()
        if roll < 0.5:
            entity = Entity("synthetic", f"p{i}", "Person")
            parts = [rng.choice(family) + ",", rng.choice(given)]
            if rng.random() < 0.5:
                parts.append(rng.choice(given))
            entity.add("name", " ".join(parts))
            if rng.random() < 0.3:
                entity.add("alias", f"{rng.choice(given)} {rng.choice(family)}")
            entity.add("birthDate", f"{rng.randint(1940, 2000)}-{rng.randint(1, 12):02d}-01")
            entity.add("nationality", rng.choice(countries))
        elif roll < 0.95:
            entity = Entity("synthetic", f"o{i}", "Organization")
            words = [rng.choice(org_words) for _ in range(rng.randint(1, 3))]
            entity.add("name", " ".join(words) + " " + rng.choice(legal))
            entity.add("country", rng.choice(countries))
        else:
            entity = Entity("synthetic", f"v{i}", "Vessel")
            entity.add("name", " ".join(rng.choice(org_words) for _ in range(rng.randint(1, 2))))
            entity.add("imoNumber", str(9_000_000 + i))
        yield entity


def measure_load(index_path: Path) -> dict[str, float]:
    """Load the index in a fresh interpreter; wall seconds and RSS after loading."""
    code = (
        f"import sys, time; sys.path.insert(0, {str(ROOT)!r})\n"
        "t = time.perf_counter()\n"
        "from embargo.screen.party import Screener\n"
        "imported = time.perf_counter() - t\n"
        "t = time.perf_counter()\n"
        f"s = Screener.load({str(index_path)!r})\n"
        "loaded = time.perf_counter() - t\n"
        "rss = [int(x.split()[1]) / 1024 for x in open('/proc/self/status')\n"
        "       if x.startswith('VmRSS:')][0]\n"
        "print(imported, loaded, rss)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    imported, loaded, rss = (float(x) for x in out.stdout.split())
    return {"import_s": imported, "load_s": loaded, "rss_mb": rss}


def run(entities: Iterator[Entity], queries: list[Query], label: str) -> dict[str, object]:
    result: dict[str, object] = {"label": label, "queries": len(queries)}
    started = time.perf_counter()
    screener = Screener.build(entities)
    result["entities"] = screener.index.entity_count
    result["build_s"] = round(time.perf_counter() - started, 2)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "screener.idx"
        started = time.perf_counter()
        screener.save(path)
        result["save_s"] = round(time.perf_counter() - started, 2)
        result["index_mb"] = round(path.stat().st_size / 2**20, 1)
        result.update({f"fresh_{k}": round(v, 3) for k, v in measure_load(path).items()})
        started = time.perf_counter()
        screener = Screener.load(path)
        result["load_s"] = round(time.perf_counter() - started, 3)
    # what a service or a batch job pays once per process, before its first query
    # (ICU transliterators and other tables built on first use): reported apart
    result["warm_up_s"] = round(screener.warm_up(), 3)
    # batch, one core, no explanations (a batch job keeps scores only)
    started = time.perf_counter()
    cpu = time.process_time()
    for query in queries:
        screener.screen(query, explain_hits=False)
    elapsed = time.perf_counter() - started
    result["batch_qps"] = round(len(queries) / elapsed, 1)
    # CPU time of this process: what one core delivers when others compete for it
    result["batch_qps_cpu"] = round(len(queries) / (time.process_time() - cpu), 1)
    # second pass: warm caches (repeated names, as in re-screening a customer base)
    started = time.perf_counter()
    cpu = time.process_time()
    for query in queries:
        screener.screen(query, explain_hits=False)
    result["batch_qps_warm"] = round(len(queries) / (time.perf_counter() - started), 1)
    result["batch_qps_warm_cpu"] = round(len(queries) / (time.process_time() - cpu), 1)
    # single queries with explanations, each timed
    timings = []
    for query in queries:
        t = time.perf_counter()
        screener.screen(query)
        timings.append((time.perf_counter() - t) * 1000)
    timings.sort()
    result["single_p50_ms"] = round(statistics.median(timings), 3)
    result["single_p99_ms"] = round(timings[int(0.99 * (len(timings) - 1))], 3)
    result["single_max_ms"] = round(timings[-1], 3)
    current, peak = rss_mb()
    result["rss_mb"] = round(current, 1)
    result["peak_rss_mb"] = round(peak, 1)
    result["cpu_count"] = os.cpu_count()
    result["load_average"] = round(os.getloadavg()[0], 2)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--ftm", type=Path, help="FtM JSON-lines file to index")
    source.add_argument("--catalog", type=Path, help="catalog file: index its current lists")
    source.add_argument("--synthetic", type=int, help="index N synthetic entities")
    parser.add_argument("--queries", type=Path, default=BENCH / "queries.jsonl")
    parser.add_argument("--reference", type=Path, default=BENCH / "reference.ftm.jsonl")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    queries = load_queries(args.queries)
    entities: Iterator[Entity]
    if args.catalog is not None:
        entities, label = catalog_entities(args.catalog), f"catalog {args.catalog}"
    elif args.synthetic is not None:
        entities = synthetic_entities(args.synthetic, args.reference)
        label = f"synthetic {args.synthetic}"
    else:
        path = args.ftm or args.reference
        entities, label = load_ftm_entities(path), str(path)
    result = run(entities, queries, label)
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
