"""`embargo serve` as a real uvicorn server on loopback, and the service CLI commands."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from embargo.services.cli import app
from embargo.services.screening import ScreeningSnapshot
from tests.conftest import ROOT

MESSAGES = ROOT / "tests" / "fixtures" / "messages"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_real_server_on_loopback(real_catalog: Path, snapshot: ScreeningSnapshot) -> None:
    port = free_port()
    env = {**os.environ, "EMBARGO_CATALOG": str(real_catalog)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "embargo",
            "serve",
            "--port",
            str(port),
            "--api-key",
            "k1",
        ],  # fmt: skip
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        ready = False
        with httpx.Client(base_url=base, timeout=30) as client:
            while time.monotonic() < deadline and not ready:
                if proc.poll() is not None:
                    pytest.fail(
                        f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}"
                    )
                try:
                    ready = client.get("/readyz").status_code == 200
                except httpx.TransportError:
                    pass
                if not ready:
                    time.sleep(0.5)
            assert ready, "server did not become ready within 120 s"
            query = {"schema": "Person", "properties": {"name": ["Sergei Shoigu"],
                                                         "birthDate": ["1955-05-21"]}}  # fmt: skip
            unauth = client.post("/match/default", json={"queries": {"q": query}})
            assert unauth.status_code == 401
            resp = client.post(
                "/match/default", json={"queries": {"q": query}}, headers={"X-API-Key": "k1"}
            )
            assert resp.status_code == 200
            top = resp.json()["responses"]["q"]["results"][0]
            assert top["id"] == "us_ofac_sdn-35173" and top["match"] is True
            assert resp.headers["x-request-id"]
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_two_workers_answer_only_once_loaded(
    real_catalog: Path, snapshot: ScreeningSnapshot
) -> None:
    """With --workers 2, no request may reach a worker that is still loading its
    snapshot: from the first accepted connection on, every answer is a 200."""
    port = free_port()
    env = {**os.environ, "EMBARGO_CATALOG": str(real_catalog)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "embargo", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    statuses: list[int] = []
    try:
        deadline = time.monotonic() + 180
        while not statuses and time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
            try:
                with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
                    statuses.append(client.get("/readyz").status_code)
            except httpx.TransportError:
                time.sleep(0.2)
        assert statuses, "server accepted no connection within 180 s"
        query = {"schema": "Person", "properties": {"name": ["Sergei Shoigu"]}}
        for _ in range(40):  # fresh connections, spread over both workers
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
                statuses.append(client.get("/readyz").status_code)
                statuses.append(
                    client.post("/match/default", json={"queries": {"q": query}}).status_code
                )
        assert set(statuses) == {200}, statuses
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_cli_screen_message_json(real_catalog: Path, snapshot: ScreeningSnapshot) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "--catalog",
            str(real_catalog),
            "screen-message",
            str(MESSAGES / "pacs008_shoigu.xml"),
            "--json",
        ],  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    first = body["messages"][0]
    assert first["hit"] is True
    assert first["alerts"][0]["entity_id"] == "us_ofac_sdn-35173"
    assert body["list_versions"]["us_ofac_sdn"].startswith("us_ofac_sdn@")


def test_cli_screen_message_malformed(real_catalog: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("{4:\n:20:REF\n:23B:CRED\n:32A:2301EUR1,00\n:50K:A\n:59:B\n-}", "utf-8")
    result = CliRunner().invoke(app, ["--catalog", str(real_catalog), "screen-message", str(bad)])
    assert result.exit_code == 1
    assert "field 32A, line 4" in result.stderr


def test_cli_batch(real_catalog: Path, snapshot: ScreeningSnapshot, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("id,name\n1,Kim Jong Un\n2,Maria Huber\n3,\n", "utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        app,
        [
            "--catalog",
            str(real_catalog),
            "batch",
            str(src),
            "--output",
            str(out),
            "--json",
            "--workers",
            "1",
        ],  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["rows"] == 3 and summary["errors"] == 1 and summary["rows_with_matches"] == 1
    assert "row 3: empty name" in result.stderr
    lines = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert lines[0]["results"][0]["id"] == "us_ofac_sdn-20157"


def test_shared_socket_connections_get_tcp_nodelay() -> None:
    """Connections accepted on a multi-worker server's socket have Nagle turned off
    (else keep-alive requests wait for delayed ACKs: uvicorn issue #3149)."""
    import asyncio
    import socket

    import uvicorn

    from embargo.services.api import shared_socket

    config = uvicorn.Config("embargo.services.api:app_from_env", factory=True,
                            host="127.0.0.1", port=free_port(), workers=2)  # fmt: skip
    listener = shared_socket(config)
    assert listener.proto == socket.IPPROTO_TCP
    nodelay: list[int] = []

    async def accept_one() -> None:
        def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            sock = writer.get_extra_info("socket")
            nodelay.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(on_connect, sock=listener)
        async with server:
            port = listener.getsockname()[1]
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            for _ in range(100):
                if nodelay:
                    break
                await asyncio.sleep(0.01)
            writer.close()

    asyncio.run(accept_one())
    assert nodelay and nodelay[0] != 0
