"""Chat and text completions: request checks, model lookup, and OpenAI-shaped (streamed) responses.

Torch is imported only when a model is first used, so a server without the ``engine`` extra still
answers everything else and says clearly why it can't generate.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from engine import catalog
from engine.errors import APIError, bad_request
from engine.jobs import INSTALL_HINT, Paths
from engine.store import JSONObject, Store, now

log = logging.getLogger("engine.serving")

DEFAULT_MAX_TOKENS = 1024
DEFAULT_COMPLETION_MAX_TOKENS = 16  # the legacy completions endpoint's default, as OpenAI's
MAX_CHOICES = 8
MAX_STOPS = 4
MAX_COMPLETION_RUNS = 16  # prompts × n in one /v1/completions request
SEED_MIN, SEED_MAX = -(2**63), 2**63 - 1
# The value that means "off" for each parameter the engine does not implement (besides null).
UNSET_VALUES: dict[str, tuple[Any, ...]] = {
    "logprobs": (None, False, 0),
    "top_logprobs": (None, 0),
    "echo": (None, False),
    "best_of": (None, 1),
    "suffix": (None, ""),
}
CHAT_UNSUPPORTED = ("logprobs", "top_logprobs")
TEXT_UNSUPPORTED = ("logprobs", "echo", "best_of", "suffix")


class Serving:
    def __init__(self, store: Store, paths: Paths) -> None:
        self.store = store
        self.paths = paths
        self._cache: Any = None
        self._cache_lock = threading.Lock()

    @staticmethod
    def generation() -> Any:
        """The generation module (torch), or a 503 that says what to install."""
        try:
            from engine import generation
        except ImportError as error:
            raise APIError(
                503,
                f"The local engine can't run models: {error}. Install its libraries with {INSTALL_HINT}.",
                error_type="server_error",
                code="engine_dependencies_missing",
            ) from error
        return generation

    def cache(self) -> Any:
        generation = self.generation()
        with self._cache_lock:
            if self._cache is None:
                self._cache = generation.ModelCache(self.paths.cache / "tiny-random")
            return self._cache

    def forget(self, model_id: str) -> None:
        if self._cache is not None:
            self._cache.forget(model_id)

    def resolve(self, model_id: object) -> tuple[str, str, str | None]:
        """(model id, base source, adapter folder) for a model the API names, or a 404."""
        if not isinstance(model_id, str) or not model_id:
            raise bad_request("'model' is required", param="model")
        row = self.store.select("models", "id = ?", (model_id,))
        if row:
            internal = row[0][1]
            return model_id, internal["base_folder"], internal["adapter_dir"]
        base = catalog.find_base_model(model_id, self.paths.models)
        if base is None or model_id.startswith("ft:"):
            raise APIError(
                404,
                f"The model '{model_id}' does not exist or you do not have access to it.",
                param="model",
                code="model_not_found",
            )
        return model_id, base.source, None

    def load(self, model_id: object) -> tuple[str, Any]:
        name, base_source, adapter_dir = self.resolve(model_id)
        cache = self.cache()
        from engine.trainer import TrainingError

        try:
            return name, cache.get(name, base_source, adapter_dir)
        except (OSError, ValueError, TrainingError) as error:  # a missing or broken folder, or no hub
            raise APIError(
                400,
                f"Could not load model '{name}': {error}",
                param="model",
                code="model_load_failed",
            ) from error


def sampling_params(body: JSONObject, default_max_tokens: int) -> Any:
    sampling = Serving.generation().SamplingParams
    temperature = _number(body, "temperature", 1.0, 0.0, 2.0)
    top_p = _number(body, "top_p", 1.0, 0.0, 1.0)
    max_tokens = body.get("max_completion_tokens", body.get("max_tokens"))
    if max_tokens is None:
        max_tokens = default_max_tokens
    elif isinstance(max_tokens, bool) or not isinstance(max_tokens, int) or max_tokens < 1:
        raise bad_request("'max_tokens' must be a whole number of at least 1", param="max_tokens")
    stop = body.get("stop")
    if stop is None:
        stops: list[str] = []
    elif isinstance(stop, str):
        stops = [stop]
    elif isinstance(stop, list) and all(isinstance(s, str) for s in stop) and len(stop) <= MAX_STOPS:
        stops = list(stop)
    else:
        raise bad_request(f"'stop' must be text or a list of at most {MAX_STOPS} texts", param="stop")
    stops = [s for s in stops if s]
    seed = body.get("seed")
    if seed is not None and (
        isinstance(seed, bool) or not isinstance(seed, int) or not SEED_MIN <= seed <= SEED_MAX
    ):
        raise bad_request(
            f"'seed' must be a whole number from {SEED_MIN} to {SEED_MAX} (a 64-bit integer)", param="seed"
        )
    frequency_penalty = _number(body, "frequency_penalty", 0.0, -2.0, 2.0)
    presence_penalty = _number(body, "presence_penalty", 0.0, -2.0, 2.0)
    logit_bias = _logit_bias(body.get("logit_bias"))
    return sampling(
        max_tokens,
        temperature,
        top_p,
        stops,
        seed,
        frequency_penalty=frequency_penalty,
        presence_penalty=presence_penalty,
        logit_bias=logit_bias,
    )


def _logit_bias(value: object) -> dict[int, float]:
    """OpenAI's ``logit_bias``: token id (as text) → a bias from -100 to 100 added to its logit."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise bad_request("'logit_bias' must map token ids to numbers from -100 to 100", param="logit_bias")
    bias: dict[int, float] = {}
    for key, amount in value.items():
        if not str(key).isdigit() or len(str(key)) > 9:
            raise bad_request(f"logit_bias: '{key}' is not a token id", param="logit_bias")
        if isinstance(amount, bool) or not isinstance(amount, int | float) or not -100 <= amount <= 100:
            raise bad_request(
                f"logit_bias: the bias of token {key} must be a number from -100 to 100", param="logit_bias"
            )
        bias[int(key)] = float(amount)
    return bias


