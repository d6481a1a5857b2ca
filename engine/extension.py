"""The local engine's own API beside OpenAI's, under ``/v1/engine/`` and the same bearer token.

- ``GET /v1/engine/base_models``: every model this engine can fine-tune, with whether it is
  downloaded and whether training it fits on this machine;
- ``GET /v1/engine/hub_models/{repo_id}``: what the hub says of a model id before downloading it;
- ``POST /v1/engine/downloads`` (start, or join the running download of the same model),
  ``GET /v1/engine/downloads[/{id}]``, ``POST /v1/engine/downloads/{id}/cancel``;
- ``POST /v1/engine/estimate``: the hyperparameters "auto" resolves to, the steps, the time and the
  memory fit of a job before it is created.

Errors come in OpenAI's shape. The Hugging Face token comes from the engine's ``HF_TOKEN`` or the
request's ``X-HF-Token`` header, and is never written anywhere.
"""

from __future__ import annotations

import math
import threading
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool

from engine import base_catalog, fit, hub, hyperparams
from engine.downloads import Download, DownloadManager
from engine.errors import APIError, bad_request
from engine.store import JSONObject

if TYPE_CHECKING:
    from engine.api import Engine

TOKEN_HEADER = "x-hf-token"
DEFAULT_TOKENS_PER_EXAMPLE = 200
TINY_SETUP_SECONDS = 5.0  # tiny-random: training its tokenizer, building and saving it
TINY_STEP_SECONDS = 0.04  # tiny-random: 480 steps of the 61-row sample took 15-40 s on 2 busy cores


def hub_error(error: hub.HubError) -> APIError:
    kind = "server_error" if error.status >= 500 else "invalid_request_error"
    return APIError(error.status, error.message, kind, param="model", code=error.code)


def register(app: FastAPI, engine: Engine) -> DownloadManager:
    """Add the routes to ``app`` (before its catch-all route) and start the download manager."""
    downloads = DownloadManager(engine.paths.data_dir / "downloads")
    downloads.start()
    app.state.downloads = downloads
    from engine.base_fetch import BaseFetcher

    engine.jobs.base_fetcher = BaseFetcher(downloads)
    # Learn the training device (importing torch takes seconds) before the first listing asks.
    threading.Thread(target=fit.training_device, name="device-probe", daemon=True).start()

    def request_token(request: Request) -> str | None:
        return request.headers.get(TOKEN_HEADER) or None

    @app.get("/v1/engine/base_models")
    async def list_base_models() -> JSONObject:
        data = await run_in_threadpool(base_catalog.listing, engine.paths.models)
        return {"object": "list", "data": data}

    @app.get("/v1/engine/hub_models/{repo_id:path}")
    async def hub_model(repo_id: str, request: Request) -> JSONObject:
        token = request_token(request)
        try:
            info = await run_in_threadpool(hub.model_info, repo_id, token)
        except hub.HubError as error:
            raise hub_error(error) from None
        return {
            "id": info.id,
            "object": "engine.hub_model",
            "sha": info.sha,
            "gated": info.gated,
            "download_bytes": info.download_bytes,
            "files": [{"path": name, "size": size} for name, size in sorted(info.files.items())],
            "chat_template": info.chat_template,
            "downloaded": hub.local_snapshot(repo_id) is not None,
        }

    @app.post("/v1/engine/downloads")
    async def start_download(request: Request) -> JSONObject:
        body = await _body(request)
        model = body.get("model")
        if not isinstance(model, str) or not model:
            raise bad_request("'model' is required: a hub id such as 'Qwen/Qwen2.5-0.5B-Instruct'", "model")
        if not hub.HF_ID_PATTERN.match(model):
            raise bad_request(f"'{model}' is not a Hugging Face model id (like 'owner/name').", "model")
        try:
            download = await run_in_threadpool(downloads.request, model, request_token(request))
        except hub.HubError as error:
            raise hub_error(error) from None
        return download.public()

    @app.get("/v1/engine/downloads")
    def list_downloads() -> JSONObject:
        return {"object": "list", "data": downloads.list()}

    @app.get("/v1/engine/downloads/{download_id}")
    def get_download(download_id: str) -> JSONObject:
        return _found(downloads.get(download_id), download_id).public()

    @app.post("/v1/engine/downloads/{download_id}/cancel")
    async def cancel_download(download_id: str) -> JSONObject:
        download = await run_in_threadpool(downloads.cancel, download_id)
        return _found(download, download_id).public()

    @app.post("/v1/engine/estimate")
    async def estimate(request: Request) -> JSONObject:
        body = await _body(request)
        return await run_in_threadpool(estimate_job, engine, body)

    return downloads


