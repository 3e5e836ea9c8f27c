"""HTTP API throughput and latency: `embargo serve` (real uvicorn) under 50 clients.

Starts ``python -m embargo serve`` on 127.0.0.1 (loopback only) against the benchmark
catalog holding every bundled list, waits until every worker answers ``/readyz``,
warms it up, and then drives single-party yente-style ``POST /match/default``
requests built from real names: the screening benchmark's queries (names, birth
dates, nationalities as the benchmark gives them) followed by the customer file's
names, so no two requests of a run are the same and no cache can flatter the result.

Three measurements per server configuration, each bounded in time and request count
(default: 20 s or 20,000 requests, whichever comes first):

- ``baseline``: one connection, one request at a time (5 s): the service time of a
  request without any queue, i.e. the best latency the server can give;
- ``saturate``: 50 connections, each sending its next request as soon as the previous
  answer arrived (closed loop): the most the server can do, and its latency when full.
  By Little's law the mean latency there is 50 / throughput, so p99 ≤ 50 ms with 50
  busy clients needs more than 1,000 requests/s;
- ``paced``: 50 connections sending at a fixed total rate (``--rate``, default 500/s,
  open loop): the latency a client sees at the target load. Latency is measured from
  the moment a request was due, so a server that falls behind is charged for the
  queue (no coordinated omission).

The load generator runs on the same 2 cores as the server, so its CPU seconds are
measured and printed beside the server's (the whole process tree: uvicorn and its
workers). The client is ``wrk`` when installed (a C load generator: least CPU) for
the saturate run, else a lean asyncio client (raw HTTP/1.1 keep-alive streams, no
HTTP library); the paced run always uses the asyncio client. Which one ran is printed.

Targets: at least 500 requests/s, p99 at most 50 ms. The machine is shared with
other users, so the load average at start and end is printed, and next to each
measured rate a projection for 2 idle cores from the CPU seconds the server and the
client spent per request (labelled as a projection).

    .venv/bin/python benchmarks/bench_api.py                       # workers 1 and 2
    .venv/bin/python benchmarks/bench_api.py --workers 2 --json --client asyncio
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import (
    CATALOG,
    PYTHON,
    ROOT,
    VAR,
    CpuClock,
    benchmark_queries,
    catalog_env,
    catalog_summary,
    descendants,
    emit_json,
    ensure_snapshot,
    latency_summary,
    load_row,
    loadavg,
    machine,
    print_table,
    proc_cpu_seconds,
    say,
    timed_run,
    tree_cpu_seconds,
    verdict,
)
from make_customers import ensure_customers

HOST = "127.0.0.1"  # loopback only: this benchmark never sends traffic anywhere else
PATH = "/match/default"
TARGET_RPS = 500.0
TARGET_P99_MS = 50.0


# ---------------------------------------------------------------- request bodies


def request_bodies(limit: int) -> list[bytes]:
    """Distinct single-party yente requests: benchmark queries, then customer names."""
    bodies: list[bytes] = []
    for query in benchmark_queries():
        bodies.append(json.dumps({"queries": {"q": query}}, ensure_ascii=False).encode())
    with ensure_customers().open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if len(bodies) >= limit:
                break
            name = (row.get("name") or "").strip()
            if not name or len(name) > 200 or not any(ch.isalnum() for ch in name):
                continue
            props: dict[str, list[str]] = {"name": [name]}
            schema = "Person" if row.get("type") == "individual" else "Organization"
            if row.get("birth_date") and row["birth_date"][:4].isdigit():
                props["birthDate"] = [row["birth_date"]]
            body = {"queries": {"q": {"schema": schema, "properties": props}}}
            bodies.append(json.dumps(body, ensure_ascii=False).encode())
    return bodies[:limit]


# ---------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """``embargo serve`` as a subprocess on loopback; stopped by its own pid only."""

    workers: int
    catalog: Path = CATALOG
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None
    log_path: Path = field(default_factory=lambda: VAR / "serve.log")

    def start(self, timeout: float = 300.0) -> float:
        cmd = [PYTHON, "-m", "embargo", "--catalog", str(self.catalog), "serve", "--host", HOST,
               "--port", str(self.port), "--workers", str(self.workers)]  # fmt: skip
        say(f"starting: {' '.join(cmd[1:])}")
        started = time.perf_counter()
        log = self.log_path.open("wb")
        env = {**catalog_env(), "EMBARGO_CATALOG": str(self.catalog)}
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=log)
        self.wait_ready(timeout)
        return time.perf_counter() - started

    def worker_pids(self) -> list[int]:
        """The processes that serve requests: the workers, or the server itself."""
        if self.proc is None:
            return []
        kids = [p for p in descendants(self.proc.pid) if _is_worker(p)]
        return kids or [self.proc.pid]

    def worker_cpu_seconds(self) -> dict[int, float]:
        out = {}
        for pid in self.worker_pids():
            try:
                out[pid] = proc_cpu_seconds(pid)
            except (OSError, IndexError, ValueError):
                continue
        return out

    def wait_ready(self, timeout: float) -> None:
        """Every worker ready: 20 consecutive 200s from /readyz on fresh connections."""
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        streak = 0
        while streak < 20:
            if self.proc.poll() is not None:
                tail = self.log_path.read_text("utf-8", "replace")[-2000:]
                raise RuntimeError(f"server exited with {self.proc.returncode}: {tail}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"server not ready after {timeout:.0f} s")
            status = _get_status(self.port, "/readyz")
            streak = streak + 1 if status == 200 else 0
            time.sleep(0.05 if status == 200 else 0.5)

    def cpu_seconds(self) -> float:
        return tree_cpu_seconds(self.proc.pid) if self.proc else 0.0

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)  # uvicorn stops its workers itself
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


def _is_worker(pid: int) -> bool:
    """A serving worker, not multiprocessing's resource tracker."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"resource_tracker" not in cmdline


