"""The HTTP API: OpenAI's paths, shapes, status codes and cursor pagination, behind a bearer token."""

from __future__ import annotations

import hmac
import logging
import shutil
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from engine import catalog, exports
from engine.bodies import MAX_JSON_BODY_BYTES, JSONBodyGuard, check_declared_size, parse_json
from engine.datalock import make_private
from engine.errors import APIError, bad_request, error_body
from engine.files import MAX_FILE_BYTES, MAX_PART_BYTES, Files, sweep
from engine.jobs import JobManager, Paths
from engine.openapi import with_request_bodies
from engine.serving import Completions, Serving
from engine.space import SpaceReserve, is_disk_full
from engine.store import JSONObject, Store, now

log = logging.getLogger("engine.api")

DEFAULT_PAGE = 20
MULTIPART_OVERHEAD = 64 * 1024  # a form's boundaries and fields around the file
MAX_PAGE = 10_000


@dataclass
class Engine:
    """Everything one server process holds."""

    paths: Paths
    store: Store
    jobs: JobManager
    files: Files
    serving: Serving
    token: str
    started_at: int

    @classmethod
    def open(cls, data_dir: Path, token: str) -> Engine:
        """Open a data folder this process owns (see engine.datalock): make it private, clear what
        killed requests left behind, and keep room for deletes on a full disk."""
        paths = Paths(data_dir)
        paths.create()
        make_private(data_dir)
        reserve = SpaceReserve(data_dir)
        store = Store(data_dir / "engine.sqlite3", reserve)
        removed = sweep(store, paths)
        if removed:
            log.info("removed %d leftover(s) of interrupted work: %s", len(removed), ", ".join(removed[:20]))
        if not reserve.restore():
            log.warning("the disk holding %s is full: free some space", data_dir)
        return cls(
            paths, store, JobManager(store, paths), Files(store, paths), Serving(store, paths), token, now()
        )

    def restore_reserve(self) -> None:
        """After a delete: take back the room kept for deletes on a full disk, if there is room."""
        SpaceReserve(self.paths.data_dir).restore()


def _limit(value: str | None, default: int = DEFAULT_PAGE) -> int:
    if value is None:
        return default
    try:
        limit = int(value)
    except ValueError:
        raise bad_request("'limit' must be a whole number", param="limit") from None
    if not 1 <= limit <= MAX_PAGE:
        raise bad_request(f"'limit' must be from 1 to {MAX_PAGE}", param="limit")
    return limit


async def _json_body(request: Request) -> JSONObject:
    check_declared_size(request.headers.get("content-length"), MAX_JSON_BODY_BYTES, "request")
    raw = bytearray()
    async for chunk in request.stream():
        raw.extend(chunk)
        if len(raw) > MAX_JSON_BODY_BYTES:
            check_declared_size(str(len(raw)), MAX_JSON_BODY_BYTES, "request")
    body = parse_json(bytes(raw))
    if not isinstance(body, dict):
        raise bad_request("The request body must be a JSON object.")
    return body


def _metadata_filter(request: Request) -> tuple[str, tuple[Any, ...]]:
    """OpenAI's jobs-list filter: ``metadata[k]=v`` (each pair must match) or ``metadata=null``."""
    clauses: list[str] = []
    values: list[Any] = []
    for name, value in request.query_params.multi_items():
        if name == "metadata":
            if value != "null":
                raise bad_request(
                    "Filter on metadata with metadata[key]=value, or metadata=null", param="metadata"
                )
            clauses.append("json_extract(data, '$.metadata') IS NULL")
        elif name.startswith("metadata[") and name.endswith("]"):
            key = name[len("metadata[") : -1]
            if not key or len(key) > 64:
                raise bad_request("A metadata key is 1 to 64 characters", param="metadata")
            # json_each compares the key exactly, whatever characters it holds.
            clauses.append("EXISTS (SELECT 1 FROM json_each(data, '$.metadata') WHERE key = ? AND value = ?)")
            values.extend([key, value])
    return " AND ".join(clauses), tuple(values)


def _page(
    store: Store, table: str, after: str | None, limit: int, where: str, parameters: tuple[Any, ...]
) -> JSONObject:
    try:
        return store.page(table, after, limit, where, parameters).as_list()
    except KeyError:
        raise bad_request(f"No object '{after}' to list after", param="after") from None