def _found(download: Download | None, download_id: str) -> Download:
    if download is None:
        raise APIError(
            404, f"No such download: '{download_id}'", param="download_id", code="download_not_found"
        )
    return download


async def _body(request: Request) -> JSONObject:
    try:
        body = await request.json()
    except ValueError:
        raise bad_request("The request body must be a JSON object.") from None
    if not isinstance(body, dict):
        raise bad_request("The request body must be a JSON object.")
    return body


def _count(body: JSONObject, name: str, required: bool = False) -> int | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < (1 if required else 0):
        least = " of at least 1" if required else ""
        raise bad_request(f"'{name}' must be a whole number{least}", param=name)
    return value


def estimate_job(engine: Engine, body: JSONObject) -> JSONObject:
    """What a job on this data would be: resolved hyperparameters, steps, seconds and memory fit."""
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise bad_request("'model' is required", param="model")
    base = base_catalog.base_model_for(model, engine.paths.models)
    if base is None:
        raise APIError(
            404,
            f"The model '{model}' does not exist or is not available for fine-tuning here.",
            param="model",
            code="model_not_found",
        )
    examples = _count(body, "examples", required=True) or 1
    tokens_per_epoch = _count(body, "tokens_per_epoch")
    longest = _count(body, "max_example_tokens")
    method = body.get("method") or "supervised"
    if method not in ("supervised", "dpo"):
        raise bad_request("'method' must be 'supervised' or 'dpo'", param="method")
    given = hyperparams.validate(body.get("hyperparameters") or {})
    resolved = hyperparams.resolve(given, base, examples, method)
    if base.is_tiny_random:
        shape: fit.ModelShape | None = base_catalog.tiny_shape()
    else:
        entry = base_catalog.find(model)
        parameters = entry.fact("parameters") if entry else None
        folder = None if hub.HF_ID_PATTERN.match(model) else _folder(base.source)
        shape = base_catalog.shape_of(model, folder, parameters)
    length = min(resolved.max_seq_length, longest) if longest else resolved.max_seq_length
    batch = min(resolved.batch_size, examples)
    if tokens_per_epoch is None:
        tokens_per_epoch = examples * (math.ceil(longest / 2) if longest else DEFAULT_TOKENS_PER_EXAMPLE)
    if method == "dpo":
        tokens_per_epoch *= 2  # the chosen and the rejected answer both run through the model
        batch *= 2
    checkpointing = resolved.gradient_checkpointing
    fits: JSONObject | None = None
    seconds: int | None = None
    if shape is not None:
        float32 = True if base.is_tiny_random else None
        fits = fit.fits(shape, batch, length, resolved.lora_rank, bool(checkpointing), float32)
        if checkpointing is None:
            # What the trainer is expected to decide: checkpointing when training would not fit easily.
            checkpointing = fits["verdict"] != "ok"
            if checkpointing:
                fits = fit.fits(shape, batch, length, resolved.lora_rank, True, float32)
        if base.is_tiny_random:
            # Its steps are too small for the matmul rate to matter: measured per step on 2 CPU cores.
            seconds = math.ceil(TINY_SETUP_SECONDS + resolved.steps(examples) * TINY_STEP_SECONDS)
        else:
            seconds = fit.seconds_needed(
                shape, tokens_per_epoch * resolved.n_epochs, resolved.steps(examples), bool(checkpointing)
            )
    shown = resolved.public()
    shown["gradient_checkpointing"] = checkpointing if checkpointing is not None else "auto"
    return {
        "object": "engine.estimate",
        "model": model,
        "hyperparameters": shown,
        "learning_rate": resolved.learning_rate,
        "total_steps": resolved.steps(examples),
        "estimated_seconds": seconds,
        "fits": fits,
    }


def _folder(source: str) -> Any:
    from pathlib import Path

    path = Path(source)
    return path if path.is_dir() else None