def _get_status(port: int, path: str) -> int:
    try:
        with socket.create_connection((HOST, port), timeout=2) as sock:
            request = f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n"
            sock.sendall(request.encode())
            head = sock.recv(64)
        return int(head.split(b" ", 2)[1])
    except (OSError, IndexError, ValueError):
        return 0


# ---------------------------------------------------------------- asyncio client


@dataclass
class RunState:
    """Shared by the client tasks: request budget, deadline, results."""

    bodies: list[bytes]
    max_requests: int
    deadline: float
    sent: int = 0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    checked: int = 0

    def take(self) -> int | None:
        if self.sent >= self.max_requests or time.perf_counter() >= self.deadline:
            return None
        self.sent += 1
        return self.sent - 1


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("connection closed by the server")
    status = int(status_line.split(b" ", 2)[1])
    length, chunked, close = 0, False, False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
        elif name == b"connection" and b"close" in value.lower():
            close = True
    if not chunked:
        return status, await reader.readexactly(length), close
    parts = []
    while size := int((await reader.readline()).split(b";")[0], 16):
        parts.append(await reader.readexactly(size))
        await reader.readline()
    await reader.readline()
    return status, b"".join(parts), close


def _head(port: int, length: int) -> bytes:
    return (
        f"POST {PATH} HTTP/1.1\r\nHost: {HOST}:{port}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {length}\r\n\r\n"
    ).encode()


async def _client(state: RunState, port: int, interval: float, offset: float) -> None:
    reader, writer = await asyncio.open_connection(HOST, port)
    due = time.perf_counter() + offset
    try:
        while (i := state.take()) is not None:
            if interval:
                now = time.perf_counter()
                if due > now:
                    await asyncio.sleep(due - now)
                started, due = due, due + interval
            else:
                started = time.perf_counter()
            body = state.bodies[i % len(state.bodies)]
            writer.write(_head(port, len(body)) + body)
            try:
                status, payload, close = await _read_response(reader)
            except (ConnectionError, asyncio.IncompleteReadError, ValueError) as exc:
                state.errors[type(exc).__name__] += 1
                writer.close()
                reader, writer = await asyncio.open_connection(HOST, port)
                continue
            state.latencies.append(time.perf_counter() - started)
            state.statuses[status] += 1
            if status == 200 and state.checked < 50 and b'"responses"' in payload:
                state.checked += 1
            if close:
                writer.close()
                reader, writer = await asyncio.open_connection(HOST, port)
    finally:
        writer.close()


async def _drive(state: RunState, port: int, clients: int, rate: float) -> None:
    interval = clients / rate if rate else 0.0
    tasks = [
        _client(state, port, interval, interval * k / clients if interval else 0.0)
        for k in range(clients)
    ]
    await asyncio.gather(*tasks)


def run_loop(main: Any) -> None:
    """Run the client's event loop: uvloop when installed (less client CPU taken
    from the 2 cores the server runs on), else asyncio's."""
    try:
        import uvloop
    except ImportError:
        asyncio.run(main)
    else:
        uvloop.run(main)


