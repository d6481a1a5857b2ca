"""Loading models (a base, or a base plus a LoRA adapter) and generating text token by token.

Imported lazily by the server: it needs torch. A loaded model is only read from, so requests share
it across threads; each request has its own key/value cache and its own random generator.
"""

from __future__ import annotations

import inspect
import random
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from engine import tiny_random
from engine.trainer import SMALL_HIDDEN_SIZE, choose_device, model_folder, prepare_tokenizer, use_threads_for

MAX_LOADED_MODELS = 3


@dataclass
class Loaded:
    model: Any
    tokenizer: Any
    device: str
    eos_ids: set[int]
    context_length: int
    cache_argument: str  # "cache" in transformers 5.2x, "past_key_values" before


@dataclass
class SamplingParams:
    max_tokens: int | None
    temperature: float = 1.0
    top_p: float = 1.0
    stop: list[str] = field(default_factory=list)
    seed: int | None = None
    frequency_penalty: float = 0.0
    presence_penalty: float = 0.0
    logit_bias: dict[int, float] = field(default_factory=dict)


def load(base_source: str, adapter_dir: str | None, tiny_base_folder: Path) -> Loaded:
    """A model ready to generate; ``base_source`` tiny-random means the shared tiny base model."""
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()

    if base_source == tiny_random.TINY_RANDOM_ID:
        if not (tiny_base_folder / "config.json").exists():
            tiny_random.create(tiny_base_folder, [], seed=0)
        base_source = str(tiny_base_folder)
    else:
        base_source = model_folder(base_source)
    device = choose_device(None)
    hidden = int(getattr(AutoConfig.from_pretrained(base_source), "hidden_size", 0) or 0)
    small = 0 < hidden <= SMALL_HIDDEN_SIZE  # small test models stay in float32, as they were trained
    use_bf16 = device.startswith("cuda") and torch.cuda.is_bf16_supported() and not small
    dtype = torch.bfloat16 if use_bf16 else torch.float32
    tokenizer = AutoTokenizer.from_pretrained(base_source)
    prepare_tokenizer(tokenizer)
    model: Any = AutoModelForCausalLM.from_pretrained(base_source, dtype=dtype)
    if adapter_dir:
        from peft import PeftModel

        model = PeftModel.from_pretrained(model, adapter_dir).merge_and_unload()
    model.to(device).eval()
    eos_ids: set[int] = set()
    configured = model.generation_config.eos_token_id
    if isinstance(configured, int):
        eos_ids.add(configured)
    elif isinstance(configured, list):
        eos_ids.update(configured)
    if tokenizer.eos_token_id is not None:
        eos_ids.add(int(tokenizer.eos_token_id))
    context = int(getattr(model.config, "max_position_embeddings", 2048) or 2048)
    parameters = inspect.signature(model.forward).parameters
    cache_argument = "cache" if "cache" in parameters else "past_key_values"
    return Loaded(model, tokenizer, device, eos_ids, context, cache_argument)


class ModelCache:
    """The last few models used, loaded once each even when requests for one arrive together."""

    def __init__(self, tiny_base_folder: Path) -> None:
        self.tiny_base_folder = tiny_base_folder
        self._lock = threading.Lock()
        self._loaded: OrderedDict[str, Loaded] = OrderedDict()
        self._loading: dict[str, threading.Lock] = {}

    def get(self, model_id: str, base_source: str, adapter_dir: str | None) -> Loaded:
        with self._lock:
            if model_id in self._loaded:
                self._loaded.move_to_end(model_id)
                return self._loaded[model_id]
            loading = self._loading.setdefault(model_id, threading.Lock())
        with loading:
            with self._lock:
                if model_id in self._loaded:
                    return self._loaded[model_id]
            loaded = load(base_source, adapter_dir, self.tiny_base_folder)
            with self._lock:
                self._loaded[model_id] = loaded
                while len(self._loaded) > MAX_LOADED_MODELS:
                    self._loaded.popitem(last=False)
                self._loading.pop(model_id, None)
            return loaded

    def forget(self, model_id: str) -> None:
        with self._lock:
            self._loaded.pop(model_id, None)