def reject_unsupported(body: JSONObject, names: tuple[str, ...]) -> None:
    """A 400 naming the first parameter the local engine can't honour (never a silent ignore)."""
    for name in names:
        value = body.get(name)
        if value in UNSET_VALUES.get(name, (None,)):
            continue
        raise bad_request(
            f"'{name}' is not supported by the local engine; leave it out.",
            param=name,
            code="unsupported_parameter",
        )


def _number(body: JSONObject, name: str, default: float, low: float, high: float) -> float:
    value = body.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise bad_request(f"'{name}' must be a number from {low:g} to {high:g}", param=name)
    return float(value)


def _choices(body: JSONObject) -> int:
    n = body.get("n", 1)
    if n is None:
        return 1
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_CHOICES:
        raise bad_request(f"'n' must be a whole number from 1 to {MAX_CHOICES}", param="n")
    return n


def _stream_settings(body: JSONObject) -> tuple[bool, bool]:
    stream = bool(body.get("stream"))
    options = body.get("stream_options") or {}
    if not isinstance(options, dict):
        raise bad_request("'stream_options' must be an object", param="stream_options")
    if options and not stream:
        raise bad_request("'stream_options' is only allowed when 'stream' is true", param="stream_options")
    return stream, bool(options.get("include_usage"))


def _messages(body: JSONObject) -> list[JSONObject]:
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise bad_request("'messages' must be a non-empty list", param="messages")
    for index, message in enumerate(messages):
        if not isinstance(message, dict) or message.get("role") not in (
            "system",
            "developer",
            "user",
            "assistant",
            "tool",
            "function",
        ):
            raise bad_request(
                f"messages[{index}] must be an object with a valid role", param=f"messages[{index}]"
            )
    return messages


def guarded(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """A stream that ends with an error event (which the openai package raises) instead of breaking."""
    try:
        yield from chunks
    except Exception as error:
        log.exception("generation failed mid-stream")
        yield sse(
            {
                "error": {
                    "message": f"Generation failed: {error}",
                    "type": "server_error",
                    "param": None,
                    "code": None,
                }
            }
        )


def sse(data: JSONObject | str) -> bytes:
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    return f"data: {text}\n\n".encode()


def usage(prompt_tokens: int, completion_tokens: int) -> JSONObject:
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    }


