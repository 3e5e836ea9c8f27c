"""HTTP endpoints for documents (/scan) and payment messages (/screen-message)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from embargo.services.api import SnapshotHolder, create_app
from embargo.services.screening import ScreeningSnapshot

MESSAGES = Path(__file__).resolve().parents[1] / "fixtures" / "messages"


@pytest.fixture
def client(snapshot: ScreeningSnapshot) -> Iterator[TestClient]:
    holder = SnapshotHolder(lambda: snapshot)
    holder.load()
    with TestClient(create_app(holder)) as c:
        yield c


def test_scan_text(client: TestClient) -> None:
    text = "El jefe de defensa de Putin, Sergei Shoigu, viajó a Pyongyang."
    resp = client.post("/scan", json={"text": text, "reference": "nota-7"})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    shoigu = [m for m in body["mentions"] if m["id"] == "us_ofac_sdn-35173"]
    assert shoigu and text[shoigu[0]["start"] : shoigu[0]["end"]] == shoigu[0]["text"]
    assert [j["code"] for j in body["jurisdictions"]] == ["kp"]
    assert {a["kind"] for a in body["alerts"]} == {"entity", "jurisdiction"}
    assert all(a["context"]["reference"] == "nota-7" for a in body["alerts"])


def test_scan_html_and_bad_input(client: TestClient) -> None:
    html = "<html><body><p>Kim Jong Un met <b>Sergei Shoigu</b>.</p></body></html>"
    body = client.post("/scan", json={"text": html, "format": "html"}).json()
    assert {"us_ofac_sdn-20157", "us_ofac_sdn-35173"} <= {m["id"] for m in body["mentions"]}
    assert client.post("/scan", json={"text": ""}).status_code == 422
    assert client.post("/scan", json={"text": "x", "format": "pdf"}).status_code == 422


def test_screen_message_endpoint(client: TestClient) -> None:
    data = (MESSAGES / "mt103_prigozhin.txt").read_bytes()
    resp = client.post("/screen-message", content=data, headers={"content-type": "text/plain"})
    assert resp.status_code == 200, resp.text
    [msg] = resp.json()["messages"]
    assert msg["reference"] == "INV2023-0615" and msg["hit"] is True
    assert any(
        a["location"] == "59F" and a["entity_id"] == "us_ofac_sdn-21171" for a in msg["alerts"]
    )
    xml = (MESSAGES / "pacs008_shoigu.xml").read_bytes()
    resp = client.post("/screen-message", content=xml, headers={"content-type": "application/xml"})
    assert [m["reference"] for m in resp.json()["messages"]] == ["E2E-SHOIGU-1", "E2E-CLEAN-2"]


def test_malformed_message_is_400_naming_the_field(client: TestClient) -> None:
    bad = b"{4:\n:20:REF1\n:23B:CRED\n:32A:2301EUR1,00\n:50K:A\n:59:B\n-}"
    resp = client.post("/screen-message", content=bad)
    assert resp.status_code == 400
    assert "field 32A, line 4" in resp.json()["detail"]
