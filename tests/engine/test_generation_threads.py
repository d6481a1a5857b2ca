"""A stream may be resumed on another thread than the one that started it (the server's pool)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import torch

from engine.generation import Generation, SamplingParams, load


def test_no_thread_is_left_in_inference_mode_by_a_stream(tmp_path: Path) -> None:
    loaded = load("tiny-random", None, tmp_path / "tiny")
    loaded.eos_ids.clear()  # the random model must not stop early: the stream needs several steps
    stream = iter(
        Generation(loaded, loaded.tokenizer.encode("hello"), SamplingParams(max_tokens=6, temperature=0))
    )
    with ThreadPoolExecutor(1) as first, ThreadPoolExecutor(1) as second:
        assert first.submit(next, stream).result()  # the stream starts on one pool thread...
        rest = second.submit(lambda: list(stream)).result()  # ...and ends on another
        # A pool thread left in inference mode would make later requests' tensors unusable for
        # training and fail them ("Inference tensors cannot be saved for backward").
        assert first.submit(torch.is_inference_mode_enabled).result() is False
        assert second.submit(torch.is_inference_mode_enabled).result() is False
    assert rest
