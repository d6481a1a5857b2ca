"""Asking a model for an answer: chat and legacy completions, streamed or not; request as curl/Python.

No Qt here. The test tab's playground, side-by-side view and batch evaluation all build a
:class:`ChatRequest` and send it with :func:`stream_answer` (tokens as they arrive, stoppable) or
:func:`request_answer` (one answer). :func:`request_as_curl` and :func:`request_as_python` write the
same request as text a person can run, with ``$OPENAI_API_KEY`` where the key goes, never the key.
"""

from __future__ import annotations

import contextlib
import json
import pprint
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from desktop.core.cancel import CancelSignal, CancelToken
from desktop.core.dataset import JSONObject, content_text
from desktop.core.model_ids import parse_model_id

if TYPE_CHECKING:
    import openai

API_KEY_VARIABLE = "OPENAI_API_KEY"

# Models that only speak the legacy prompt → completion protocol, and their fine-tunes.
_COMPLETION_ONLY_BASES = ("babbage-002", "davinci-002", "gpt-3.5-turbo-instruct")


class InferenceMode(StrEnum):
    CHAT = "chat"  # /chat/completions with messages
    COMPLETIONS = "completions"  # legacy /completions with a prompt


def default_mode_for(model: str) -> InferenceMode:
    """Completions for babbage-002/davinci-002 style models (and their fine-tunes), chat otherwise."""
    name = parse_model_id(model).base
    return (
        InferenceMode.COMPLETIONS
        if any(name.startswith(base) for base in _COMPLETION_ONLY_BASES)
        else InferenceMode.CHAT
    )


def _uses_max_completion_tokens(model: str) -> bool:
    # Reasoning models (o1, o3, o4-mini and their fine-tunes) reject max_tokens.
    name = parse_model_id(model).base
    return len(name) > 1 and name[0] == "o" and name[1].isdigit()