def create_app(engine: Engine) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        # Runs in uvicorn's graceful shutdown (SIGTERM, Ctrl+C), before it re-raises the signal.
        await run_in_threadpool(engine.jobs.stop)

    app = FastAPI(
        title="Finetune Desk local engine", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan
    )
    app.state.engine = engine
    # Added before the token check, so it runs after it: an unauthenticated body is never read.
    app.add_middleware(JSONBodyGuard)
    build_schema = app.openapi
    app.openapi = lambda: with_request_bodies(build_schema())  # type: ignore[method-assign]
    expected = f"Bearer {engine.token}".encode()

    @app.middleware("http")
    async def authenticate(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        given = request.headers.get("authorization", "").encode()
        if not hmac.compare_digest(given, expected):
            message = (
                "Incorrect API key provided. Give the engine's token as a bearer token."
                if given
                else "You didn't provide an API key. Give the engine's token as a bearer token."
            )
            return JSONResponse(error_body(message, code="invalid_api_key"), status_code=401)
        return await call_next(request)

    @app.exception_handler(APIError)
    async def api_error(_request: Request, error: APIError) -> JSONResponse:
        return JSONResponse(error.body(), status_code=error.status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        if error.status_code == 404:
            message = f"Invalid URL ({request.method} {request.url.path})"
        else:
            message = str(error.detail)
        return JSONResponse(error_body(message), status_code=error.status_code)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse(error_body(f"Invalid request: {error.errors()}"), status_code=400)

    def storage_error(error: Exception) -> JSONResponse:
        if is_disk_full(error):
            message = (
                "The disk that holds the engine's data folder is full. Free some space (delete files, "
                "jobs' models or other data) and try again; nothing was saved from this request."
            )
            return JSONResponse(error_body(message, "server_error", code="insufficient_storage"), 507)
        log.exception("storage error", exc_info=error)
        return JSONResponse(
            error_body(f"The engine could not read or write its data: {error}", "server_error"), 500
        )

    # Registered by class (not only as the catch-all below, which Starlette re-raises after answering
    # and so drops the connection): a full disk is an answer, not a crash.
    @app.exception_handler(OSError)
    async def os_error(_request: Request, error: OSError) -> JSONResponse:
        return storage_error(error)

    @app.exception_handler(sqlite3.Error)
    async def database_error(_request: Request, error: sqlite3.Error) -> JSONResponse:
        return storage_error(error)

    @app.exception_handler(Exception)
    async def unexpected_error(_request: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return JSONResponse(error_body(f"The engine hit an error: {error}", "server_error"), status_code=500)

    # --- models ------------------------------------------------------------------------------------

    def base_models() -> list[catalog.BaseModel]:
        return [catalog.TINY_RANDOM, *catalog.local_models(engine.paths.models)]

    @app.get("/v1/models")
    def list_models() -> JSONObject:
        data: list[JSONObject] = [model.as_model(engine.started_at) for model in base_models()]
        data.extend(model for model, _internal in engine.store.select("models"))
        return {"object": "list", "data": data}

    @app.get("/v1/models/{model_id:path}")
    def retrieve_model(model_id: str) -> JSONObject:
        for base in base_models():
            if base.id == model_id:
                return base.as_model(engine.started_at)
        model = engine.store.get("models", model_id)
        if model is None:
            raise APIError(
                404, f"The model '{model_id}' does not exist", param="model", code="model_not_found"
            )
        return model

    @app.delete("/v1/models/{model_id:path}")
    def delete_model(model_id: str) -> JSONObject:
        rows = engine.store.select("models", "id = ?", (model_id,))
        if not rows:
            if any(base.id == model_id for base in base_models()):
                raise APIError(
                    403, f"The base model '{model_id}' can't be deleted.", "permission_error", "model"
                )
            raise APIError(
                404, f"The model '{model_id}' does not exist", param="model", code="model_not_found"
            )
        _model, internal = rows[0]
        engine.store.delete("models", model_id)
        if internal.get("checkpoint"):
            for checkpoint, _ in engine.store.select(
                "checkpoints", "json_extract(data, '$.fine_tuned_model_checkpoint') = ?", (model_id,)
            ):
                engine.store.delete("checkpoints", checkpoint["id"])
        engine.serving.forget(model_id)
        shutil.rmtree(internal["adapter_dir"], ignore_errors=True)
        engine.restore_reserve()
        return {"id": model_id, "object": "model", "deleted": True}

    # --- files ---------------------------------------------------------------------------------------

    @app.post("/v1/files")
    async def create_file(request: Request) -> JSONObject:
        check_declared_size(
            request.headers.get("content-length"),
            MAX_FILE_BYTES + MULTIPART_OVERHEAD,
            "file",
            "; use the Uploads API for larger files",
        )
        form = await request.form()
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise bad_request("'file' is required (multipart form)", param="file")
        file = await run_in_threadpool(
            engine.files.create, upload.file, upload.filename or "upload.jsonl", form.get("purpose")
        )
        engine.jobs.warm_up()
        return file

    @app.get("/v1/files")
    def list_files(
        purpose: str | None = None, after: str | None = None, limit: str | None = None, order: str = "desc"
    ) -> JSONObject:
        return engine.files.list(purpose, after, _limit(limit, MAX_PAGE), order)

    @app.get("/v1/files/{file_id}")
    def retrieve_file(file_id: str) -> JSONObject:
        return engine.files.get(file_id)

    @app.delete("/v1/files/{file_id}")
    def delete_file(file_id: str) -> JSONObject:
        deleted = engine.files.delete(file_id)
        engine.restore_reserve()
        return deleted

    @app.get("/v1/files/{file_id}/content")
    def file_content(file_id: str) -> StreamingResponse:
        path = engine.files.path(file_id)

        def chunks() -> Iterator[bytes]:
            with path.open("rb") as stream:
                while chunk := stream.read(1024 * 1024):
                    yield chunk

        media = "text/csv" if path.suffix == ".csv" else "application/octet-stream"
        return StreamingResponse(chunks(), media_type=media)

    # --- uploads -------------------------------------------------------------------------------------

    @app.post("/v1/uploads")
    async def create_upload(request: Request) -> JSONObject:
        return engine.files.create_upload(await _json_body(request))

    @app.post("/v1/uploads/{upload_id}/parts")
    async def add_upload_part(upload_id: str, request: Request) -> JSONObject:
        check_declared_size(
            request.headers.get("content-length"), MAX_PART_BYTES + MULTIPART_OVERHEAD, "upload part"
        )
        form = await request.form()
        data = form.get("data")
        if not isinstance(data, UploadFile):
            raise bad_request("'data' is required (multipart form)", param="data")
        return await run_in_threadpool(engine.files.add_part, upload_id, data.file)

    @app.post("/v1/uploads/{upload_id}/complete")
    async def complete_upload(upload_id: str, request: Request) -> JSONObject:
        body = await _json_body(request)
        return await run_in_threadpool(engine.files.complete_upload, upload_id, body)

    @app.post("/v1/uploads/{upload_id}/cancel")
    def cancel_upload(upload_id: str) -> JSONObject:
        return engine.files.cancel_upload(upload_id)

    # --- fine-tuning jobs ----------------------------------------------------------------------------

    @app.post("/v1/fine_tuning/jobs")
    async def create_job(request: Request) -> JSONObject:
        body = await _json_body(request)
        return await run_in_threadpool(engine.jobs.create, body)

    @app.get("/v1/fine_tuning/jobs")
    def list_jobs(request: Request, after: str | None = None, limit: str | None = None) -> JSONObject:
        where, parameters = _metadata_filter(request)
        return _page(engine.store, "jobs", after, _limit(limit), where, parameters)

    @app.get("/v1/fine_tuning/jobs/{job_id}")
    def retrieve_job(job_id: str) -> JSONObject:
        return engine.jobs.get(job_id)

    @app.post("/v1/fine_tuning/jobs/{job_id}/cancel")
    def cancel_job(job_id: str) -> JSONObject:
        return engine.jobs.cancel(job_id)

    @app.post("/v1/fine_tuning/jobs/{job_id}/pause")
    def pause_job(job_id: str) -> JSONObject:
        return engine.jobs.pause(job_id)

    @app.post("/v1/fine_tuning/jobs/{job_id}/resume")
    def resume_job(job_id: str) -> JSONObject:
        return engine.jobs.resume(job_id)

    @app.get("/v1/fine_tuning/jobs/{job_id}/events")
    def list_events(job_id: str, after: str | None = None, limit: str | None = None) -> JSONObject:
        engine.jobs.get(job_id)
        return _page(engine.store, "events", after, _limit(limit), "job_id = ?", (job_id,))

    @app.get("/v1/fine_tuning/jobs/{job_id}/checkpoints")
    def list_checkpoints(job_id: str, after: str | None = None, limit: str | None = None) -> JSONObject:
        engine.jobs.get(job_id)
        return _page(engine.store, "checkpoints", after, _limit(limit, 10), "job_id = ?", (job_id,))

    # --- completions ---------------------------------------------------------------------------------

    completions = Completions(engine.serving)

    def respond(result: JSONObject | Iterator[bytes]) -> Response:
        if isinstance(result, dict):
            return JSONResponse(result)
        return StreamingResponse(
            result, media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
        )

    @app.post("/v1/chat/completions")
    async def chat_completions(request: Request) -> Response:
        body = await _json_body(request)
        return respond(await run_in_threadpool(completions.chat, body))

    @app.post("/v1/completions")
    async def text_completions(request: Request) -> Response:
        body = await _json_body(request)
        return respond(await run_in_threadpool(completions.text, body))

    from engine import extension

    extension.register(app, engine)  # /v1/engine/...: base models, downloads, estimates (issue 10)
    exports.register_routes(app, engine.store, engine.paths)

    @app.api_route(
        "/v1/{rest:path}", methods=["GET", "POST", "DELETE", "PUT", "PATCH"], include_in_schema=False
    )
    def unknown_route(rest: str, request: Request) -> JSONObject:
        raise APIError(404, f"Invalid URL ({request.method} /v1/{rest})", code="unknown_url")

    return app
