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
finishes on the snapshot it started with.

Errors have one shape, ``{"detail": message, "type": kind}``, mapped from the
exception tree in `_error_status` (one place). Logs carry one line per request with
method, path, status and duration; names and dates of birth never appear above DEBUG.
"""

from __future__ import annotations

import hmac
import logging
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Request
from fastapi import Path as PathParam
from fastapi import Query as QueryParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from embargo import __version__
from embargo.exc import EmbargoError, MatchConfigError, MessageError, QueryError
from embargo.match.config import DEFAULT_CONFIG
from embargo.model.entity import Entity
from embargo.screen.party import Query, ScreenResult
from embargo.services.screening import ScreeningSnapshot, current_token, open_snapshot

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


class SnapshotHolder:
    """The snapshot being served, replaced atomically when the catalog changes."""

    def __init__(
        self,
        loader: Callable[[], ScreeningSnapshot],
        token_reader: Callable[[], str] | None = None,
    ) -> None:
        self._loader = loader
        self._token_reader = token_reader
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
            log.info("snapshot %s warmed up in %.2f s", snap.token[:16], took)
            self._snapshot = snap  # one assignment: readers see old or new, never half
            self.last_error = None
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
        "referents": [],
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


# ---------------------------------------------------------------- app


def _current_snapshot(request: Request) -> ScreeningSnapshot:
    """Dependency: the snapshot this request runs on (read once, kept to the end)."""
    holder: SnapshotHolder = request.app.state.holder
    return holder.snapshot


Snap = Annotated[ScreeningSnapshot, Depends(_current_snapshot)]


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
    stop = threading.Event()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        loader = threading.Thread(target=holder.refresh, name="embargo-load", daemon=True)
        loader.start()
        watcher: threading.Thread | None = None
        if refresh_seconds > 0:

            def watch() -> None:
                while not stop.wait(refresh_seconds):
                    holder.refresh()

            watcher = threading.Thread(target=watch, name="embargo-refresh", daemon=True)
            watcher.start()
        yield
        stop.set()

    app = FastAPI(
        title="embargo",
        version=__version__,
        description="Sanctions and export-control screening API (yente-compatible /match).",
        lifespan=lifespan,
    )
    keys = tuple(k for k in api_keys if k)
    open_paths = {"/healthz", "/readyz"}

    @app.middleware("http")
    async def guard_and_log(request: Request, call_next: Callable[[Request], Any]) -> Any:
        started = time.perf_counter()
        request_id = request.headers.get("x-request-id") or uuid.uuid4().hex[:16]
        route = request.url.path
        response: Any
        length = request.headers.get("content-length")
        if keys and route not in open_paths:
            given = request.headers.get("x-api-key") or ""
            auth = request.headers.get("authorization") or ""
            if auth.lower().startswith("bearer "):
                given = auth[7:].strip()
            if not any(hmac.compare_digest(given, k) for k in keys):
                response = JSONResponse(
                    {"detail": "missing or invalid API key", "type": "unauthorized"},
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
                return _finish(request, response, route, started, request_id)
        if length is not None and length.isdigit() and int(length) > lim.max_body_bytes:
            response = JSONResponse(
                {
                    "detail": f"request body is {length} bytes; the limit is {lim.max_body_bytes}",
                    "type": "payload_too_large",
                },
                status_code=413,
            )
            return _finish(request, response, route, started, request_id)
        response = await call_next(request)
        return _finish(request, response, route, started, request_id)

    def _finish(request: Request, response: Any, route: str, started: float, rid: str) -> Any:
        elapsed = time.perf_counter() - started
        template = _route_template(request) or route
        requests_total.labels(template, str(response.status_code)).inc()
        latency.labels(template).observe(elapsed)
        response.headers["x-request-id"] = rid
        log.info(
            "%s %s %d %.1f ms id=%s",
            request.method,
            template,
            response.status_code,
            elapsed * 1000,
            rid,
        )
        return response

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
    def healthz() -> dict[str, str]:
        """Liveness: the process answers."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["system"])
    def readyz() -> JSONResponse:
        """Readiness: 200 once the screening index is loaded, 503 before."""
        if not holder.ready:
            return JSONResponse({"status": "loading", "error": holder.last_error}, status_code=503)
        snap = holder.snapshot
        return JSONResponse({"status": "ok", "index": snap.token[:24], "lists": len(snap.lists)})

    @app.get("/metrics", tags=["system"], response_class=PlainTextResponse)
    def metrics() -> PlainTextResponse:
        """Prometheus metrics."""
        return PlainTextResponse(generate_latest(registry).decode("utf-8"))

    @app.get("/catalog", tags=["data"])
    def catalog(snap: Snap) -> dict[str, Any]:
        """Lists served, with their versions and entity counts."""
        return {
            "datasets": [lv.to_dict() for lv in snap.lists],
            "collections": {k: list(v) if v else None for k, v in COLLECTIONS.items()},
            "index": snap.token[:24],
            "built_at": snap.built_at,
        }

    @app.get("/algorithms", tags=["matching"])
    def algorithms(snap: Snap) -> dict[str, Any]:
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

    @app.post("/match/{dataset}", tags=["matching"])
    def match(
        body: MatchRequest,
        snap: Snap,
        dataset: Annotated[str, PathParam(description="list key(s), collection or default")],
        threshold: Annotated[float | None, QueryParam(ge=0.0, le=1.0)] = None,
        limit: Annotated[int, QueryParam(ge=1)] = 5,
        algorithm: str | None = None,
        include_dataset: Annotated[list[str] | None, QueryParam()] = None,
        exclude_dataset: Annotated[list[str] | None, QueryParam()] = None,
        exclude_schema: Annotated[list[str] | None, QueryParam()] = None,
        changed_since: str | None = None,
    ) -> dict[str, Any]:
        """Match entities (yente/OpenSanctions-compatible request and response)."""
        _check_algorithm(snap, algorithm)
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
        scope = _apply_filters(
            _resolve_dataset(dataset, snap), snap, include_dataset or [], exclude_dataset or []
        )
        excluded_schemata = set(exclude_schema or [])
        responses: dict[str, Any] = {}
        for key, example in body.queries.items():
            raw = {"schema": example.schema_, "properties": example.properties}
            try:
                query = Query.from_ftm(raw)
            except QueryError as exc:
                responses[key] = {"status": 400, "detail": str(exc), "results": [], "query": raw}
                continue
            fetch = limit + (10 if excluded_schemata or changed_since else 0)
            result = snap.screen(query, threshold=threshold, limit=fetch, list_keys=scope)
            screened.labels("match").inc()
            hits = [h.to_dict() for h in result.results]
            if excluded_schemata:
                hits = [h for h in hits if h["schema"] not in excluded_schemata]
            if changed_since:
                hits = [h for h in hits if _changed_since_ok(snap, h["id"], changed_since)]
            hits = hits[:limit]
            responses[key] = {
                "status": 200,
                "results": [_ftm_result(snap, h, raw) for h in hits],
                "total": {"value": len(hits), "relation": "eq"},
                "query": {"id": example.id, **raw},
            }
        return {
            "responses": responses,
            "limit": limit,
            "threshold": result_threshold(snap, threshold),
            "algorithm": snap.screener.config.label,
            "list_versions": snap.list_versions,
        }

    def result_threshold(snap: ScreeningSnapshot, threshold: float | None) -> float:
        return snap.screener.config.threshold if threshold is None else threshold

    @app.get("/search/{dataset}", tags=["matching"])
    def search(
        snap: Snap,
        dataset: str,
        q: Annotated[str, QueryParam(min_length=1, max_length=500)],
        schema: str = "LegalEntity",
        limit: Annotated[int, QueryParam(ge=1, le=100)] = 10,
    ) -> dict[str, Any]:
        """Find listed entities by a name, ranked by score (no threshold applied)."""
        scope = _resolve_dataset(dataset, snap)
        result = snap.screen(Query(schema=schema, names=[q]), limit=limit, list_keys=scope)
        screened.labels("search").inc()
        hits = [h.to_dict() for h in result.results]
        return {
            "results": [_ftm_result(snap, h, {}) for h in hits],
            "total": {"value": len(hits), "relation": "eq"},
            "limit": limit,
        }

    @app.get("/entities/{entity_id}", tags=["data"])
    def entity(snap: Snap, entity_id: str) -> dict[str, Any]:
        """One listed entity in FtM JSON."""
        data = snap.entity(entity_id)
        if data is None:
            raise ApiError(404, "not_found", f"no entity {entity_id!r} in the served lists")
        return dict(data)

    @app.post("/screen", tags=["matching"])
    def screen(body: ScreenRequest, snap: Snap) -> dict[str, Any]:
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
        return snap.result_dict(result)

    @app.post("/compare", tags=["matching"])
    def compare(body: CompareRequest, snap: Snap) -> dict[str, Any]:
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

    app.state.holder = holder
    app.state.limits = lim
    return app


def _route_template(request: Request) -> str | None:
    route = request.scope.get("route")
    path = getattr(route, "path", None)
    return str(path) if path else None


def app_for_catalog(
    catalog_path: Path,
    cache_dir: Path | None = None,
    *,
    api_keys: Sequence[str] = (),
    refresh_seconds: float = 30.0,
    limits: ApiLimits | None = None,
) -> FastAPI:
    """The app serving a catalog file (what ``embargo serve`` runs)."""
    holder = SnapshotHolder(
        lambda: open_snapshot(catalog_path, cache_dir),
        lambda: current_token(catalog_path),
    )
    return create_app(holder, api_keys=api_keys, limits=limits, refresh_seconds=refresh_seconds)


def app_from_env() -> FastAPI:
    """The app configured from the environment (``uvicorn --factory`` target).

    ``embargo serve`` sets EMBARGO_CATALOG, EMBARGO_API_KEYS and
    EMBARGO_REFRESH_SECONDS before starting uvicorn workers, each of which calls this.
    """
    import os

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
]

_ = (DEFAULT_CONFIG, Literal)  # re-exported names used by docs examples
