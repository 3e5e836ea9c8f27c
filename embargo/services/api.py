"""HTTP API: yente-compatible matching plus embargo's own screening endpoints.

Endpoints (OpenAPI at ``/openapi.json``, docs page at ``/docs``):

- ``POST /match/{dataset}``: the OpenSanctions/yente matching API, so existing clients
  work unchanged (queries by key, ``threshold``, ``limit``, ``algorithm``,
  ``include_dataset``, ``exclude_dataset``, ``exclude_schema``, ``changed_since``).
- ``GET /search/{dataset}?q=``, ``GET /entities/{id}``, ``GET /catalog``,
  ``GET /algorithms``, ``GET /healthz``, ``GET /readyz``, ``GET /metrics``.
- ``POST /screen``: one party, the full explanation and the list versions used.
- ``POST /compare``: two FtM entities, their score and explanation.

``dataset`` is a list key (``us_ofac_sdn``), several joined by commas, a collection
(`COLLECTIONS`), or ``default`` (every list).

Serving state is a `ScreeningSnapshot` held by `SnapshotHolder`: each request reads
the holder's reference once, so when a list update produces a new catalog state the
new snapshot is built aside and swapped in with one assignment; a request in flight
finishes on the snapshot it started with. The first snapshot is loaded during the
app's start-up, before the server accepts connections.

Errors have one shape, ``{"detail": message, "type": kind}``, mapped from the
exception tree in `_error_status` (one place). Logs carry one line per request with
method, path, status and duration; names and dates of birth never appear above DEBUG.

Per-request cost (measured by ``benchmarks/bench_api.py``): screening is CPU-bound
Python, so threads add nothing but hand-offs and GIL contention. Endpoints are
``async`` and screen on the event loop, one request after another; only requests with
more than `INLINE_QUERIES` queries go to the thread pool, so a large batch cannot hold
up health checks. The guard/metrics/log layer is a plain ASGI middleware
(`GuardMiddleware`), /match is parsed by a direct handler rather than FastAPI's
per-request parameter resolution (`embargo.services.api_direct`), and /match, /screen
and /search answers are serialised with orjson (a dependency of rigour and
followthemoney; the standard library otherwise). Processes, sockets and workers are
`embargo.services.server`'s business.
"""

from __future__ import annotations

import gc
import hmac
import json
import logging
import os
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, MutableMapping, Sequence
from contextlib import AbstractContextManager, asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Request
from fastapi import Path as PathParam
from fastapi import Query as QueryParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi_offline import FastAPIOffline
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from embargo import __version__
from embargo.exc import EmbargoError, MatchConfigError, MessageError, QueryError
from embargo.match.config import DEFAULT_CONFIG
from embargo.model.entity import Entity
from embargo.screen.documents import scanner_for
from embargo.screen.party import Query, ScreenResult
from embargo.services.api_direct import QueryModel, direct_route, json_body
from embargo.services.screening import ScreeningSnapshot, current_token, open_snapshot
from embargo.services.server import run_server, shared_socket

log = logging.getLogger(__name__)

#: Named groups of list keys accepted as ``{dataset}``.
COLLECTIONS: dict[str, tuple[str, ...] | None] = {
    "default": None,
    "all": None,
    "sanctions": (
        "un_sc", "us_ofac_sdn", "us_ofac_cons", "eu_fsf", "gb_ofsi", "gb_fcdo", "ca_sema",
        "au_dfat", "jp_mof",
    ),
    "export_controls": ("us_csl", "us_bis_dpl", "jp_meti_eul"),
    "us": ("us_ofac_sdn", "us_ofac_cons", "us_csl", "us_bis_dpl"),
}  # fmt: skip

#: Algorithm names accepted by /match; yente's names map to embargo's default profile
#: so that clients which send them keep working.
ALGORITHM_ALIASES = (
    "best",
    "logic-v2",
    "logic-v1",
    "name-based",
    "name-qualified",
    "regression-v1",
)

