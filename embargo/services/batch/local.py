"""The local batch engine: every core of this machine, one snapshot shared by fork.

The screening snapshot is loaded once in the parent; worker processes are forked
from it and share its memory copy-on-write, so start-up costs nothing per worker.
Rows are read in the parent, sent to workers in chunks, and results come back in
input order, so the output file lists rows as the input did.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from embargo.screen.batch import ColumnMap, SupportsScreen, iter_rows, read_header, screen_row
from embargo.services.batch.output import write_outcomes

CHUNK_ROWS = 256

_WORKER_SCREENER: SupportsScreen | None = None
_WORKER_ARGS: tuple[ColumnMap, float | None, int] | None = None


@dataclass(slots=True)
class BatchReport:
    """What a batch run did (printed by the CLI, returned to callers)."""

    rows: int = 0
    errors: int = 0
    rows_with_hits: int = 0
    rows_with_matches: int = 0
    seconds: float = 0.0
    engine: str = "local"
    workers: int = 1

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "workers": self.workers,
            "rows": self.rows,
            "errors": self.errors,
            "rows_with_hits": self.rows_with_hits,
            "rows_with_matches": self.rows_with_matches,
            "seconds": round(self.seconds, 3),
            "rows_per_second": round(self.rows_per_second, 1),
        }


def _chunks(rows: Iterable[tuple[int, dict[str, Any]]], size: int) -> Iterator[list[Any]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def _screen_chunk(chunk: list[tuple[int, dict[str, Any]]]) -> list[dict[str, Any]]:
    assert _WORKER_SCREENER is not None and _WORKER_ARGS is not None
    columns, threshold, limit = _WORKER_ARGS
    out = []
    for number, row in chunk:
        if "__error__" in row:
            out.append({"id": str(number), "row": number, "name": None,
                        "error": row["__error__"], "results": []})  # fmt: skip
            continue
        outcome = screen_row(
            _WORKER_SCREENER, number, row, columns, threshold=threshold, limit=limit
        )
        out.append(outcome.to_dict())
    return out


def run_local(
    screener: SupportsScreen,
    input_path: Path,
    output_path: Path,
    *,
    columns: str | None = None,
    threshold: float | None = None,
    limit: int = 10,
    workers: int | None = None,
    stamp: dict[str, Any] | None = None,
    progress: Callable[[int], None] | None = None,
    on_error: Callable[[int, str], None] | None = None,
) -> BatchReport:
    """Screen every row of ``input_path`` and write the outcomes to ``output_path``.

    Args:
        screener: what rows are screened with (a snapshot or a `Screener`).
        columns: ``role=column,…`` mapping (see `ColumnMap.parse`).
        workers: processes to use (default: every core).
        stamp: fields added to every output line (e.g. list versions).
        progress: called with the number of rows finished so far.
        on_error: called with (row number, message) for every row that failed.
    """
    global _WORKER_SCREENER, _WORKER_ARGS
    header = read_header(input_path)
    column_map = ColumnMap.parse(columns, header)
    n_workers = max(1, workers or os.cpu_count() or 1)
    report = BatchReport(workers=n_workers)
    started = time.perf_counter()
    _WORKER_SCREENER = screener
    _WORKER_ARGS = (column_map, threshold, limit)
    chunks = _chunks(iter_rows(input_path), CHUNK_ROWS)

    def outcomes() -> Iterator[dict[str, Any]]:
        if n_workers == 1:
            results: Iterable[list[dict[str, Any]]] = map(_screen_chunk, chunks)
            yield from _account(results)
            return
        ctx = mp.get_context("fork")
        with ctx.Pool(n_workers) as pool:
            yield from _account(pool.imap(_screen_chunk, chunks, chunksize=1))

    def _account(results: Iterable[list[dict[str, Any]]]) -> Iterator[dict[str, Any]]:
        for batch in results:
            for outcome in batch:
                report.rows += 1
                if outcome.get("error"):
                    report.errors += 1
                    if on_error is not None:
                        on_error(int(outcome["row"]), str(outcome["error"]))
                hits = outcome.get("results") or []
                report.rows_with_hits += bool(hits)
                report.rows_with_matches += any(h.get("match") for h in hits)
                if stamp:
                    outcome.update(stamp)
                yield outcome
            if progress is not None:
                progress(report.rows)

    try:
        write_outcomes(output_path, outcomes())
    finally:
        _WORKER_SCREENER = None
        _WORKER_ARGS = None
    report.seconds = time.perf_counter() - started
    return report
