"""HTTP endpoints for what people send: documents and payment messages.

- ``POST /scan``: ``{"text": "...", "format": "text" | "html", "threshold": 0.8}`` →
  the listed parties mentioned (spans, entity, score, explanation), the sanctioned
  jurisdictions named, and the findings as alerts.
- ``POST /screen-message``: the raw message as the body (SWIFT MT103/MT202/MT202COV
  text or ISO 20022 pacs.008/pacs.009 XML) → per transaction: parties, hits per field,
  jurisdictions, alerts; a malformed message gets 400 naming the field and line.

They use the same snapshot, matching engine and alert shape as ``/screen``.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, FastAPI, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from embargo.screen.documents import scan_text, text_scanner
from embargo.screen.messages import parse_message
from embargo.screen.payment import memo_for, screen_payment
from embargo.screen.text_extract import html_to_text
from embargo.services.screening import ScreeningSnapshot

#: Largest document accepted by /scan, in characters.
MAX_SCAN_CHARS = 2_000_000


class ScanRequest(BaseModel):
    text: str = Field(..., min_length=1, max_length=MAX_SCAN_CHARS)
    format: Literal["text", "html"] = "text"
    threshold: float | None = Field(None, ge=0.0, le=1.0)
    lang: str = "auto"
    reference: str | None = Field(None, max_length=200)


def _snapshot(request: Request) -> ScreeningSnapshot:
    snap: ScreeningSnapshot = request.app.state.holder.snapshot
    return snap


def add_text_routes(app: FastAPI) -> None:
    """Register /scan and /screen-message on an app built by `create_app`."""
    router = APIRouter(tags=["documents and payments"])

    @router.post("/scan")
    def scan(body: ScanRequest, request: Request) -> dict[str, Any]:
        """Find listed parties and sanctioned jurisdictions mentioned in a text."""
        snap = _snapshot(request)
        text = html_to_text(body.text) if body.format == "html" else body.text
        result = scan_text(text, snap, threshold=body.threshold, lang=body.lang)
        out = result.to_dict()
        out["alerts"] = [a.to_dict() for a in result.alerts(reference=body.reference)]
        return out

    @router.post(
        "/screen-message",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "text/plain": {"schema": {"type": "string"}},
                    "application/xml": {"schema": {"type": "string"}},
                },
            }
        },
    )
    async def screen_message(request: Request) -> dict[str, Any]:
        """Screen a payment message (MT103/MT202(COV) text or pacs.008/pacs.009 XML)."""
        data = await request.body()
        snap = _snapshot(request)
        scanner = text_scanner(snap)
        memo = memo_for(snap.screener)  # kept while this snapshot is served

        def work() -> list[dict[str, Any]]:  # CPU-bound: off the event loop
            return [
                screen_payment(m, snap.screener, scanner=scanner, memo=memo).to_dict()
                for m in parse_message(data)
            ]

        results = await run_in_threadpool(work)
        return {"messages": results, "list_versions": snap.list_versions}

    app.include_router(router)