#: Requests with at most this many queries are screened on the event loop; larger
#: ones in the thread pool (a batch of 100 queries takes long enough to delay
#: health checks and the other requests' parsing).
INLINE_QUERIES = 4

try:  # orjson: 3-5x faster than json.dumps on result documents
    import orjson

    def dumps(data: Any) -> bytes:
        """JSON bytes of an API answer (UTF-8, compact)."""
        return orjson.dumps(data)

except ImportError:  # pragma: no cover - orjson is installed with rigour/followthemoney

    def dumps(data: Any) -> bytes:
        """JSON bytes of an API answer (UTF-8, compact)."""
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def json_response(data: Any, status_code: int = 200) -> Response:
    """A JSON response serialised once, by `dumps` (FastAPI's own encoder is skipped)."""
    return Response(dumps(data), status_code=status_code, media_type="application/json")


class ApiError(EmbargoError):
    """An error the API reports with a status code (unknown dataset, auth…)."""

    def __init__(self, status: int, kind: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.kind = kind
        self.message = message


@dataclass(frozen=True, slots=True)
class ApiLimits:
    """Request limits (clear 4xx errors beyond them)."""

    max_body_bytes: int = 1_000_000
    max_queries: int = 100
    max_limit: int = 100


def freeze_heap() -> None:
    """Take everything loaded so far out of the cyclic garbage collector's sight.

    A snapshot is about a million small objects that live until the next list update;
    a full collection walks every one of them (measured: 1.5-1.8 s on the 2-core
    development machine, a pause every request in flight would wait for). Snapshots
    hold no reference cycles (measured: deleting one frees all of it by reference
    counting alone), so freezing them is safe: an old snapshot is still freed, by
    reference counting, once the last request using it has finished.
    """
    gc.freeze()


class SnapshotHolder:
    """The snapshot being served, replaced atomically when the catalog changes."""

    def __init__(
        self,
        loader: Callable[[], ScreeningSnapshot],
        token_reader: Callable[[], str] | None = None,
        reload_lock: Callable[[], AbstractContextManager[object]] | None = None,
    ) -> None:
        """``reload_lock``, when given, is held while a refresh loads a new snapshot:
        workers sharing one lock reload one at a time (see `reload_lock_file`)."""
        self._loader = loader
        self._token_reader = token_reader
        self._reload_lock = reload_lock
        self._snapshot: ScreeningSnapshot | None = None
        self._lock = threading.Lock()
        self.last_error: str | None = None

    @property
    def snapshot(self) -> ScreeningSnapshot:
        snap = self._snapshot
        if snap is None:
            raise ApiError(503, "not_ready", "the screening index is not loaded yet")
        return snap

    @property
    def ready(self) -> bool:
        return self._snapshot is not None

    def load(self) -> ScreeningSnapshot:
        with self._lock:
            snap = self._loader()
            took = snap.warm_up()
            # the document scanner's tables too (gazetteer, territory names): the first
            # /scan or /screen-message must not pay seconds for them
            took += scanner_for(snap).warm_up()
            log.info("snapshot %s warmed up in %.2f s", snap.token[:16], took)
            self._snapshot = snap  # one assignment: readers see old or new, never half
            self.last_error = None
        freeze_heap()
        return snap

    def refresh(self) -> bool:
        """Reload when the catalog state changed; True when a new snapshot is served.

        A failure (catalog locked by a writer, broken file) keeps the old snapshot.
        """
        try:
            if self._snapshot is not None:
                if self._token_reader is None:
                    return False  # nothing to compare with: keep what is served
                if self._token_reader() == self._snapshot.token:
                    return False
            old = self._snapshot.token if self._snapshot else None
            if old is None or self._reload_lock is None:
                return self.load().token != old
            with self._reload_lock():
                return self.load().token != old
        except Exception as exc:  # keep serving the last good snapshot
            self.last_error = f"{type(exc).__name__}: {exc}"
            log.warning("snapshot refresh failed, still serving the old one: %s", self.last_error)
            return False


# ---------------------------------------------------------------- request/response models


class EntityExample(BaseModel):
    """An FtM-shaped entity or query (``schema`` + ``properties``)."""

    model_config = ConfigDict(extra="allow")
    id: str | None = None
    schema_: str = Field("LegalEntity", alias="schema")
    properties: dict[str, list[str]] = Field(default_factory=dict)


class MatchRequest(BaseModel):
    model_config = ConfigDict(extra="allow")
    queries: dict[str, EntityExample]
    weights: dict[str, float] | None = None
    config: dict[str, Any] | None = None


class MatchOptions(BaseModel):
    """The query-string options of /match (yente's names).

    One model rather than nine separate parameters: FastAPI resolves each declared
    parameter on every request, which cost more than validating one model.
    Unknown options are ignored, as yente ignores them.
    """

    model_config = ConfigDict(extra="ignore")
    threshold: float | None = Field(None, ge=0.0, le=1.0)
    limit: int = Field(5, ge=1)
    algorithm: str | None = None
    include_dataset: list[str] = Field(default_factory=list)
    exclude_dataset: list[str] = Field(default_factory=list)
    exclude_schema: list[str] = Field(default_factory=list)
    changed_since: str | None = None


class ScreenRequest(BaseModel):
    """One party to screen (embargo's own shape; FtM-shaped input goes to /match)."""

    name: str | list[str]
    schema_: str = Field("LegalEntity", alias="schema")
    birth_date: list[str] = Field(default_factory=list)
    country: list[str] = Field(default_factory=list)
    identifier: list[str] = Field(default_factory=list)
    threshold: float | None = Field(None, ge=0.0, le=1.0)
    limit: int = Field(10, ge=1, le=100)
    datasets: list[str] | None = None


class CompareRequest(BaseModel):
    a: EntityExample
    b: EntityExample


# ---------------------------------------------------------------- helpers


def _error_status(exc: Exception) -> tuple[int, str]:
    """The one place where exceptions become HTTP statuses."""
    if isinstance(exc, ApiError):
        return exc.status, exc.kind
    if isinstance(exc, QueryError | MessageError):
        return 400, "invalid_query"
    if isinstance(exc, MatchConfigError):
        return 400, "invalid_config"
    if isinstance(exc, EmbargoError):
        return 500, "embargo_error"
    return 500, "internal_error"


def _resolve_dataset(dataset: str, snapshot: ScreeningSnapshot) -> tuple[str, ...] | None:
    known = {lv.list_key for lv in snapshot.lists}
    if dataset in COLLECTIONS:
        keys = COLLECTIONS[dataset]
        return None if keys is None else tuple(k for k in keys if k in known)
    keys = tuple(k.strip() for k in dataset.split(",") if k.strip())
    unknown = [k for k in keys if k not in known]
    if not keys or unknown:
        raise ApiError(
            404,
            "unknown_dataset",
            f"unknown dataset {', '.join(unknown) or dataset!r}; known: "
            + ", ".join(sorted(known | set(COLLECTIONS))),
        )
    return keys


def _apply_filters(
    scope: tuple[str, ...] | None,
    snapshot: ScreeningSnapshot,
    include: Sequence[str],
    exclude: Sequence[str],
) -> tuple[str, ...] | None:
    if not include and not exclude:
        return scope
    keys = list(scope) if scope is not None else [lv.list_key for lv in snapshot.lists]
    if include:
        keys = [k for k in keys if k in include]
    return tuple(k for k in keys if k not in exclude)


def _ftm_result(
    snapshot: ScreeningSnapshot, hit: dict[str, Any], query: dict[str, Any]
) -> dict[str, Any]:
    entity: dict[str, Any] = dict(snapshot.entity(hit["id"]) or {})
    explanation: dict[str, Any] = hit.get("explanation") or {}
    explanations = _yente_explanations(explanation)
    contributions = explanation.get("contributions") or {}
    return {
        "id": hit["id"],
        "caption": hit["caption"],
        "schema": hit["schema"],
        "properties": entity.get("properties", {}),
        "datasets": hit["datasets"],
        "referents": list(hit.get("related") or []),
        "target": True,
        "first_seen": None,
        "last_seen": None,
        "last_change": None,
        "score": hit["score"],
        "match": hit["match"],
        "features": dict(contributions),
        "explanations": explanations,
        "explanation": explanation,
        "token": None,
    }


def _yente_explanations(explanation: dict[str, Any]) -> dict[str, Any]:
    """embargo's explanation in yente's ``{feature: {detail, score, query, candidate}}``."""
    out: dict[str, Any] = {}
    contributions = explanation.get("contributions") or {}
    name = explanation.get("name")
    if isinstance(name, dict) and name.get("candidate"):
        out["name"] = {
            "detail": explanation.get("summary"),
            "score": name.get("score"),
            "query": name.get("query"),
            "candidate": name.get("candidate"),
        }
    for key in ("birth_date", "country", "identifier"):
        item = explanation.get(key)
        if isinstance(item, dict):
            out[key] = {
                "detail": item.get("verdict") or "shared",
                "score": contributions.get(key),
                "query": item.get("query") or item.get("shared") or item.get("value"),
                "candidate": item.get("candidate") or item.get("shared") or item.get("value"),
            }
    return out


def _changed_since_ok(snapshot: ScreeningSnapshot, entity_id: str, since: str) -> bool:
    """True when the designation was listed or modified on or after ``since``.

    The lists publish designation and amendment dates (``listingDate``, ``modifiedAt``)
    but not every one does; an entity with neither date passes the filter, because
    hiding a possible hit is worse than showing an old one.
    """
    entity = snapshot.entity(entity_id)
    if entity is None:
        return True
    props = entity.get("properties", {})
    dates = list(props.get("modifiedAt", [])) + list(props.get("listingDate", []))
    if not dates:
        return True
    return max(dates) >= since


# ---------------------------------------------------------------- middleware

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
AsgiApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class GuardMiddleware:
    """API keys, request size, request id, metrics and one log line per request.

    A plain ASGI middleware: Starlette's ``@app.middleware("http")`` wraps every
    request in an extra task and memory streams, which cost more CPU than parsing
    and answering a cheap /match request.
    """

    def __init__(
        self,
        app: AsgiApp,
        *,
        keys: Sequence[str],
        open_paths: frozenset[str],
        max_body_bytes: int,
        observe: Callable[[str, int, float], None],
    ) -> None:
        self.app = app
        self.keys = tuple(k.encode("utf-8") for k in keys)
        self.open_paths = open_paths
        self.max_body_bytes = max_body_bytes
        self.observe = observe

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = dict(scope["headers"])
        rid = headers.get(b"x-request-id") or os.urandom(8).hex().encode("ascii")
        status = 500  # what a crash below the middleware becomes

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message["headers"] = [*message.get("headers", ()), (b"x-request-id", rid)]
            await send(message)

        try:
            refusal = self._refusal(scope["path"], headers)
            if refusal is not None:
                await refusal(scope, receive, send_with_id)
            else:
                await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = scope.get("route")
            template = str(getattr(route, "path", "") or "<unmatched>")
            self.observe(template, status, elapsed)
            log.info(
                "%s %s %d %.1f ms id=%s",
                scope["method"],
                template,
                status,
                elapsed * 1000,
                rid.decode("latin-1"),
            )

    def _refusal(self, path: str, headers: dict[bytes, bytes]) -> Response | None:
        """The 401/413 answer for a request refused before routing, else None."""
        if self.keys and path not in self.open_paths:
            given = headers.get(b"x-api-key", b"")
            auth = headers.get(b"authorization", b"")
            if auth[:7].lower() == b"bearer ":
                given = auth[7:].strip()
            if not any(hmac.compare_digest(given, k) for k in self.keys):
                return JSONResponse(
                    {"detail": "missing or invalid API key", "type": "unauthorized"},
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
        length = headers.get(b"content-length", b"")
        if length.isdigit() and int(length) > self.max_body_bytes:
            return JSONResponse(
                {
                    "detail": f"request body is {int(length)} bytes; "
                    f"the limit is {self.max_body_bytes}",
                    "type": "payload_too_large",
                },
                status_code=413,
            )
        return None


# ---------------------------------------------------------------- app


async def _current_snapshot(request: Request) -> ScreeningSnapshot:
    """Dependency: the snapshot this request runs on (read once, kept to the end).

    ``async`` so that FastAPI calls it on the event loop rather than sending an
    attribute read to the thread pool.
    """
    holder: SnapshotHolder = request.app.state.holder
    return holder.snapshot


Snap = Annotated[ScreeningSnapshot, Depends(_current_snapshot)]


@dataclass(frozen=True, slots=True)
class _MatchParams:
    """The query-string options of one /match request."""

    scope: tuple[str, ...] | None
    threshold: float | None
    limit: int
    excluded_schemata: frozenset[str]
    changed_since: str | None


def _match_answer(
    snap: ScreeningSnapshot, body: MatchRequest, params: _MatchParams
) -> dict[str, Any]:
    """Screen every query of a /match request (yente's response shape)."""
    responses: dict[str, Any] = {}
    fetch = params.limit + (10 if params.excluded_schemata or params.changed_since else 0)
    for key, example in body.queries.items():
        raw = {"schema": example.schema_, "properties": example.properties}
        try:
            query = Query.from_ftm(raw)
        except QueryError as exc:
            responses[key] = {"status": 400, "detail": str(exc), "results": [], "query": raw}
            continue
        result = snap.screen(query, threshold=params.threshold, limit=fetch, list_keys=params.scope)
        hits = [h.to_dict() for h in result.results]
        if params.excluded_schemata:
            hits = [h for h in hits if h["schema"] not in params.excluded_schemata]
        if params.changed_since:
            since = params.changed_since
            hits = [h for h in hits if _changed_since_ok(snap, h["id"], since)]
        hits = hits[: params.limit]
        responses[key] = {
            "status": 200,
            "results": [_ftm_result(snap, h, raw) for h in hits],
            "total": {"value": len(hits), "relation": "eq"},
            "query": {"id": example.id, **raw},
            # values screening could not use (a date that is not a date…), never silent
            **({"warnings": result.warnings} if result.warnings else {}),
        }
    cfg = snap.screener.config
    return {
        "responses": responses,
        "limit": params.limit,
        "threshold": cfg.threshold if params.threshold is None else params.threshold,
        "algorithm": cfg.label,
        "list_versions": snap.list_versions,
    }


def create_app(
    holder: SnapshotHolder,
    *,
    api_keys: Sequence[str] = (),
    limits: ApiLimits | None = None,
    refresh_seconds: float = 0.0,
) -> FastAPI:
    """Build the FastAPI app around a snapshot holder.

    Args:
        holder: serves snapshots; loaded at start-up (the app is not ready before).
        api_keys: when non-empty, every request except health checks must carry one
            (``Authorization: Bearer KEY`` or ``X-API-Key: KEY``), else 401.
        limits: request size and batch limits.
        refresh_seconds: when > 0, check the catalog that often and swap in a new
            snapshot when its state changed.
    """
    lim = limits or ApiLimits()
    registry = CollectorRegistry()
    requests_total = Counter(
        "embargo_http_requests_total", "HTTP requests", ["route", "status"], registry=registry
    )
    latency = Histogram(
        "embargo_http_request_seconds",
        "HTTP request duration",
        ["route"],
        registry=registry,
        buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0),
    )
    screened = Counter(
        "embargo_screened_queries_total", "queries screened", ["endpoint"], registry=registry
    )
    screened_match = screened.labels("match")
    stop = threading.Event()

    children: dict[tuple[str, int], tuple[Any, Any]] = {}

    def observe(route: str, status: int, seconds: float) -> None:
        # labels() hashes and locks on every call: keep each route's children
        # (route templates and statuses are few, so the cache stays small)
        pair = children.get((route, status))
        if pair is None:
            pair = children[route, status] = (
                requests_total.labels(route, str(status)),
                latency.labels(route),
            )
        pair[0].inc()
        pair[1].observe(seconds)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Load before serving: uvicorn listens only once start-up is done, so with
        # several workers (each on its own SO_REUSEPORT socket, see `server`) no
        # connection reaches a worker that is still loading (it would answer 503, and
        # its loading thread would hold the GIL against its event loop). A failed load
        # still starts the server, whose /readyz then says why it is not ready.
        await run_in_threadpool(holder.refresh)
        watcher: threading.Thread | None = None
        if refresh_seconds > 0:

            def watch() -> None:
                while not stop.wait(refresh_seconds):
                    holder.refresh()

            watcher = threading.Thread(target=watch, name="embargo-refresh", daemon=True)
            watcher.start()
        yield
        stop.set()

    # the /docs and /redoc pages load Swagger UI and ReDoc from files shipped in the
    # fastapi-offline package, not from a CDN: they work on a closed network
    app = FastAPIOffline(
        title="embargo",
        version=__version__,
        description="Sanctions and export-control screening API (yente-compatible /match).",
        lifespan=lifespan,
        # no OpenTelemetry here (metrics are Prometheus): skip FastAPI's per-request
        # check for configured OpenTelemetry providers
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.add_middleware(
        GuardMiddleware,
        keys=tuple(k for k in api_keys if k),
        open_paths=frozenset({"/healthz", "/readyz"}),
        max_body_bytes=lim.max_body_bytes,
        observe=observe,
    )

    @app.exception_handler(EmbargoError)
    async def embargo_error(request: Request, exc: EmbargoError) -> JSONResponse:
        status, kind = _error_status(exc)
        if status >= 500:
            log.error("request failed: %s", exc)
        return JSONResponse({"detail": str(exc), "type": kind}, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()))
            problems.append(f"{where}: {err.get('msg')}")
        return JSONResponse(
            {"detail": "; ".join(problems), "type": "invalid_request", "errors": problems},
            status_code=422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(
            {"detail": str(exc.detail), "type": "http_error"}, status_code=exc.status_code
        )

    @app.get("/healthz", tags=["system"])
    async def healthz() -> dict[str, str | int]:
        """Liveness: the process answers (``pid``: which worker process did)."""
        return {"status": "ok", "pid": os.getpid()}

    @app.get("/readyz", tags=["system"])
    async def readyz() -> JSONResponse:
        """Readiness: 200 once the screening index is loaded, 503 before."""
        if not holder.ready:
            return JSONResponse({"status": "loading", "error": holder.last_error}, status_code=503)
        snap = holder.snapshot
        return JSONResponse({"status": "ok", "index": snap.token[:24], "lists": len(snap.lists)})

    @app.get("/metrics", tags=["system"], response_class=PlainTextResponse)
    async def metrics() -> PlainTextResponse:
        """Prometheus metrics."""
        return PlainTextResponse(generate_latest(registry).decode("utf-8"))

    @app.get("/catalog", tags=["data"])
    async def catalog(snap: Snap) -> dict[str, Any]:
        """Lists served, with their versions and entity counts."""
        return {
            "datasets": [lv.to_dict() for lv in snap.lists],
            "collections": {k: list(v) if v else None for k, v in COLLECTIONS.items()},
            "index": snap.token[:24],
            "built_at": snap.built_at,
        }

    @app.get("/algorithms", tags=["matching"])
    async def algorithms(snap: Snap) -> dict[str, Any]:
        """The scoring configuration in force (name, version, default threshold)."""
        cfg = snap.screener.config
        return {
            "algorithms": [
                {"name": cfg.name, "version": cfg.version, "threshold": cfg.threshold},
            ],
            "default": cfg.name,
            "best": cfg.name,
            "aliases": list(ALGORITHM_ALIASES),
        }

    def _check_algorithm(snap: ScreeningSnapshot, algorithm: str | None) -> None:
        names = {snap.screener.config.name, "default", *ALGORITHM_ALIASES}
        if algorithm and algorithm not in names:
            raise ApiError(400, "unknown_algorithm", f"unknown algorithm {algorithm!r}")

    async def match(
        body: MatchRequest,
        snap: Snap,
        dataset: Annotated[str, PathParam(description="list key(s), collection or default")],
        options: Annotated[MatchOptions, QueryParam()],
    ) -> Response:
        """Match entities (yente/OpenSanctions-compatible request and response)."""
        _check_algorithm(snap, options.algorithm)
        limit = options.limit
        if limit > lim.max_limit:
            raise ApiError(400, "invalid_query", f"limit {limit} exceeds {lim.max_limit}")
        if len(body.queries) > lim.max_queries:
            raise ApiError(
                400,
                "too_many_queries",
                f"{len(body.queries)} queries in one request; the limit is {lim.max_queries}",
            )
        if not body.queries:
            raise ApiError(400, "invalid_query", "no queries in the request")
        params = _MatchParams(
            scope=_apply_filters(
                _resolve_dataset(dataset, snap),
                snap,
                options.include_dataset,
                options.exclude_dataset,
            ),
            threshold=options.threshold,
            limit=limit,
            excluded_schemata=frozenset(options.exclude_schema),
            changed_since=options.changed_since,
        )
        if len(body.queries) <= INLINE_QUERIES:
            answer = _match_answer(snap, body, params)
        else:
            answer = await run_in_threadpool(_match_answer, snap, body, params)
        screened_match.inc(sum(r["status"] == 200 for r in answer["responses"].values()))
        return json_response(answer)

    match_options = QueryModel(MatchOptions)

    async def match_direct(request: Request) -> Response:
        """``match`` without FastAPI's parameter resolution (`api_direct`): the hot path."""
        body = json_body(MatchRequest, request.headers.get("content-type"), await request.body())
        options = match_options.parse(request.query_params)
        return await match(body, holder.snapshot, request.path_params["dataset"], options)

    app.router.add_api_route(
        "/match/{dataset}",
        match,
        methods=["POST"],
        tags=["matching"],
        response_model=None,
        route_class_override=direct_route(match_direct),
    )

    @app.get("/search/{dataset}", tags=["matching"], response_model=None)
    async def search(
        snap: Snap,
        dataset: str,
        q: Annotated[str, QueryParam(min_length=1, max_length=500)],
        schema: str = "LegalEntity",
        limit: Annotated[int, QueryParam(ge=1, le=100)] = 10,
    ) -> Response:
        """Find listed entities by a name, ranked by score (no threshold applied)."""
        scope = _resolve_dataset(dataset, snap)
        result = snap.screen(Query(schema=schema, names=[q]), limit=limit, list_keys=scope)
        screened.labels("search").inc()
        hits = [h.to_dict() for h in result.results]
        return json_response(
            {
                "results": [_ftm_result(snap, h, {}) for h in hits],
                "total": {"value": len(hits), "relation": "eq"},
                "limit": limit,
            }
        )

    @app.get("/entities/{entity_id}", tags=["data"], response_model=None)
    async def entity(snap: Snap, entity_id: str) -> Response:
        """One listed entity in FtM JSON."""
        data = snap.entity(entity_id)
        if data is None:
            raise ApiError(404, "not_found", f"no entity {entity_id!r} in the served lists")
        return json_response(data)

    @app.post("/screen", tags=["matching"], response_model=None)
    async def screen(body: ScreenRequest, snap: Snap) -> Response:
        """Screen one party; the full explanation and the list versions used."""
        names = [body.name] if isinstance(body.name, str) else body.name
        query = Query(
            schema=body.schema_,
            names=names,
            birth_dates=body.birth_date,
            countries=body.country,
            identifiers=body.identifier,
        )
        scope = None
        if body.datasets:
            scope = _resolve_dataset(",".join(body.datasets), snap)
        result: ScreenResult = snap.screen(
            query, threshold=body.threshold, limit=body.limit, list_keys=scope
        )
        screened.labels("screen").inc()
        return json_response(snap.result_dict(result))

    @app.post("/compare", tags=["matching"])
    async def compare(body: CompareRequest, snap: Snap) -> dict[str, Any]:
        """Score two entities against each other, with the explanation."""
        from embargo.match import compare as compare_entities

        def entity_of(example: EntityExample, fallback: str) -> Entity:
            data = {
                "id": example.id or fallback,
                "schema": example.schema_,
                "properties": example.properties,
            }
            return Entity.from_ftm(data, list_key="query")

        comparison = compare_entities(
            entity_of(body.a, "a"), entity_of(body.b, "b"), snap.screener.config
        )
        return {
            "score": round(comparison.score, 4),
            "match": comparison.match,
            "explanation": comparison.explanation,
            "config": {
                "name": snap.screener.config.name,
                "version": snap.screener.config.version,
            },
        }

    from embargo.services.api_text import add_text_routes

    add_text_routes(app)
    app.state.holder = holder
    app.state.limits = lim
    return app


@contextmanager
def reload_lock_file(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if missing) until the block ends.

    The workers of one server each watch the catalog and would otherwise load a new
    snapshot at the same moment: loading is seconds of CPU-bound Python per worker
    (its requests wait meanwhile), so together they would take every core and slow
    down all requests at once. Under this lock one worker reloads while the others
    serve at full speed, and the later ones read the snapshot the first one built
    from the cache. Not taken for the first load at start-up (nothing is served yet).
    Where ``fcntl`` is missing (Windows) or the file cannot be created (read-only
    directory), workers reload independently.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    try:
        fh = path.open("a")
    except OSError as exc:  # a read-only cache directory: reload without the lock
        log.debug("no reload lock at %s (%s)", path, exc)
        yield
        return
    with fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def app_for_catalog(
    catalog_path: Path,
    cache_dir: Path | None = None,
    *,
    api_keys: Sequence[str] = (),
    refresh_seconds: float = 30.0,
    limits: ApiLimits | None = None,
) -> FastAPI:
    """The app serving a catalog file (what ``embargo serve`` runs)."""
    lock_path = (cache_dir or catalog_path.parent) / ".embargo-serve-reload.lock"
    holder = SnapshotHolder(
        lambda: open_snapshot(catalog_path, cache_dir),
        lambda: current_token(catalog_path),
        lambda: reload_lock_file(lock_path),
    )
    return create_app(holder, api_keys=api_keys, limits=limits, refresh_seconds=refresh_seconds)


def app_from_env() -> FastAPI:
    """The app configured from the environment (``uvicorn --factory`` target).

    ``embargo serve`` sets EMBARGO_CATALOG, EMBARGO_API_KEYS and
    EMBARGO_REFRESH_SECONDS before starting uvicorn workers, each of which calls this.
    """
    from embargo.settings import load_settings

    settings = load_settings()
    keys = [k.strip() for k in os.environ.get("EMBARGO_API_KEYS", "").split(",") if k.strip()]
    refresh = float(os.environ.get("EMBARGO_REFRESH_SECONDS", "30") or 30)
    return app_for_catalog(settings.catalog_path, api_keys=keys, refresh_seconds=refresh)


__all__ = [
    "ALGORITHM_ALIASES",
    "COLLECTIONS",
    "ApiError",
    "ApiLimits",
    "SnapshotHolder",
    "app_for_catalog",
    "app_from_env",
    "create_app",
    "reload_lock_file",
    "run_server",
    "shared_socket",
]

_ = (DEFAULT_CONFIG, Literal)  # re-exported names used by docs examples