class Generation:
    """Iterate for text pieces; afterwards ``finish_reason`` and the token counts are set."""

    def __init__(self, loaded: Loaded, prompt_ids: list[int], params: SamplingParams) -> None:
        self.loaded = loaded
        self.prompt_ids = prompt_ids
        self.params = params
        self.finish_reason = "length"
        self.completion_tokens = 0

    @property
    def prompt_tokens(self) -> int:
        return len(self.prompt_ids)

    def _adjusted(self, logits: torch.Tensor, generated: list[int]) -> torch.Tensor:
        """OpenAI's penalties (minus count × frequency, minus presence once seen) and logit_bias."""
        params = self.params
        if not (params.frequency_penalty or params.presence_penalty or params.logit_bias):
            return logits
        logits = logits.clone()
        if generated and (params.frequency_penalty or params.presence_penalty):
            counts = torch.bincount(torch.tensor(generated), minlength=logits.shape[-1])[: logits.shape[-1]]
            counts = counts.to(logits.device, logits.dtype)
            seen = (counts > 0).to(logits.dtype)
            logits -= counts * params.frequency_penalty + seen * params.presence_penalty
        for token, bias in params.logit_bias.items():
            if 0 <= token < logits.shape[-1]:
                logits[token] += bias
        return logits

    def _pick(self, logits: torch.Tensor, generator: torch.Generator) -> int:
        params = self.params
        if params.temperature <= 0:
            return int(logits.argmax())
        # Shifted so that the likeliest token scores 0: a tiny temperature then gives 0 and -inf,
        # never inf - inf (NaN), and sampling tends to the greedy pick as it should.
        scaled = (logits - logits.max()) / params.temperature
        probabilities = torch.softmax(scaled, dim=-1)
        if not bool(torch.isfinite(probabilities).all()) or float(probabilities.sum()) <= 0:
            return int(logits.argmax())
        if params.top_p < 1.0:
            ordered, order = probabilities.sort(descending=True)
            outside = ordered.cumsum(0) - ordered > params.top_p  # keeps at least the likeliest token
            ordered[outside] = 0
            probabilities = torch.zeros_like(probabilities).scatter(0, order, ordered)
        return int(torch.multinomial(probabilities.cpu(), 1, generator=generator))

    def __iter__(self) -> Iterator[str]:
        loaded, params = self.loaded, self.params
        room = max(0, loaded.context_length - len(self.prompt_ids))
        limit = min(room, params.max_tokens) if params.max_tokens is not None else room
        generator = torch.Generator()
        generator.manual_seed(params.seed if params.seed is not None else random.getrandbits(63))
        hold_back = max((len(s) for s in params.stop), default=1) - 1
        generated: list[int] = []
        text, emitted = "", 0
        use_threads_for(loaded.model)
        input_ids = torch.tensor([self.prompt_ids], device=loaded.device)
        past: Any = None
        for _ in range(limit):
            # Inference mode is entered per step, never held across a yield: the server resumes a
            # stream on whichever pool thread is free, and that thread's grad mode is its own.
            with torch.inference_mode():
                output = loaded.model(input_ids=input_ids, use_cache=True, **{loaded.cache_argument: past})
                past = getattr(output, loaded.cache_argument)
                token = self._pick(self._adjusted(output.logits[0, -1].float(), generated), generator)
            if token in loaded.eos_ids:
                self.finish_reason = "stop"
                break
            generated.append(token)
            self.completion_tokens += 1
            text = loaded.tokenizer.decode(generated, skip_special_tokens=True)
            stop_at = min(
                (i for i in (text.find(s, max(0, emitted - hold_back)) for s in params.stop) if i >= 0),
                default=-1,
            )
            if stop_at >= 0:
                text = text[:stop_at]
                self.finish_reason = "stop"
                break
            # Hold back a character cut in the middle of its bytes, and what may begin a stop string.
            ready = len(text.rstrip("\ufffd")) - hold_back
            if ready > emitted:
                yield text[emitted:ready]
                emitted = ready
            input_ids = torch.tensor([[token]], device=loaded.device)
        if len(text) > emitted:
            yield text[emitted:]
