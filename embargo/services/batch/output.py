"""Writing batch results: JSON lines, CSV or Parquet, atomically.

JSON lines carry each row's full outcome (every hit with score, match flag, list
versions and explanation). CSV and Parquet are flat: one line per input row with the
top hit in columns and every hit as JSON in ``results``, which is what spreadsheet
and warehouse users ask for.

Rows are written by the one process that collects the workers' results, so its
serialisation cost is paid once per row on top of the screening: JSON is written
with orjson (compact, keys sorted), about five times faster than `json.dumps` on
these documents; the standard library is the fallback.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

try:  # orjson is installed with rigour and followthemoney
    import orjson

    def dumps(data: Any) -> bytes:
        """Compact UTF-8 JSON with sorted keys (one output line)."""
        return orjson.dumps(data, option=orjson.OPT_SORT_KEYS)

except ImportError:  # pragma: no cover

    def dumps(data: Any) -> bytes:
        """Compact UTF-8 JSON with sorted keys (one output line)."""
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return text.encode("utf-8")


FLAT_COLUMNS = (
    "id", "row", "name", "error", "hits", "matches", "top_id", "top_caption", "top_score",
    "top_match", "results",
)  # fmt: skip


def output_format(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(".parquet"):
        return "parquet"
    return "jsonl"


def flatten(outcome: dict[str, Any]) -> dict[str, Any]:
    """One flat record per row (CSV/Parquet)."""
    results = outcome.get("results") or []
    top = results[0] if results else {}
    return {
        "id": outcome.get("id"),
        "row": outcome.get("row"),
        "name": outcome.get("name"),
        "error": outcome.get("error"),
        "hits": len(results),
        "matches": sum(1 for r in results if r.get("match")),
        "top_id": top.get("id"),
        "top_caption": top.get("caption"),
        "top_score": top.get("score"),
        "top_match": top.get("match"),
        "results": dumps(results).decode("utf-8"),
    }


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path next to ``path`` that replaces it only on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    # mkstemp creates the file 0600; results are for the team: the permissions any
    # new file gets (the process umask), as if it had been opened directly
    mask = os.umask(0)
    os.umask(mask)
    tmp.chmod(0o666 & ~mask)
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_outcomes(path: Path, outcomes: Iterable[dict[str, Any]]) -> int:
    """Write outcomes in the format the file name asks for; returns the row count."""
    fmt = output_format(path)
    count = 0
    with atomic_path(path) as tmp:
        if fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            writer = None
            batch: list[dict[str, Any]] = []
            try:
                for outcome in outcomes:
                    batch.append(flatten(outcome))
                    count += 1
                    if len(batch) >= 10_000:
                        table = pa.Table.from_pylist(batch, schema=_parquet_schema())
                        writer = writer or pq.ParquetWriter(tmp, table.schema)
                        writer.write_table(table)
                        batch = []
                table = pa.Table.from_pylist(batch, schema=_parquet_schema())
                writer = writer or pq.ParquetWriter(tmp, table.schema)
                writer.write_table(table)
            finally:
                if writer is not None:
                    writer.close()
        elif fmt == "csv":
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                count = _write_csv(fh, outcomes)
        else:
            with tmp.open("wb") as out:
                for outcome in outcomes:
                    out.write(dumps(outcome) + b"\n")
                    count += 1
    return count


def write_lines(path: Path, lines: Iterable[bytes]) -> int:
    """Write finished JSON lines (without their newline) atomically; the row count."""
    count = 0
    with atomic_path(path) as tmp, tmp.open("wb") as out:
        for line in lines:
            out.write(line + b"\n")
            count += 1
    return count


def _write_csv(fh: IO[str], outcomes: Iterable[dict[str, Any]]) -> int:
    count = 0
    writer = csv.DictWriter(fh, fieldnames=FLAT_COLUMNS)
    writer.writeheader()
    for outcome in outcomes:
        writer.writerow(flatten(outcome))
        count += 1
    return count


def _parquet_schema() -> Any:
    import pyarrow as pa

    return pa.schema(
        [
            ("id", pa.string()),
            ("row", pa.int64()),
            ("name", pa.string()),
            ("error", pa.string()),
            ("hits", pa.int64()),
            ("matches", pa.int64()),
            ("top_id", pa.string()),
            ("top_caption", pa.string()),
            ("top_score", pa.float64()),
            ("top_match", pa.bool_()),
            ("results", pa.string()),
        ]
    )
