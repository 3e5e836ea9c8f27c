"""`embargo serve --workers N`: the supervisor, its balanced workers, restarts, stop.

Each test starts its own server on a free loopback port and stops it itself.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from embargo.services.screening import ScreeningSnapshot
from embargo.services.server import balanced_sockets_supported, claim_port, tcp_socket

HOST = "127.0.0.1"
SHOIGU = {"schema": "Person", "properties": {"name": ["Sergei Shoigu"]}}

linux_only = pytest.mark.skipif(
    not balanced_sockets_supported(),
    reason="SO_REUSEPORT balances connections on Linux only (elsewhere: one shared socket)",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def request(port: int, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
    """One request on a fresh connection (so the kernel picks a worker for each)."""
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    with socket.create_connection((HOST, port), timeout=30) as sock:
        sock.sendall(head.encode() + body)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    raw = b"".join(chunks)
    status = int(raw.split(b" ", 2)[1])
    return status, raw.split(b"\r\n\r\n", 1)[1]


def worker_pid(port: int) -> int:
    status, body = request(port, "GET", "/healthz")
    assert status == 200
    return int(json.loads(body)["pid"])


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_for_workers(proc: subprocess.Popen[bytes], port: int, n: int, timeout: float) -> set[int]:
    """Poll fresh connections until ``n`` distinct ready workers have answered."""
    deadline = time.monotonic() + timeout
    seen: set[int] = set()
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode() if proc.stderr else ""
            pytest.fail(f"server exited with {proc.returncode}: {err}")
        try:
            if request(port, "GET", "/readyz")[0] == 200:
                seen.add(worker_pid(port))
        except OSError:
            pass  # no worker listening yet
        if len(seen) >= n:
            return seen
        time.sleep(0.05)
    pytest.fail(f"only {len(seen)} of {n} workers answered within {timeout:.0f} s")


@contextmanager
def serving(catalog: Path, port: int, workers: int) -> Iterator[subprocess.Popen[bytes]]:
    env = {**os.environ, "EMBARGO_CATALOG": str(catalog)}
    cmd = [sys.executable, "-m", "embargo", "serve", "--host", HOST, "--port", str(port),
           "--workers", str(workers)]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


@linux_only
def test_workers_share_connections_restart_and_stop(
    real_catalog: Path, snapshot: ScreeningSnapshot
) -> None:
    """Two workers on their own SO_REUSEPORT sockets: fresh connections reach both,
    both answer /match, a killed worker is replaced, and SIGTERM stops them all."""
    port = free_port()
    with serving(real_catalog, port, workers=2) as proc:
        pids = wait_for_workers(proc, port, 2, timeout=240)
        assert all(parent_of(pid) == proc.pid for pid in pids), "workers are the server's"
        seen = [worker_pid(port) for _ in range(40)]
        assert set(seen) == pids, seen
        assert min(seen.count(pid) for pid in pids) >= 5, f"unbalanced: {seen}"
        for _ in range(6):
            status, body = request(port, "POST", "/match/default",
                                   json.dumps({"queries": {"q": SHOIGU}}).encode())  # fmt: skip
            assert status == 200
            top = json.loads(body)["responses"]["q"]["results"][0]
            assert top["id"] == "us_ofac_sdn-35173"

        victim = min(pids)
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while alive(victim) and time.monotonic() < deadline:  # until the supervisor reaped it
            time.sleep(0.05)
        replaced = wait_for_workers(proc, port, 2, timeout=240)
        assert victim not in replaced and len(replaced - pids) == 1
        assert all(parent_of(pid) == proc.pid for pid in replaced)

        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
        assert not any(alive(pid) for pid in replaced), "a worker outlived the server"
        with pytest.raises(OSError):
            request(port, "GET", "/healthz")


@linux_only
def test_port_in_use_is_refused(real_catalog: Path, snapshot: ScreeningSnapshot) -> None:
    """A second server on a taken port fails at once instead of sharing the port."""
    with socket.socket() as taken:
        taken.bind((HOST, 0))
        taken.listen()
        port = taken.getsockname()[1]
        with serving(real_catalog, port, workers=2) as proc:
            assert proc.wait(timeout=120) == 1
            assert proc.stderr is not None
            assert "is in use" in proc.stderr.read().decode()


@linux_only
def test_claimed_port_takes_workers_sockets_but_no_connections() -> None:
    """The supervisor's hold on the port lets workers bind (SO_REUSEPORT) and, not
    listening itself, never receives a connection; anything else is kept off."""
    reserved = claim_port(HOST, 0)
    port = reserved.getsockname()[1]
    with reserved:
        worker = tcp_socket(HOST, port, reuse_port=True)
        with worker:
            assert worker.proto == socket.IPPROTO_TCP  # accepted sockets get TCP_NODELAY
            with pytest.raises(ConnectionRefusedError):
                socket.create_connection((HOST, port), timeout=5).close()
            worker.listen()
            with socket.create_connection((HOST, port), timeout=5):
                conn, _ = worker.accept()
                conn.close()
        with pytest.raises(OSError), socket.socket() as intruder:
            intruder.bind((HOST, port))