def _loop_name() -> str:
    try:
        import uvloop  # noqa: F401
    except ImportError:
        return "asyncio's loop"
    return "uvloop"


def run_asyncio(
    server: Server, bodies: list[bytes], clients: int, seconds: float, requests: int,
    rate: float = 0.0,
) -> dict[str, Any]:  # fmt: skip
    state = RunState(bodies, requests, time.perf_counter() + seconds)
    server_cpu = server.cpu_seconds()
    client_cpu = time.process_time()
    started = time.perf_counter()
    state.deadline = started + seconds
    run_loop(_drive(state, server.port, clients, rate))
    wall = time.perf_counter() - started
    return _result(
        f"asyncio on {_loop_name()} (raw HTTP/1.1 keep-alive)",
        len(state.latencies),
        wall,
        latency_summary(state.latencies),
        dict(state.statuses),
        dict(state.errors),
        time.process_time() - client_cpu,
        server.cpu_seconds() - server_cpu,
        rate,
    )


# ---------------------------------------------------------------- httpx client


def run_httpx(
    server: Server, bodies: list[bytes], clients: int, seconds: float, requests: int
) -> dict[str, Any]:
    import httpx

    state = RunState(bodies, requests, 0.0)

    async def drive() -> None:
        limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
        base = f"http://{HOST}:{server.port}"
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

            async def one() -> None:
                while (i := state.take()) is not None:
                    started = time.perf_counter()
                    try:
                        resp = await client.post(
                            PATH, content=state.bodies[i % len(state.bodies)],
                            headers={"content-type": "application/json"},
                        )  # fmt: skip
                    except httpx.HTTPError as exc:
                        state.errors[type(exc).__name__] += 1
                        continue
                    state.latencies.append(time.perf_counter() - started)
                    state.statuses[resp.status_code] += 1

            await asyncio.gather(*(one() for _ in range(clients)))

    server_cpu = server.cpu_seconds()
    client_cpu = time.process_time()
    started = time.perf_counter()
    state.deadline = started + seconds
    asyncio.run(drive())
    wall = time.perf_counter() - started
    return _result(
        "httpx.AsyncClient",
        len(state.latencies),
        wall,
        latency_summary(state.latencies),
        dict(state.statuses),
        dict(state.errors),
        time.process_time() - client_cpu,
        server.cpu_seconds() - server_cpu,
        0.0,
    )


# ---------------------------------------------------------------- wrk client

_WRK_SCRIPT = """
local bodies = {%(bodies)s}
local max_requests = %(max_requests)d
local threads = %(threads)d
local counter = 0
local thread_id = 0
local done_here = 0
local id_counter = 0

function setup(thread)
  thread:set("thread_id", id_counter)
  id_counter = id_counter + 1
end

function request()
  local i = counter * threads + thread_id
  counter = counter + 1
  return wrk.format("POST", "%(path)s", {["Content-Type"] = "application/json"},
                    bodies[(i %% #bodies) + 1])
end

function response(status, headers, body)
  done_here = done_here + 1
  if done_here >= max_requests / threads then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK-JSON {"requests": %%d, "duration_us": %%d, "connect": %%d, "read": %%d, ' ..
    '"write": %%d, "status": %%d, "timeout": %%d, "p50_us": %%d, "p90_us": %%d, ' ..
    '"p99_us": %%d, "max_us": %%d, "mean_us": %%f}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
"""


def _lua_string(data: bytes) -> str:
    text = data.decode("utf-8")
    level = 0
    while f"]{'=' * level}]" in text:
        level += 1
    return f"[{'=' * level}[{text}]{'=' * level}]"


