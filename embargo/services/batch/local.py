"""The local batch engine: every core of this machine, one snapshot shared by fork.

The screening snapshot is loaded once in the parent; worker processes are forked
from it and share its memory copy-on-write, so start-up costs nothing per worker.
Rows are read in the parent, sent to workers in chunks, and results come back in
input order, so the output file lists rows as the input did.

The parent shares the machine's cores with its workers, so it does as little as
possible per row: for JSON-lines output the workers stamp and serialise each outcome
and send back the finished line with a four-field summary for the run's counts, so
the parent neither unpickles nested result documents nor encodes them again.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from embargo.screen.batch import ColumnMap, SupportsScreen, iter_rows, read_header, screen_row
from embargo.services.batch.output import dumps, output_format, write_lines, write_outcomes

CHUNK_ROWS = 256
T = TypeVar("T")

_WORKER_SCREENER: SupportsScreen | None = None


@dataclass(frozen=True, slots=True)
class _WorkerArgs:
    """What every worker needs besides the screener (set before the fork)."""

    columns: ColumnMap
    threshold: float | None
    limit: int
    stamp: dict[str, Any]
    serialise: bool  # True: return finished JSON lines (JSON-lines output)


_WORKER_ARGS: _WorkerArgs | None = None

#: A screened row as a worker returns it: (row number, error or None, has hits,
#: has a match, the outcome as a JSON line or as a dict).
Screened = tuple[int, str | None, bool, bool, bytes | dict[str, Any]]


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


def _screen_chunk(chunk: list[tuple[int, dict[str, Any]]]) -> list[Screened]:
    assert _WORKER_SCREENER is not None and _WORKER_ARGS is not None
    args = _WORKER_ARGS
    out: list[Screened] = []
    for number, row in chunk:
        if "__error__" in row:
            outcome = {"id": str(number), "row": number, "name": None,
                       "error": row["__error__"], "results": []}  # fmt: skip
        else:
            outcome = screen_row(
                _WORKER_SCREENER, number, row, args.columns,
                threshold=args.threshold, limit=args.limit,
            ).to_dict()  # fmt: skip
        hits = outcome.get("results") or []
        error = outcome.get("error")
        if args.stamp:
            outcome.update(args.stamp)
        out.append(
            (
                number,
                str(error) if error else None,
                bool(hits),
                any(h.get("match") for h in hits),
                dumps(outcome) if args.serialise else outcome,
            )
        )
    return out


def _expect(kind: type[T], items: Iterable[object]) -> Iterator[T]:
    """``items``, each checked to be a ``kind`` (workers return lines or dicts)."""
    for item in items:
        if not isinstance(item, kind):
            raise TypeError(f"batch worker returned {type(item).__name__}, not {kind.__name__}")
        yield item


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
    serialise = output_format(output_path) == "jsonl"
    _WORKER_SCREENER = screener
    _WORKER_ARGS = _WorkerArgs(column_map, threshold, limit, dict(stamp or {}), serialise)
    chunks = _chunks(iter_rows(input_path), CHUNK_ROWS)

    def screened() -> Iterator[bytes | dict[str, Any]]:
        if n_workers == 1:
            yield from _account(map(_screen_chunk, chunks))
            return
        ctx = mp.get_context("fork")
        # Frozen objects are never visited by the collector, so the forked workers do
        # not copy the shared index pages just to run a full collection over them.
        gc.freeze()
        try:
            with ctx.Pool(n_workers) as pool:
                yield from _account(pool.imap(_screen_chunk, chunks, chunksize=1))
        finally:
            gc.unfreeze()

    def _account(results: Iterable[list[Screened]]) -> Iterator[bytes | dict[str, Any]]:
        for batch in results:
            for number, error, hits, matches, payload in batch:
                report.rows += 1
                if error:
                    report.errors += 1
                    if on_error is not None:
                        on_error(number, error)
                report.rows_with_hits += hits
                report.rows_with_matches += matches
                yield payload
            if progress is not None:
                progress(report.rows)

    try:
        if serialise:
            write_lines(output_path, _expect(bytes, screened()))
        else:
            write_outcomes(output_path, _expect(dict, screened()))
    finally:
        _WORKER_SCREENER = None
        _WORKER_ARGS = None
    report.seconds = time.perf_counter() - started
    return report
