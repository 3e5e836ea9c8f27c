"""The Spark batch engine: the same matching code, rows screened per partition.

The persisted screening index (one file) is shipped to the executors once with
``SparkContext.addFile``; each Python worker loads it on first use and keeps it for
every later partition (module-level cache), so the per-row cost is the matching
itself. Rows are numbered in input order with ``zipWithIndex``; every partition
calls `embargo.screen.batch.screen_row`, exactly as the local engine does, so both
engines produce identical outcomes for the same file.

Distribution: a CSV of a few megabytes is ONE input split, so the numbered rows are
spread over ``partitions`` (default: four per core) by contiguous row ranges and
sorted within each partition (`repartitionAndSortWithinPartitions`, a shuffle of the
raw rows only). Partition i then holds rows before those of partition i+1, so output
in partition order is output in row order and no sort of the screened results is
needed — ``sortByKey`` would evaluate the whole screening three times (a count and a
sample to find its range bounds, then the shuffle).

Input is read by Spark's own readers (CSV with a header, JSON lines, Parquet), every
column as it comes (CSV: strings). Output: for a ``.jsonl``/``.csv``/``.parquet``
file, the partitions are screened in parallel and kept on the executors' disks, then
streamed back to the driver in row order (``toLocalIterator``, one partition in
memory at a time) and written atomically like the local engine's;
with ``output_dir=True`` each partition is written by the executors instead (JSON
lines part files), which is what a cluster-sized customer base needs.

The executors need embargo and its dependencies installed (the same environment as
the driver in local mode; a cluster image or ``--py-files`` otherwise).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from embargo.screen.batch import ColumnMap, input_format, read_header, screen_row
from embargo.screen.party import Screener
from embargo.services.batch.local import BatchReport
from embargo.services.batch.output import dumps, output_format, write_lines, write_outcomes

#: A screened row as the executors return it: (row number, (error, has hits,
#: has a match, the outcome as a JSON line)); the driver counts from the summary and,
#: for JSON-lines output, writes the line as it came.
SparkScreened = tuple[int, tuple[str | None, bool, bool, str]]

_EXECUTOR_SCREENERS: dict[str, Screener] = {}


def _executor_screener(file_name: str) -> Screener:
    """Load the shipped index once per Python worker."""
    screener = _EXECUTOR_SCREENERS.get(file_name)
    if screener is None:
        from pyspark import SparkFiles

        screener = Screener.load(Path(SparkFiles.get(file_name)))
        _EXECUTOR_SCREENERS[file_name] = screener
    return screener


def _screen_partition(
    rows: Iterator[tuple[int, Any]],
    file_name: str,
    columns: ColumnMap,
    threshold: float | None,
    limit: int,
    stamp: dict[str, Any],
) -> Iterator[SparkScreened]:
    screener = _executor_screener(file_name)
    for index, spark_row in rows:
        number = index + 1
        row = spark_row.asDict() if hasattr(spark_row, "asDict") else dict(spark_row)
        outcome = screen_row(screener, number, row, columns, threshold=threshold, limit=limit)
        data = outcome.to_dict()
        data.update(stamp)
        hits = data.get("results") or []
        error = data.get("error")
        summary = (
            str(error) if error else None,
            bool(hits),
            any(h.get("match") for h in hits),
            dumps(data).decode("utf-8"),
        )
        yield number, summary


def spark_session(master: str = "local[*]", app_name: str = "embargo-batch") -> Any:
    """A Spark session whose Python workers use this interpreter."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )


def run_spark(
    index_path: Path,
    input_path: Path,
    output_path: Path,
    *,
    columns: str | None = None,
    threshold: float | None = None,
    limit: int = 10,
    master: str = "local[*]",
    partitions: int | None = None,
    stamp: dict[str, Any] | None = None,
    session: Any = None,
    output_dir: bool = False,
) -> BatchReport:
    """Screen ``input_path`` on Spark with the persisted index at ``index_path``."""
    started = time.perf_counter()
    header = read_header(input_path)
    column_map = ColumnMap.parse(columns, header)
    spark = session or spark_session(master)
    sc = spark.sparkContext
    sc.addFile(str(index_path))
    file_name = index_path.name
    fmt = input_format(input_path)
    reader = spark.read
    if fmt == "csv":
        sep = "\t" if input_path.name.endswith(".tsv") else ","
        frame = reader.option("header", True).option("escape", '"').option("sep", sep)
        frame = frame.option("inferSchema", False).csv(str(input_path))
    elif fmt == "parquet":
        frame = reader.parquet(str(input_path))
    else:
        frame = reader.json(str(input_path))
    numbered = frame.rdd.zipWithIndex().map(lambda pair: (pair[1], pair[0]))
    total = numbered.count()
    n_parts = max(1, min(partitions or sc.defaultParallelism * 4, total or 1))
    if n_parts > 1:
        numbered = numbered.repartitionAndSortWithinPartitions(
            n_parts, partitionFunc=lambda index: index * n_parts // total
        )
    extra = dict(stamp or {})
    screened = numbered.mapPartitions(
        lambda rows: _screen_partition(rows, file_name, column_map, threshold, limit, extra)
    )
    report = BatchReport(engine=f"spark[{sc.master}]", workers=sc.defaultParallelism)
    if output_dir:
        screened.map(lambda item: item[1][3]).saveAsTextFile(str(output_path))
        report.rows = total
    else:
        from pyspark import StorageLevel

        # screen every partition in parallel first; then stream them in order
        screened.persist(StorageLevel.DISK_ONLY)
        screened.count()

        def lines() -> Iterator[str]:
            for _number, (error, hits, matches, line) in screened.toLocalIterator():
                report.rows += 1
                report.errors += bool(error)
                report.rows_with_hits += hits
                report.rows_with_matches += matches
                yield line

        try:
            if output_format(output_path) == "jsonl":
                write_lines(output_path, (line.encode("utf-8") for line in lines()))
            else:
                write_outcomes(output_path, (json.loads(line) for line in lines()))
        finally:
            screened.unpersist()
    report.seconds = time.perf_counter() - started
    return report