class Completions:
    """The /v1/chat/completions and /v1/completions endpoints over a Serving."""

    def __init__(self, serving: Serving) -> None:
        self.serving = serving

    def chat(self, body: JSONObject) -> JSONObject | Iterator[bytes]:
        from engine import textformat

        generation = self.serving.generation()
        reject_unsupported(body, CHAT_UNSUPPORTED)
        messages = _messages(body)
        stream, include_usage = _stream_settings(body)
        n = _choices(body)
        params = sampling_params(body, DEFAULT_MAX_TOKENS)
        name, loaded = self.serving.load(body.get("model"))
        text = textformat.render(loaded.tokenizer, messages, add_generation_prompt=True)
        prompt_ids = list(loaded.tokenizer(text, add_special_tokens=False)["input_ids"])
        generations = [generation.Generation(loaded, prompt_ids, _seeded(params, i)) for i in range(n)]
        response_id, created = "chatcmpl-" + secrets.token_hex(12), now()
        base = {"id": response_id, "created": created, "model": name, "system_fingerprint": "fp_local"}
        if stream:
            return guarded(self._chat_stream(base, generations, include_usage))
        choices = []
        for index, run in enumerate(generations):
            content = "".join(run)
            choices.append(
                {
                    "index": index,
                    "message": {"role": "assistant", "content": content, "refusal": None},
                    "logprobs": None,
                    "finish_reason": run.finish_reason,
                }
            )
        return {
            **base,
            "object": "chat.completion",
            "choices": choices,
            "usage": usage(len(prompt_ids), sum(run.completion_tokens for run in generations)),
        }

    @staticmethod
    def _chat_stream(base: JSONObject, generations: list[Any], include_usage: bool) -> Iterator[bytes]:
        chunk = {**base, "object": "chat.completion.chunk"}
        if include_usage:
            chunk["usage"] = None
        for index, run in enumerate(generations):
            yield sse(
                {
                    **chunk,
                    "choices": [
                        {
                            "index": index,
                            "delta": {"role": "assistant", "content": ""},
                            "logprobs": None,
                            "finish_reason": None,
                        }
                    ],
                }
            )
            for piece in run:
                choice = {
                    "index": index,
                    "delta": {"content": piece},
                    "logprobs": None,
                    "finish_reason": None,
                }
                yield sse({**chunk, "choices": [choice]})
            choice = {"index": index, "delta": {}, "logprobs": None, "finish_reason": run.finish_reason}
            yield sse({**chunk, "choices": [choice]})
        if include_usage:
            prompt_tokens = generations[0].prompt_tokens
            completion_tokens = sum(run.completion_tokens for run in generations)
            yield sse({**chunk, "choices": [], "usage": usage(prompt_tokens, completion_tokens)})
        yield sse("[DONE]")

    def text(self, body: JSONObject) -> JSONObject | Iterator[bytes]:
        generation = self.serving.generation()
        prompt = body.get("prompt")
        prompts = [prompt] if isinstance(prompt, str) else prompt
        if not isinstance(prompts, list) or not prompts or not all(isinstance(p, str) for p in prompts):
            raise bad_request("'prompt' must be text or a list of texts", param="prompt")
        reject_unsupported(body, TEXT_UNSUPPORTED)
        stream, include_usage = _stream_settings(body)
        n = _choices(body)
        if len(prompts) * n > MAX_COMPLETION_RUNS:
            raise bad_request(
                f"{len(prompts)} prompt(s) × n={n} asks for {len(prompts) * n} completions; at most "
                f"{MAX_COMPLETION_RUNS} fit in one request.",
                param="prompt",
            )
        params = sampling_params(body, DEFAULT_COMPLETION_MAX_TOKENS)
        name, loaded = self.serving.load(body.get("model"))
        runs: list[Any] = []
        prompt_tokens = 0
        for index, text in enumerate(prompts):
            prompt_ids = list(loaded.tokenizer(text, add_special_tokens=True)["input_ids"])
            if not prompt_ids:
                # An empty prompt starts from the start-of-text token, where the model has one.
                start = loaded.tokenizer.bos_token_id
                if start is None:
                    start = loaded.tokenizer.eos_token_id
                if start is None:
                    where = "'prompt'" if len(prompts) == 1 else f"prompt[{index}]"
                    raise bad_request(f"{where} is empty; give some text to complete.", param="prompt")
                prompt_ids = [int(start)]
            prompt_tokens += len(prompt_ids)
            runs.extend(generation.Generation(loaded, prompt_ids, _seeded(params, i)) for i in range(n))
        base = {
            "id": "cmpl-" + secrets.token_hex(12),
            "created": now(),
            "model": name,
            "object": "text_completion",
        }
        if stream:
            return guarded(self._text_stream(base, runs, prompt_tokens, include_usage))
        choices = [
            {"index": index, "text": "".join(run), "logprobs": None, "finish_reason": run.finish_reason}
            for index, run in enumerate(runs)
        ]
        return {
            **base,
            "choices": choices,
            "usage": usage(prompt_tokens, sum(r.completion_tokens for r in runs)),
        }

    @staticmethod
    def _text_stream(
        base: JSONObject, runs: list[Any], prompt_tokens: int, include_usage: bool
    ) -> Iterator[bytes]:
        for index, run in enumerate(runs):
            for piece in run:
                yield sse(
                    {
                        **base,
                        "choices": [{"index": index, "text": piece, "logprobs": None, "finish_reason": None}],
                    }
                )
            yield sse(
                {
                    **base,
                    "choices": [
                        {"index": index, "text": "", "logprobs": None, "finish_reason": run.finish_reason}
                    ],
                }
            )
        if include_usage:
            yield sse(
                {**base, "choices": [], "usage": usage(prompt_tokens, sum(r.completion_tokens for r in runs))}
            )
        yield sse("[DONE]")


def _seeded(params: Any, index: int) -> Any:
    """The n-th choice's parameters: a given seed is offset so that the choices differ."""
    from dataclasses import replace

    if params.seed is None or index == 0:
        return params
    return replace(params, seed=params.seed + index)


def tiny_base_folder(paths: Paths) -> Path:
    return paths.cache / "tiny-random"
