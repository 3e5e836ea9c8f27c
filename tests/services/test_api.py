"""The HTTP API, in-process, against a real catalog (UN + OFAC SDN)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openapi_spec_validator import validate

from embargo.services.api import ApiLimits, SnapshotHolder, create_app
from embargo.services.screening import ScreeningSnapshot

SHOIGU = {
    "schema": "Person",
    "properties": {"name": ["Sergei Shoigu"], "birthDate": ["1955-05-21"]},
}


def make_client(snapshot: ScreeningSnapshot, **kwargs: Any) -> TestClient:
    """A client on an app whose snapshot is already loaded (no start-up race)."""
    holder = SnapshotHolder(lambda: snapshot)
    holder.load()
    return TestClient(create_app(holder, **kwargs))


@pytest.fixture
def client(snapshot: ScreeningSnapshot) -> Iterator[TestClient]:
    with make_client(snapshot) as c:
        yield c


def test_yente_match_finds_shoigu_first(client: TestClient) -> None:
    resp = client.post("/match/default", json={"queries": {"q1": SHOIGU}})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    answer = body["responses"]["q1"]
    assert answer["status"] == 200
    top = answer["results"][0]
    assert top["id"] == "us_ofac_sdn-35173"
    assert top["match"] is True
    assert top["schema"] == "Person"
    assert "1955-05-21" in top["properties"]["birthDate"]
    assert top["datasets"] == ["us_ofac_sdn"]
    assert answer["total"] == {"value": len(answer["results"]), "relation": "eq"}
    assert answer["query"]["properties"]["name"] == ["Sergei Shoigu"]
    assert set(body["list_versions"]) == {"un_sc", "us_ofac_sdn"}
    assert top["explanations"], "each result carries its explanation"
    assert "warnings" not in answer


def test_match_reports_values_it_could_not_use(client: TestClient) -> None:
    query = {
        "schema": "Person",
        "properties": {
            "name": ["Sergei Shoigu"],
            "birthDate": ["garbage"],
            "nationality": ["Narnia"],
        },
    }
    resp = client.post("/match/default", json={"queries": {"q1": query}})
    assert resp.status_code == 200, resp.text
    answer = resp.json()["responses"]["q1"]
    assert answer["results"][0]["id"] == "us_ofac_sdn-35173"
    assert answer["warnings"] == [
        "birth date 'garbage' is not an ISO date (YYYY, YYYY-MM, YYYY-MM-DD); ignored",
        "country 'Narnia' is not a known country name or code; ignored",
    ]


def test_match_dataset_scoping_and_filters(client: TestClient) -> None:
    only_un = client.post("/match/un_sc", json={"queries": {"q": SHOIGU}}).json()
    assert all(r["datasets"] == ["un_sc"] for r in only_un["responses"]["q"]["results"])
    excluded = client.post(
        "/match/default?exclude_dataset=us_ofac_sdn", json={"queries": {"q": SHOIGU}}
    ).json()
    assert all(r["id"] != "us_ofac_sdn-35173" for r in excluded["responses"]["q"]["results"])
    no_people = client.post(
        "/match/default?exclude_schema=Person", json={"queries": {"q": SHOIGU}}
    ).json()
    assert all(r["schema"] != "Person" for r in no_people["responses"]["q"]["results"])
    limited = client.post("/match/default?limit=1", json={"queries": {"q": SHOIGU}}).json()
    assert len(limited["responses"]["q"]["results"]) <= 1


@pytest.mark.parametrize(
    ("path", "body", "status", "kind"),
    [
        (
            "/match/default",
            {"queries": {"q": {"schema": "Person", "properties": "x"}}},
            422,
            "invalid_request",
        ),
        ("/match/default", {"nothing": 1}, 422, "invalid_request"),
        ("/match/default", {"queries": {}}, 400, "invalid_query"),
        ("/match/no_such_list", {"queries": {"q": SHOIGU}}, 404, "unknown_dataset"),
        ("/match/default?algorithm=quantum", {"queries": {"q": SHOIGU}}, 400, "unknown_algorithm"),
        ("/match/default?threshold=1.5", {"queries": {"q": SHOIGU}}, 422, "invalid_request"),
        ("/screen", {"name": "x" * 600}, 400, "invalid_query"),
        ("/screen", {"schema": "Person"}, 422, "invalid_request"),
    ],
)
def test_bad_requests_get_clear_errors(
    client: TestClient, path: str, body: dict[str, Any], status: int, kind: str
) -> None:
    resp = client.post(path, json=body)
    assert resp.status_code == status, resp.text
    data = resp.json()
    assert data["type"] == kind
    assert data["detail"]


def test_a_bad_query_inside_a_batch_does_not_fail_the_others(client: TestClient) -> None:
    bad = {"schema": "Spaceship", "properties": {"name": ["X"]}}
    body = client.post("/match/default", json={"queries": {"ok": SHOIGU, "bad": bad}}).json()
    assert body["responses"]["ok"]["status"] == 200
    assert body["responses"]["bad"]["status"] == 400
    assert "Spaceship" in body["responses"]["bad"]["detail"]


def test_limits(snapshot: ScreeningSnapshot) -> None:
    limits = ApiLimits(max_body_bytes=2_000, max_queries=2)
    with make_client(snapshot, limits=limits) as c:
        many = {"queries": {str(i): SHOIGU for i in range(3)}}
        resp = c.post("/match/default", json=many)
        assert resp.status_code == 400 and resp.json()["type"] == "too_many_queries"
        big = {"queries": {"q": {"schema": "Person", "properties": {"name": ["a" * 5000]}}}}
        resp = c.post("/match/default", json=big)
        assert resp.status_code == 413 and resp.json()["type"] == "payload_too_large"


def test_api_keys(snapshot: ScreeningSnapshot) -> None:
    with make_client(snapshot, api_keys=["s3cret"]) as c:
        assert c.get("/healthz").status_code == 200
        assert c.get("/catalog").status_code == 401
        assert c.get("/catalog", headers={"X-API-Key": "wrong"}).status_code == 401
        assert c.get("/catalog", headers={"X-API-Key": "s3cret"}).status_code == 200
        ok = c.get("/catalog", headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200


def test_search_entities_catalog_screen_compare_metrics(client: TestClient) -> None:
    search = client.get("/search/default", params={"q": "Kim Jong Un"}).json()
    assert search["results"][0]["id"] == "us_ofac_sdn-20157"
    entity = client.get("/entities/us_ofac_sdn-35173").json()
    assert entity["caption"] == "SHOIGU, Sergei Kuzhugetovich"
    assert client.get("/entities/nope").status_code == 404
    catalog = client.get("/catalog").json()
    counts = {d["list_key"]: d["entities"] for d in catalog["datasets"]}
    assert counts == {"un_sc": 1003, "us_ofac_sdn": 14965}
    screened = client.post(
        "/screen", json={"name": "Евгений Пригожин", "schema": "Person", "limit": 3}
    ).json()
    assert screened["results"][0]["id"] == "us_ofac_sdn-21171"
    assert screened["list_versions"]["us_ofac_sdn"].startswith("us_ofac_sdn@")
    compared = client.post(
        "/compare",
        json={
            "a": {"schema": "Person", "properties": {"name": ["Kim Jong Un"]}},
            "b": {"schema": "Person", "properties": {"name": ["KIM, Jong Un"]}},
        },
    ).json()
    assert compared["match"] is True
    metrics = client.get("/metrics").text
    assert "embargo_http_requests_total" in metrics


def test_openapi_document_validates(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    validate(spec)
    assert "/match/{dataset}" in spec["paths"]


def test_not_ready_until_loaded(snapshot: ScreeningSnapshot) -> None:
    holder = SnapshotHolder(lambda: snapshot)
    app = create_app(holder)
    client = TestClient(app)  # no context manager: the lifespan (loading) has not run
    assert client.get("/readyz").status_code == 503
    resp = client.post("/match/default", json={"queries": {"q": SHOIGU}})
    assert resp.status_code == 503 and resp.json()["type"] == "not_ready"
    holder.load()
    assert client.get("/readyz").status_code == 200


def test_snapshot_swap_is_atomic(snapshot: ScreeningSnapshot, tmp_path: Path) -> None:
    """A refresh swaps the whole snapshot; a request holding the old one keeps it."""
    from dataclasses import replace

    newer = replace(snapshot, token="newer-state")
    states = iter([snapshot, newer])
    tokens = iter(["old", "newer-state"])
    holder = SnapshotHolder(lambda: next(states), lambda: next(tokens))
    holder.load()
    in_flight = holder.snapshot
    assert holder.refresh() is True
    assert holder.snapshot is newer
    assert in_flight is snapshot and in_flight.screener is snapshot.screener


def test_request_id_is_echoed_or_made(client: TestClient) -> None:
    given = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    made = client.post("/match/default", json={"queries": {"q": SHOIGU}})
    assert len(made.headers["x-request-id"]) == 16
    assert made.headers["content-type"] == "application/json"


def test_metrics_use_route_templates_not_raw_paths(client: TestClient) -> None:
    client.get("/entities/us_ofac_sdn-35173")
    client.get("/no/such/path/4711")
    metrics = client.get("/metrics").text
    assert 'route="/entities/{entity_id}",status="200"' in metrics
    assert 'route="<unmatched>",status="404"' in metrics
    assert "4711" not in metrics and "us_ofac_sdn-35173" not in metrics


def test_large_batches_answer_like_single_queries(client: TestClient) -> None:
    """More than INLINE_QUERIES queries are screened in the thread pool: same answers."""
    from embargo.services.api import INLINE_QUERIES

    names = ["Sergei Shoigu", "Kim Jong Un", "Yevgeny Prigozhin", "Jeanne Dupont",
             "Ali Khamenei", "Nancy Pelosi"]  # fmt: skip
    assert len(names) > INLINE_QUERIES
    queries = {f"q{i}": {"schema": "Person", "properties": {"name": [n]}}
               for i, n in enumerate(names)}  # fmt: skip
    batch = client.post("/match/default?limit=3&unknown_option=1", json={"queries": queries})
    assert batch.status_code == 200, batch.text
    answers = batch.json()["responses"]
    for key, query in queries.items():
        single = client.post("/match/default?limit=3", json={"queries": {key: query}}).json()
        ids = [r["id"] for r in single["responses"][key]["results"]]
        assert [r["id"] for r in answers[key]["results"]] == ids
        assert answers[key]["status"] == 200
    assert answers["q0"]["results"][0]["id"] == "us_ofac_sdn-35173"
    assert answers["q1"]["results"][0]["id"] == "us_ofac_sdn-20157"
