"""Batch screening of a customer file: local engine (and Spark, same results)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from embargo.exc import QueryError
from embargo.services.batch.local import run_local
from embargo.services.screening import ScreeningSnapshot

CUSTOMERS = [
    {"cust_no": "C1", "full_name": "Sergei Shoigu", "dob": "1955-05-21", "country": "Russia"},
    {"cust_no": "C2", "full_name": "Jeanne Dupont", "dob": "1970-04-12", "country": "France"},
    {"cust_no": "C3", "full_name": "김정은", "dob": "", "country": ""},
    {"cust_no": "C4", "full_name": "", "dob": "", "country": ""},
    {"cust_no": "C5", "full_name": "Yevgeny Prigozhin", "dob": "not a date", "country": ""},
    {"cust_no": "C6", "full_name": "Nancy Pelosi", "dob": "1940", "country": "United States"},
    {"cust_no": "C7", "full_name": "Евгений Пригожин", "dob": "", "country": "RU"},
]


def write_customers(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(CUSTOMERS[0]))
        writer.writeheader()
        writer.writerows(CUSTOMERS)
    return path


COLUMNS = "id=cust_no,name=full_name,birth_date=dob,country=country"


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_local_engine_screens_every_row(snapshot: ScreeningSnapshot, tmp_path: Path) -> None:
    src = write_customers(tmp_path / "customers.csv")
    out = tmp_path / "results.jsonl"
    errors: list[tuple[int, str]] = []
    report = run_local(
        snapshot.screener,
        src,
        out,
        columns=COLUMNS,
        workers=2,
        stamp={"list_versions": snapshot.list_versions},
        on_error=lambda row, msg: errors.append((row, msg)),
    )
    rows = read_jsonl(out)
    assert [r["id"] for r in rows] == ["C1", "C2", "C3", "C4", "C5", "C6", "C7"]
    assert report.rows == 7 and report.errors == 1
    by_id = {r["id"]: r for r in rows}
    top = by_id["C1"]["results"][0]  # type: ignore[index]
    assert top["id"] == "us_ofac_sdn-35173" and top["match"] is True
    assert by_id["C3"]["results"][0]["id"] == "us_ofac_sdn-20157"  # type: ignore[index]
    assert by_id["C7"]["results"][0]["id"] == "us_ofac_sdn-21171"  # type: ignore[index]
    assert not any(h["match"] for h in by_id["C2"]["results"])  # type: ignore[union-attr]
    assert not any(h["match"] for h in by_id["C6"]["results"])  # type: ignore[union-attr]
    assert "empty name" in str(by_id["C4"]["error"])
    assert "error" not in by_id["C5"]  # a bad date is dropped, the name still screened
    assert "not a date" in str(by_id["C5"]["warnings"])
    assert by_id["C5"]["results"][0]["id"] == "us_ofac_sdn-21171"  # type: ignore[index]
    assert [row for row, _ in errors] == [4]
    assert by_id["C1"]["list_versions"] == snapshot.list_versions
    assert by_id["C1"]["config"]["name"]  # type: ignore[index]


def test_csv_and_parquet_outputs(snapshot: ScreeningSnapshot, tmp_path: Path) -> None:
    src = write_customers(tmp_path / "customers.csv")
    run_local(snapshot.screener, src, tmp_path / "out.csv", columns=COLUMNS, workers=1)
    with (tmp_path / "out.csv").open(encoding="utf-8") as fh:
        flat = list(csv.DictReader(fh))
    assert flat[0]["top_id"] == "us_ofac_sdn-35173" and flat[0]["top_match"] == "True"
    assert flat[3]["error"]
    run_local(snapshot.screener, src, tmp_path / "out.parquet", columns=COLUMNS, workers=1)
    table = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert [r["id"] for r in table] == [c["cust_no"] for c in CUSTOMERS]
    assert table[0]["top_id"] == "us_ofac_sdn-35173"


def test_jsonl_input_with_a_broken_line(snapshot: ScreeningSnapshot, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"name": "Kim Jong Un"}\n{not json\n{"name": "Jane Roe"}\n', "utf-8")
    out = tmp_path / "out.jsonl"
    report = run_local(snapshot.screener, src, out, workers=1)
    rows = read_jsonl(out)
    assert report.rows == 3 and report.errors == 1
    assert "invalid JSON" in str(rows[1]["error"]) and rows[1]["row"] == 2
    assert rows[0]["results"][0]["id"] == "us_ofac_sdn-20157"  # type: ignore[index]


def test_bad_column_mapping_is_refused_and_nothing_is_written(
    snapshot: ScreeningSnapshot, tmp_path: Path
) -> None:
    src = write_customers(tmp_path / "customers.csv")
    out = tmp_path / "out.jsonl"
    with pytest.raises(QueryError, match="column 'surname'"):
        run_local(snapshot.screener, src, out, columns="name=surname")
    nameless = tmp_path / "nameless.csv"
    nameless.write_text("cust_no,town\nC1,Paris\n", "utf-8")
    with pytest.raises(QueryError, match="no name column"):
        run_local(snapshot.screener, nameless, out, columns="id=cust_no")
    assert not out.exists()
    assert not list(tmp_path.glob(".out.jsonl*"))


@pytest.mark.spark
def test_spark_engine_gives_identical_results(snapshot: ScreeningSnapshot, tmp_path: Path) -> None:
    from embargo.services.batch.spark import run_spark, spark_session
    from embargo.services.screening import snapshot_index_path

    src = write_customers(tmp_path / "customers.csv")
    stamp = {"list_versions": snapshot.list_versions}
    by_local = run_local(snapshot.screener, src, tmp_path / "local.jsonl", columns=COLUMNS,
                         workers=2, stamp=stamp)  # fmt: skip
    spark = spark_session("local[2]")
    try:
        report = run_spark(
            snapshot_index_path(snapshot), src, tmp_path / "spark.jsonl", columns=COLUMNS,
            stamp=stamp, session=spark, partitions=3,
        )  # fmt: skip
        run_spark(
            snapshot_index_path(snapshot), src, tmp_path / "parts", columns=COLUMNS,
            stamp=stamp, session=spark, partitions=3, output_dir=True,
        )  # fmt: skip
    finally:
        spark.stop()
    assert report.rows == 7 and report.rows_with_matches >= 1
    counts = ("rows", "errors", "rows_with_hits", "rows_with_matches")
    assert [getattr(report, c) for c in counts] == [getattr(by_local, c) for c in counts]
    # the same bytes, and part files that list the rows in input order
    local_bytes = (tmp_path / "local.jsonl").read_bytes()
    assert (tmp_path / "spark.jsonl").read_bytes() == local_bytes
    parts = sorted((tmp_path / "parts").glob("part-*"))
    assert len(parts) == 3
    assert b"".join(p.read_bytes() for p in parts) == local_bytes
    local = read_jsonl(tmp_path / "local.jsonl")
    remote = read_jsonl(tmp_path / "spark.jsonl")
    for a, b in zip(local, remote, strict=True):
        a.pop("duration_ms", None), b.pop("duration_ms", None)
    assert local == remote


def test_unclosed_quote_is_reported_not_swallowed(
    snapshot: ScreeningSnapshot, tmp_path: Path
) -> None:
    src = tmp_path / "broken.csv"
    src.write_text(
        'id,name\nC1,Kim Jong Un\nC2,"Unclosed quote\nC3,Maria Huber\nC4,Sergei Shoigu\n', "utf-8"
    )
    out = tmp_path / "out.jsonl"
    report = run_local(snapshot.screener, src, out, workers=1)
    rows = read_jsonl(out)
    assert rows[0]["results"][0]["id"] == "us_ofac_sdn-20157"  # type: ignore[index]
    assert report.errors == 1
    assert "quoted field is not closed" in str(rows[1]["error"])


def test_a_file_that_is_not_utf8_is_refused_with_its_row(
    snapshot: ScreeningSnapshot, tmp_path: Path
) -> None:
    # a spreadsheet's "CSV" export in Windows-1252, as many customer files arrive
    src = tmp_path / "latin1.csv"
    src.write_bytes("id,name\nC1,Sergei Shoigu\nC2,José Müller\n".encode("cp1252"))
    out = tmp_path / "out.jsonl"
    with pytest.raises(QueryError, match=r"latin1\.csv: line 3 is not UTF-8 text \(byte 0xe9\)"):
        run_local(snapshot.screener, src, out, workers=1)
    assert not out.exists()


def test_gzipped_input_and_output_permissions(snapshot: ScreeningSnapshot, tmp_path: Path) -> None:
    import gzip
    import os

    plain = write_customers(tmp_path / "customers.csv")
    packed = tmp_path / "customers.csv.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    run_local(snapshot.screener, plain, tmp_path / "plain.jsonl", columns=COLUMNS, workers=1)
    run_local(snapshot.screener, packed, tmp_path / "packed.jsonl", columns=COLUMNS, workers=1)
    assert read_jsonl(tmp_path / "packed.jsonl") == read_jsonl(tmp_path / "plain.jsonl")
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "plain.jsonl").stat().st_mode & 0o777 == 0o666 & ~mask