@dataclass(frozen=True)
class SamplingParameters:
    """The knobs of a request; ``None`` (or no stop sequences) leaves the provider's default."""

    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int | None = None
    frequency_penalty: float | None = None
    presence_penalty: float | None = None
    stop: tuple[str, ...] = ()
    seed: int | None = None

    def request_fields(self, model: str) -> dict[str, Any]:
        """The parameters as request body fields, leaving out those left at the default."""
        body: dict[str, Any] = {}
        for name in ("temperature", "top_p", "frequency_penalty", "presence_penalty", "seed"):
            value = getattr(self, name)
            if value is not None:
                body[name] = value
        if self.max_tokens is not None:
            key = "max_completion_tokens" if _uses_max_completion_tokens(model) else "max_tokens"
            body[key] = self.max_tokens
        if self.stop:
            body["stop"] = list(self.stop)
        return body

    def to_json(self) -> JSONObject:
        return {item.name: getattr(self, item.name) for item in fields(self)} | {"stop": list(self.stop)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SamplingParameters:
        known = {item.name for item in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        values["stop"] = tuple(str(stop) for stop in values.get("stop") or ())
        return cls(**values)


@dataclass(frozen=True)
class PromptFormat:
    """How prompt/completion training data marked the end of a prompt and of a completion.

    A legacy model fine-tuned on prompts ending in ``separator`` (e.g. ``"\\n\\n###\\n\\n"``) and
    completions ending in ``ending`` (e.g. ``" END"`` or ``"\\n"``) answers well only when asked the
    same way: the separator is appended to the prompt, the ending is a stop sequence and is cut off.
    """

    separator: str = ""
    ending: str = ""

    def prompt_for(self, text: str) -> str:
        return text if not self.separator or text.endswith(self.separator) else text + self.separator

    def strip_prompt(self, prompt: str) -> str:
        return prompt.removesuffix(self.separator) if self.separator else prompt

    def clean_completion(self, text: str) -> str:
        """The completion as a person reads it: without the ending marker and surrounding space."""
        if self.ending and self.ending in text:
            text = text[: text.index(self.ending)]
        return text.strip()


_KNOWN_WORD_ENDINGS = ("END", "[END]", "<END>", "<|end|>", "<|endoftext|>", "###")


def _common_suffix(texts: Sequence[str]) -> str:
    if not texts:
        return ""
    shortest = min(texts, key=len)
    length = 0
    while length < len(shortest) and all(text[-1 - length] == shortest[-1 - length] for text in texts):
        length += 1
    return shortest[len(shortest) - length :]


def _marker_tail(suffix: str) -> str:
    """The part of a common suffix that is a marker, not words or punctuation the texts happen to share.

    "?\n\n###\n\n" (every prompt was a question) gives "\n\n###\n\n"; ". END" gives " END".
    """
    for marker in _KNOWN_WORD_ENDINGS:
        if suffix.endswith(marker):
            start = len(suffix) - len(marker)
            while start > 0 and suffix[start - 1].isspace():
                start -= 1
            return suffix[start:]
    start = len(suffix)
    while start > 0 and not suffix[start - 1].isalnum():
        start -= 1
    tail = suffix[start:]
    first_space = next((i for i, character in enumerate(tail) if character.isspace()), None)
    if first_space is not None:
        return tail[first_space:]
    # Without whitespace, sentence punctuation ("?", "。") is the texts' own, not a marker.
    if all(unicodedata.category(character) == "Po" and character not in "#*:|" for character in tail):
        return ""
    return tail


def infer_prompt_format(records: Iterable[Mapping[str, Any]]) -> PromptFormat:
    """The separator and ending that every prompt/completion record shares (at least two records)."""
    prompts: list[str] = []
    completions: list[str] = []
    for record in records:
        prompt, completion = record.get("prompt"), record.get("completion")
        if isinstance(prompt, str) and prompt:
            prompts.append(prompt)
        if isinstance(completion, str) and completion:
            completions.append(completion)
    separator = _marker_tail(_common_suffix(prompts)) if len(prompts) >= 2 else ""
    ending = _marker_tail(_common_suffix(completions)) if len(completions) >= 2 else ""
    # A prompt's trailing space is part of how the data was written, not a marker to add.
    return PromptFormat(separator=separator if separator.strip() or "\n" in separator else "", ending=ending)


@dataclass(frozen=True)
class ChatRequest:
    """One request to one model. ``messages`` are chat messages in either mode: in completions mode
    the prompt is the last user message, formatted with ``prompt_format``."""

    model: str
    messages: tuple[JSONObject, ...]
    parameters: SamplingParameters = SamplingParameters()
    mode: InferenceMode = InferenceMode.CHAT
    prompt_format: PromptFormat = PromptFormat()

    @property
    def prompt(self) -> str:
        """The legacy completions prompt (completions mode)."""
        users = [message for message in self.messages if message.get("role") == "user"]
        text = content_text(users[-1].get("content")) if users else ""
        return self.prompt_format.prompt_for(text)

    def body(self, model_in_request: str | None = None, stream: bool = False) -> JSONObject:
        """The JSON body sent to the provider (``model_in_request``: an Azure deployment name)."""
        model = model_in_request or self.model
        body: JSONObject = {"model": model}
        if self.mode is InferenceMode.CHAT:
            body["messages"] = [dict(message) for message in self.messages]
        else:
            body["prompt"] = self.prompt
        parameters = self.parameters
        ending = self.prompt_format.ending
        if self.mode is InferenceMode.COMPLETIONS and ending and ending not in parameters.stop:
            parameters = replace(parameters, stop=(*parameters.stop, ending))
        body.update(parameters.request_fields(self.model))
        if stream:
            body["stream"] = True
            body["stream_options"] = {"include_usage": True}
        return body


@dataclass(frozen=True)
class Endpoint:
    """Where requests go, as the "copy as" texts and Azure's deployment names need it.

    ``deployment_for`` gives the name to send as ``model`` (Azure: the deployment serving the
    model; it raises a ProviderError when there is none); for other providers the model's own name
    is sent. ``azure_api_version`` is set for Azure's classic data plane, which puts the deployment
    in the URL path; Azure's newer ``…/openai/v1`` surface is OpenAI-shaped.
    """

    base_url: str = "https://api.openai.com/v1"
    azure: bool = False
    azure_api_version: str | None = None
    deployment_for: Callable[[str], str] | None = field(default=None, compare=False)

    def model_in_request(self, model: str) -> str:
        return self.deployment_for(model) if self.deployment_for is not None else model

    @property
    def public_base_url(self) -> str:
        """The base URL without any user:password part, and without a trailing slash."""
        parts = urlsplit(self.base_url.rstrip("/"))
        netloc = parts.netloc.rsplit("@", 1)[-1]
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))

    @property
    def uses_deployment_paths(self) -> bool:
        # Set only for Azure's classic data plane (see desktop.providers.route.client_route).
        return self.azure and self.azure_api_version is not None

    def url_for(self, request: ChatRequest) -> str:
        path = "chat/completions" if request.mode is InferenceMode.CHAT else "completions"
        base = self.public_base_url
        if self.uses_deployment_paths:
            base = base.removesuffix("/openai")
            deployment = self.model_in_request(request.model)
            return f"{base}/openai/deployments/{deployment}/{path}?api-version={self.azure_api_version}"
        return f"{base}/{path}"