def run_wrk(
    server: Server, bodies: list[bytes], clients: int, seconds: float, requests: int
) -> dict[str, Any]:
    threads = 2
    script = _WRK_SCRIPT % {
        "bodies": ",\n".join(_lua_string(b) for b in bodies),
        "max_requests": requests,
        "threads": threads,
        "path": PATH,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False, encoding="utf-8") as fh:
        fh.write(script)
        script_path = fh.name
    cmd = ["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{int(seconds)}s",
           "--timeout", "10s", "-s", script_path, f"http://{HOST}:{server.port}{PATH}"]  # fmt: skip
    server_cpu = server.cpu_seconds()
    clock = CpuClock()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    finally:
        os.unlink(script_path)
    wall, client_cpu = clock.elapsed()
    line = next((x for x in proc.stdout.splitlines() if x.startswith("WRK-JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result: {proc.stdout[-500:]} {proc.stderr[-500:]}")
    data = json.loads(line.removeprefix("WRK-JSON "))
    duration = data["duration_us"] / 1e6
    latency = {
        "p50_ms": round(data["p50_us"] / 1000, 2),
        "p90_ms": round(data["p90_us"] / 1000, 2),
        "p99_ms": round(data["p99_us"] / 1000, 2),
        "max_ms": round(data["max_us"] / 1000, 2),
        "mean_ms": round(data["mean_us"] / 1000, 2),
    }
    errors = {k: data[k] for k in ("connect", "read", "write", "status", "timeout") if data[k]}
    return _result(
        "wrk (C, 2 threads)",
        int(data["requests"]),
        duration or wall,
        latency,
        {},
        errors,
        client_cpu,
        server.cpu_seconds() - server_cpu,
        0.0,
    )


# ---------------------------------------------------------------- runs


def _result(
    client: str, requests: int, wall: float, latency: dict[str, float],
    statuses: dict[int, int], errors: dict[str, int], client_cpu: float, server_cpu: float,
    rate: float,
) -> dict[str, Any]:  # fmt: skip
    rps = requests / wall if wall else 0.0
    return {
        "client": client,
        "offered_rate": rate or None,
        "requests": requests,
        "seconds": round(wall, 2),
        "requests_per_s": round(rps, 1),
        **latency,
        "statuses": {str(k): v for k, v in statuses.items()},
        "errors": errors,
        "client_cpu_s": round(client_cpu, 2),
        "server_cpu_s": round(server_cpu, 2),
        "client_cpu_share_pct": round(100 * client_cpu / max(client_cpu + server_cpu, 1e-9), 1),
        "server_cpu_ms_per_request": round(1000 * server_cpu / requests, 2) if requests else None,
        # a paced run offers exactly the target rate; the clock granularity of the
        # pacing loses a fraction of a percent of it, which is not a shortfall
        "rps_verdict": verdict(rps, TARGET_RPS * (0.99 if rate else 1.0)),
        "p99_verdict": verdict(latency["p99_ms"], TARGET_P99_MS, higher_is_better=False),
    }


def choose_client(name: str) -> str:
    if name == "auto":
        return "wrk" if shutil.which("wrk") else "asyncio"
    if name == "wrk" and not shutil.which("wrk"):
        say("wrk is not installed (apt-get install wrk): using the asyncio client")
        return "asyncio"
    return name


def _timed(server: Server, run: Any) -> dict[str, Any]:
    """Run a measurement and add how its server CPU split over the worker processes
    (balanced workers have about equal shares)."""
    before = server.worker_cpu_seconds()
    data: dict[str, Any] = run()
    after = server.worker_cpu_seconds()
    data["worker_cpu_s"] = [round(after[p] - before[p], 2) for p in after if p in before]
    return data


def measure(args: argparse.Namespace, workers: int, bodies: list[bytes]) -> dict[str, Any]:
    server = Server(workers, catalog=args.catalog)
    out: dict[str, Any] = {"workers": workers}
    try:
        out["startup_s"] = round(server.start(), 1)
        warm = run_asyncio(server, bodies[-2000:], 10, 10.0, 300)
        out["warmup_requests"] = warm["requests"]
        if args.baseline_seconds > 0:
            say(f"workers={workers}: baseline, one connection for {args.baseline_seconds:.0f} s")
            out["baseline"] = _timed(
                server,
                lambda: run_asyncio(
                    server, bodies[-2000:], 1, args.baseline_seconds, args.requests
                ),
            )
        client = choose_client(args.client)
        say(f"workers={workers}: saturate run with {client}, {args.clients} connections")
        # each run takes its own slice of the bodies, so no request repeats an earlier one
        fresh = bodies[: len(bodies) - 2000]
        runner = {"wrk": run_wrk, "asyncio": run_asyncio, "httpx": run_httpx}[client]
        out["saturate"] = _timed(
            server, lambda: runner(server, fresh, args.clients, args.seconds, args.requests)
        )
        if args.rate > 0:
            say(f"workers={workers}: paced run at {args.rate:.0f} requests/s")
            paced = fresh[args.requests :] + fresh[: args.requests]
            out["paced"] = _timed(
                server,
                lambda: run_asyncio(
                    server, paced, args.clients, args.seconds, args.requests, rate=args.rate
                ),
            )
    finally:
        server.stop()
    for key in ("baseline", "saturate", "paced"):
        if key in out:
            out[key]["projected_rps_2_idle_cores"] = _projection(out[key], workers)
    return out


def _projection(data: dict[str, Any], workers: int) -> float | None:
    """Requests/s 2 idle cores would serve at the CPU cost measured per request.

    ``workers`` server processes use at most that many cores, and the load
    generator's own CPU shares the same 2 cores. A projection from CPU seconds, not a
    measurement: printed because the shared machine's wall-clock rates depend on what
    the other users run.
    """
    requests = int(data["requests"])
    server_ms = float(data["server_cpu_ms_per_request"] or 0.0)
    if not requests or not server_ms:
        return None
    client_ms = 1000 * float(data["client_cpu_s"]) / requests
    cores = min(workers, 2)
    return round(min(cores * 1000 / server_ms, 2000 / (server_ms + client_ms)), 1)


def run(args: argparse.Namespace) -> dict[str, Any]:
    # the index is built once, before the server starts
    if args.catalog == CATALOG:
        snapshot = ensure_snapshot()
    else:
        from embargo.services.screening import open_snapshot

        snapshot = open_snapshot(args.catalog, progress=say)
    bodies = request_bodies(args.requests * 2 + 2000)
    say(f"{len(bodies):,} distinct request bodies")
    return {
        "benchmark": "api",
        "machine": machine(),
        "catalog": {**catalog_summary(snapshot), "path": str(args.catalog)},
        "clients": args.clients,
        "bounds": {"seconds": args.seconds, "requests": args.requests},
        "targets": {"requests_per_s": TARGET_RPS, "p99_ms": TARGET_P99_MS},
        "runs": [measure(args, w, bodies) for w in args.workers],
        "loadavg_1m_at_end": loadavg(),
    }


def _run_rows(prefix: str, data: dict[str, Any]) -> list[tuple[str, Any]]:
    return [
        (f"{prefix} client", data["client"]),
        (f"{prefix} requests in s", f"{data['requests']:,} in {data['seconds']} s"),
        (f"{prefix} requests/s", f"{data['requests_per_s']:,.1f} ({data['rps_verdict']})"),
        (
            f"{prefix} p50 / p90 / p99 ms",
            f"{data['p50_ms']} / {data['p90_ms']} / {data['p99_ms']} ({data['p99_verdict']})",
        ),
        (f"{prefix} server CPU ms / request", data["server_cpu_ms_per_request"]),
        (f"{prefix} projected requests/s, 2 idle cores", data.get("projected_rps_2_idle_cores")),
        (
            f"{prefix} CPU s server / client",
            f"{data['server_cpu_s']} / {data['client_cpu_s']} "
            f"(client {data['client_cpu_share_pct']} %)",
        ),  # fmt: skip
        (f"{prefix} statuses / errors", f"{data['statuses'] or '-'} / {data['errors'] or '-'}"),
        (f"{prefix} CPU s per worker", " / ".join(map(str, data.get("worker_cpu_s", []))) or "-"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--workers", type=lambda s: [int(x) for x in s.split(",")],
                        default=[1, 2], help="server worker counts, comma-separated")  # fmt: skip
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--rate", type=float, default=TARGET_RPS,
                        help="offered rate of the paced run (0: no paced run)")  # fmt: skip
    parser.add_argument("--client", choices=("auto", "wrk", "asyncio", "httpx"), default="auto")
    parser.add_argument("--baseline-seconds", type=float, default=5.0,
                        help="one-connection run first: service time without queueing")  # fmt: skip
    parser.add_argument("--catalog", type=Path, default=CATALOG,
                        help="catalog to serve (default: all bundled lists)")  # fmt: skip
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    data = timed_run(run, args)
    if args.json:
        emit_json(data)
        return 0
    rows: list[tuple[str, Any]] = [
        ("catalog entities", data["catalog"]["entities"]),
        load_row(data),
        ("connections", data["clients"]),
        ("targets", f"≥ {TARGET_RPS:.0f} requests/s, p99 ≤ {TARGET_P99_MS:.0f} ms"),
    ]
    for run_data in data["runs"]:
        w = run_data["workers"]
        rows.append((f"[{w} worker(s)] start-up s", run_data.get("startup_s")))
        if "baseline" in run_data:
            rows += _run_rows(f"[{w}w 1 connection]", run_data["baseline"])
        if "saturate" in run_data:
            rows += _run_rows(f"[{w}w saturate]", run_data["saturate"])
        if "paced" in run_data:
            rows += _run_rows(f"[{w}w paced {args.rate:.0f}/s]", run_data["paced"])
    print_table("embargo serve: POST /match/default, loopback", rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
