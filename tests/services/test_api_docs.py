"""The interactive API documentation works offline: no CDN in the pages it serves."""

from __future__ import annotations

from fastapi.testclient import TestClient

from embargo.services.api import SnapshotHolder, create_app
from embargo.services.screening import ScreeningSnapshot


def test_docs_pages_load_their_scripts_from_the_server(snapshot: ScreeningSnapshot) -> None:
    holder = SnapshotHolder(lambda: snapshot)
    holder.load()
    with TestClient(create_app(holder)) as client:
        for page in ("/docs", "/redoc"):
            html = client.get(page)
            assert html.status_code == 200
            assert "cdn." not in html.text and "unpkg" not in html.text, page
        docs = client.get("/docs").text
        assert "/openapi.json" in docs
        for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
            url = f"/static-offline-docs/{asset}"
            assert url in docs
            resp = client.get(url)
            assert resp.status_code == 200 and len(resp.content) > 10_000, asset
        bundle = client.get("/static-offline-docs/swagger-ui-bundle.js").text
        assert "SwaggerUIBundle" in bundle