class ProfileLike(Protocol):
    """What :func:`endpoint_for_profile` reads of a :class:`desktop.providers.profiles.Profile`."""

    @property
    def effective_base_url(self) -> str: ...

    @property
    def api_version(self) -> str: ...

    def deployment_for(self, model: str) -> str: ...


def endpoint_for_profile(profile: ProfileLike) -> Endpoint:
    """The endpoint of a provider profile (Azure deployments and api-version included)."""
    from desktop.providers.route import client_route

    route = client_route(profile)
    base_url = route.base_url
    if route.uses_deployment_paths:
        base_url += "/openai"
    return Endpoint(
        base_url=base_url,
        azure=route.is_azure,
        azure_api_version=route.api_version,
        deployment_for=profile.deployment_for if route.is_azure else None,
    )


# --- Answers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int
    completion_tokens: int

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def to_json(self) -> JSONObject:
        return {"prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Usage | None:
        if not data:
            return None
        return cls(int(data.get("prompt_tokens") or 0), int(data.get("completion_tokens") or 0))


def _usage_of(raw: object) -> Usage | None:
    if raw is None:
        return None
    return Usage(int(getattr(raw, "prompt_tokens", 0) or 0), int(getattr(raw, "completion_tokens", 0) or 0))


@dataclass(frozen=True)
class Answer:
    text: str
    model: str  # the model that answered, as the provider names it
    finish_reason: str | None  # "stop", "length", … or "cancelled" when stopped by the user
    usage: Usage | None
    latency_s: float  # from sending the request to the last token
    first_token_s: float | None  # from sending the request to the first token (streaming)
    started_at: float  # time.time() when the request was sent
    finished_at: float

    @property
    def stopped(self) -> bool:
        return self.finish_reason == "cancelled"


def _send(client: openai.OpenAI, request: ChatRequest, endpoint: Endpoint | None, stream: bool) -> Any:
    body = request.body((endpoint or Endpoint()).model_in_request(request.model), stream=stream)
    if request.mode is InferenceMode.CHAT:
        return client.chat.completions.create(**body)
    return client.completions.create(**body)


def _translated(error: Exception) -> Exception:
    """The error as a ProviderError written for people (see desktop.providers.errors)."""
    from desktop.providers.errors import translate_error

    return translate_error(error)


def request_answer(
    client: openai.OpenAI,
    request: ChatRequest,
    endpoint: Endpoint | None = None,
    *,
    attempts: int = 1,
    cancel: CancelSignal | None = None,
    on_retry: Callable[[Exception, int, float], None] | None = None,
) -> Answer:
    """Send the request and wait for the whole answer, retrying what is worth retrying.

    ``attempts`` tries in all; between them the server's Retry-After is honoured (see
    :func:`desktop.providers.errors.with_retries`). Failures are raised as ProviderError.
    """
    from desktop.providers.errors import with_retries

    started_at, started = time.time(), time.monotonic()

    def send_once() -> Any:
        nonlocal started_at, started
        # The latency is the answering attempt's own, not the waits before it.
        started_at, started = time.time(), time.monotonic()
        return _send(client, request, endpoint, stream=False)

    response = with_retries(send_once, attempts=attempts, cancel=cancel, on_retry=on_retry)
    choice = response.choices[0] if response.choices else None
    if request.mode is InferenceMode.CHAT:
        text = (choice.message.content or "") if choice is not None else ""
    else:
        text = request.prompt_format.clean_completion(choice.text or "") if choice is not None else ""
    latency = time.monotonic() - started
    return Answer(
        text=text,
        model=getattr(response, "model", None) or request.model,
        finish_reason=getattr(choice, "finish_reason", None),
        usage=_usage_of(getattr(response, "usage", None)),
        latency_s=latency,
        first_token_s=None,
        started_at=started_at,
        finished_at=started_at + latency,
    )


class AnswerStream:
    """An answer arriving token by token: iterate for the text deltas, then read :attr:`answer`.

    :meth:`stop` may be called from any thread: it closes the connection, the iteration ends and
    the answer keeps what had arrived, with ``finish_reason == "cancelled"``.
    """

    def __init__(
        self,
        client: openai.OpenAI,
        request: ChatRequest,
        endpoint: Endpoint | None = None,
        *,
        attempts: int = 1,
    ) -> None:
        self.request = request
        self._attempts = attempts
        self._client = client
        self._endpoint = endpoint
        self._stream: Any = None
        self._stop_requested = CancelToken()
        self._lock = threading.Lock()
        self.text = ""
        self.answer: Answer | None = None
        self.started_at = 0.0

    def stop(self) -> None:
        self._stop_requested.cancel()
        with self._lock:
            stream = self._stream
        if stream is not None:
            # Closing a connection that is already gone is fine.
            with contextlib.suppress(Exception):
                stream.close()

    @property
    def stop_requested(self) -> bool:
        return self._stop_requested.cancelled

    def __iter__(self) -> Iterator[str]:
        self.started_at = time.time()
        started = time.monotonic()
        first_token: float | None = None
        finish_reason: str | None = None
        usage: Usage | None = None
        model = self.request.model
        pieces: list[str] = []
        # With an ending marker, hold back text that might be the start of it.
        ending = self.request.prompt_format.ending if self.request.mode is InferenceMode.COMPLETIONS else ""
        emitted = 0
        try:
            if self._stop_requested.cancelled:
                raise _StopRequested
            from desktop.providers.errors import ErrorKind, ProviderError, with_retries

            try:
                stream = with_retries(
                    lambda: _send(self._client, self.request, self._endpoint, stream=True),
                    attempts=self._attempts,
                    cancel=self._stop_requested,
                )
            except ProviderError as error:
                if error.kind is ErrorKind.CANCELLED:
                    raise _StopRequested from error
                raise
            with self._lock:
                self._stream = stream
            if self._stop_requested.cancelled:
                stream.close()
                raise _StopRequested
            try:
                for chunk in stream:
                    if self._stop_requested.cancelled:
                        raise _StopRequested
                    model = getattr(chunk, "model", None) or model
                    if getattr(chunk, "usage", None) is not None:
                        usage = _usage_of(chunk.usage)
                    for choice in chunk.choices or ():
                        if getattr(choice, "index", 0) != 0:
                            continue
                        if self.request.mode is InferenceMode.CHAT:
                            delta = (choice.delta.content or "") if choice.delta is not None else ""
                        else:
                            delta = choice.text or ""
                        if choice.finish_reason:
                            finish_reason = choice.finish_reason
                        if not delta:
                            continue
                        if first_token is None:
                            first_token = time.monotonic() - started
                        pieces.append(delta)
                        if not ending:
                            yield delta
                            continue
                        text = "".join(pieces)
                        if ending in text:
                            text = text[: text.index(ending)]
                        safe = len(text) - _partial_marker_length(text, ending)
                        if safe > emitted:
                            yield text[emitted:safe]
                            emitted = safe
            except _StopRequested:
                raise
            except Exception as error:
                if self._stop_requested.cancelled:
                    raise _StopRequested from error
                raise _translated(error) from error
            finally:
                stream.close()
            if ending:
                text = "".join(pieces)
                if ending in text:
                    text = text[: text.index(ending)]
                if len(text) > emitted:
                    yield text[emitted:]
        except _StopRequested:
            finish_reason = "cancelled"
        finally:
            with self._lock:
                self._stream = None
        text = "".join(pieces)
        if self.request.mode is InferenceMode.COMPLETIONS:
            text = self.request.prompt_format.clean_completion(text)
        self.text = text
        latency = time.monotonic() - started
        self.answer = Answer(
            text=text,
            model=model,
            finish_reason=finish_reason,
            usage=usage,
            latency_s=latency,
            first_token_s=first_token,
            started_at=self.started_at,
            finished_at=self.started_at + latency,
        )


class _StopRequested(Exception):
    pass


def _partial_marker_length(text: str, marker: str) -> int:
    """How many trailing characters of ``text`` could be the beginning of ``marker``."""
    for length in range(min(len(marker) - 1, len(text)), 0, -1):
        if marker.startswith(text[-length:]):
            return length
    return 0


def stream_answer(
    client: openai.OpenAI,
    request: ChatRequest,
    endpoint: Endpoint | None = None,
    cancel: CancelSignal | None = None,
    on_delta: Callable[[str], None] | None = None,
) -> Answer:
    """Stream the answer, calling ``on_delta`` with each piece of text in order; stop on ``cancel``."""
    stream = AnswerStream(client, request, endpoint)
    for delta in stream:
        if cancel is not None and cancel.cancelled:
            stream.stop()
            continue
        if on_delta is not None:
            on_delta(delta)
    assert stream.answer is not None
    return stream.answer


# --- "Copy as" ---------------------------------------------------------------------------------


def _shell_quote(text: str) -> str:
    return "'" + text.replace("'", "'\"'\"'") + "'"


def request_as_curl(request: ChatRequest, endpoint: Endpoint) -> str:
    """A curl command for the request, reading the key from ``$OPENAI_API_KEY``."""
    url = endpoint.url_for(request)
    body = request.body(endpoint.model_in_request(request.model))
    if endpoint.uses_deployment_paths:
        body.pop("model")  # the deployment in the path names the model
    auth = f"api-key: ${API_KEY_VARIABLE}" if endpoint.azure else f"Authorization: Bearer ${API_KEY_VARIABLE}"
    payload = json.dumps(body, ensure_ascii=False, indent=2)
    return "\n".join(
        [
            f"curl {_shell_quote(url)} \\",
            '  -H "Content-Type: application/json" \\',
            f'  -H "{auth}" \\',
            f"  -d {_shell_quote(payload)}",
        ]
    )


def request_as_python(request: ChatRequest, endpoint: Endpoint) -> str:
    """A Python script for the request with the ``openai`` package, key from ``OPENAI_API_KEY``."""
    body = request.body(endpoint.model_in_request(request.model))
    lines = ["import os", ""]
    if endpoint.uses_deployment_paths:
        azure_endpoint = endpoint.public_base_url.removesuffix("/openai")
        lines += [
            "from openai import AzureOpenAI",
            "",
            "client = AzureOpenAI(",
            f"    azure_endpoint={azure_endpoint!r},",
            f"    api_version={endpoint.azure_api_version!r},",
            f'    api_key=os.environ["{API_KEY_VARIABLE}"],',
            ")",
        ]
    else:
        lines += [
            "from openai import OpenAI",
            "",
            "client = OpenAI(",
            f"    base_url={endpoint.public_base_url!r},",
            f'    api_key=os.environ["{API_KEY_VARIABLE}"],',
            ")",
        ]
    call = (
        "client.chat.completions.create"
        if request.mode is InferenceMode.CHAT
        else "client.completions.create"
    )
    lines += ["", f"response = {call}("]
    for key, value in body.items():
        text = pprint.pformat(value, indent=4, width=96, sort_dicts=False)
        lines.append(f"    {key}=" + text.replace("\n", "\n    ") + ",")
    lines.append(")")
    if request.mode is InferenceMode.CHAT:
        lines.append("print(response.choices[0].message.content)")
    else:
        lines.append("print(response.choices[0].text)")
    return "\n".join(lines) + "\n"


# --- Models of a profile -----------------------------------------------------------------------


class ModelKind(StrEnum):
    BASE = "base"
    FINE_TUNED = "fine_tuned"
    CHECKPOINT = "checkpoint"


@dataclass(frozen=True)
class ModelChoice:
    """A model the test tab can ask: a base model, a fine-tuned model or one of its checkpoints."""

    id: str
    kind: ModelKind
    base_model: str | None = None
    job_id: str | None = None
    step: int | None = None  # checkpoints: the training step
    created: int | None = None  # Unix time
    deployed: bool = True  # Azure: False until the model has a deployment
    shut_down: str | None = None  # ISO date its (base) model was shut down: it answers no more

    @property
    def mode(self) -> InferenceMode:
        return default_mode_for(self.base_model or self.id)

    @property
    def shut_down_note(self) -> str:
        """ "shut down on DATE" in the UI's language, or "" while the model is there."""
        if self.shut_down is None:
            return ""
        from desktop.core.i18n import pick

        return pick(f"shut down on {self.shut_down}", f"已于 {self.shut_down} 下线")


# Checkpoints shown per job (OpenAI keeps the last three; the local engine may keep more).
MAX_CHECKPOINTS_LISTED = 20


def list_models(
    client: openai.OpenAI,
    endpoint: Endpoint | None = None,
    max_jobs: int = 20,
) -> list[ModelChoice]:
    """The profile's models: fine-tuned ones first (newest first), their checkpoints, then base models.

    Fine-tuned models and checkpoints also come from the fine-tuning jobs, because some providers
    (Azure) do not list a fine-tuned model until it is deployed. A provider without the jobs or
    checkpoints API still gets its listed models.
    """
    choices: dict[str, ModelChoice] = {}
    try:
        listed = list(client.models.list())
    except Exception as error:
        raise _translated(error) from error
    for model in listed:
        model_id = str(model.id)
        parsed = parse_model_id(model_id)
        if parsed.is_checkpoint:
            kind = ModelKind.CHECKPOINT
        elif parsed.fine_tuned:
            kind = ModelKind.FINE_TUNED
        else:
            kind = ModelKind.BASE
        created = getattr(model, "created", None)
        choices[model_id] = ModelChoice(model_id, kind, created=int(created) if created else None)

    try:
        # The first page only: iterating the SDK's page would fetch every older page as well.
        jobs = list(client.fine_tuning.jobs.list(limit=max_jobs).data)[:max_jobs]
    except Exception:  # providers without fine-tuning (plain compatible servers): models only
        jobs = []
    for job in jobs:
        fine_tuned = getattr(job, "fine_tuned_model", None)
        if fine_tuned:
            listed_choice = choices.get(fine_tuned)
            choices[fine_tuned] = ModelChoice(
                fine_tuned,
                ModelKind.FINE_TUNED,
                base_model=job.model,
                job_id=job.id,
                created=(listed_choice.created if listed_choice else None) or job.created_at,
            )
        if job.status not in ("succeeded", "cancelled", "failed", "running", "paused"):
            continue
        try:
            page = client.fine_tuning.jobs.checkpoints.list(job.id, limit=MAX_CHECKPOINTS_LISTED)
            checkpoints = list(page.data)
        except Exception:  # checkpoints are a bonus; not every provider keeps them
            continue
        for checkpoint in checkpoints:
            checkpoint_id = checkpoint.fine_tuned_model_checkpoint
            if not checkpoint_id or checkpoint_id == fine_tuned:
                continue
            choices[checkpoint_id] = ModelChoice(
                checkpoint_id,
                ModelKind.CHECKPOINT,
                base_model=job.model,
                job_id=job.id,
                step=checkpoint.step_number,
                created=checkpoint.created_at,
            )

    if endpoint is not None and endpoint.deployment_for is not None:
        choices = {
            model_id: replace(choice, deployed=_is_deployed(endpoint, model_id))
            for model_id, choice in choices.items()
        }
    choices = _with_shut_down_dates(choices, azure=endpoint is not None and endpoint.azure)
    order = {ModelKind.FINE_TUNED: 0, ModelKind.CHECKPOINT: 1, ModelKind.BASE: 2}
    return sorted(
        choices.values(),
        key=lambda choice: (order[choice.kind], -(choice.created or 0), -(choice.step or 0), choice.id),
    )


def _with_shut_down_dates(choices: dict[str, ModelChoice], *, azure: bool) -> dict[str, ModelChoice]:
    """Mark the models whose base the catalog lists as shut down (gpt-4.1-nano's fine-tunes, ...)."""
    from datetime import date

    from desktop.core.catalog import load_catalog

    catalog = load_catalog()
    today = date.today()
    provider = "azure" if azure else "openai"
    marked: dict[str, ModelChoice] = {}
    for model_id, choice in choices.items():
        entry = catalog.find(choice.base_model or model_id, provider)
        if entry is not None and entry.status.is_shut_down(today):
            when = entry.status.shutdown.isoformat() if entry.status.shutdown else ""
            choice = replace(choice, shut_down=when)
        marked[model_id] = choice
    return marked


def _is_deployed(endpoint: Endpoint, model: str) -> bool:
    try:
        endpoint.model_in_request(model)
    except Exception:  # the profile says why when the model is used
        return False
    return True
