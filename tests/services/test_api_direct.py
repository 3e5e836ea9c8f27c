"""/match's direct handler validates like FastAPI's declared parameters would."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from embargo.services.api import SnapshotHolder, create_app
from embargo.services.screening import ScreeningSnapshot

SHOIGU = {"schema": "Person", "properties": {"name": ["Sergei Shoigu"]}}


@pytest.fixture
def client(snapshot: ScreeningSnapshot) -> Iterator[TestClient]:
    holder = SnapshotHolder(lambda: snapshot)
    holder.load()
    with TestClient(create_app(holder)) as c:
        yield c


@pytest.mark.parametrize(
    ("content", "content_type", "where"),
    [
        (b'{"queries": {"q": ', "application/json", "body"),  # truncated JSON
        (b'{"queries": {"q": {"properties": {"name": "x"}}}}', "application/json", "body"),
        (b'{"queries": {}}', "text/plain", "body"),  # not sent as JSON
        (b'{"queries": {}}', "", "body"),
    ],
)
def test_malformed_bodies_get_422_located_in_the_body(
    client: TestClient, content: bytes, content_type: str, where: str
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    resp = client.post("/match/default", content=content, headers=headers)
    assert resp.status_code == 422, resp.text
    data = resp.json()
    assert data["type"] == "invalid_request"
    assert all(p.startswith(where) for p in data["errors"]), data["errors"]


def test_vendor_json_content_type_is_accepted(client: TestClient) -> None:
    resp = client.post(
        "/match/default",
        json={"queries": {"q": SHOIGU}},
        headers={"content-type": "application/vnd.api+json; charset=utf-8"},
    )
    assert resp.status_code == 200, resp.text


def test_query_options_repeat_and_validate(client: TestClient) -> None:
    body = {"queries": {"q": SHOIGU}}
    both = client.post(
        "/match/default?include_dataset=un_sc&include_dataset=us_ofac_sdn&limit=2", json=body
    ).json()
    results = both["responses"]["q"]["results"]
    assert both["limit"] == 2 and 0 < len(results) <= 2
    assert results[0]["id"] == "us_ofac_sdn-35173"
    only_un = client.post("/match/default?include_dataset=un_sc", json=body).json()
    assert all(r["datasets"] == ["un_sc"] for r in only_un["responses"]["q"]["results"])
    bad = client.post("/match/default?limit=zero", json=body)
    assert bad.status_code == 422
    assert bad.json()["errors"][0].startswith("query.limit")


def test_openapi_still_describes_match(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/match/{dataset}"]["post"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"dataset", "threshold", "limit", "include_dataset", "exclude_schema"} <= names
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/MatchRequest")
