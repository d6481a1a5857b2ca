"""LoRA fine-tuning with transformers + peft: supervised (chat or prompt/completion) and DPO.

Imported lazily by the job runner: the server starts without torch. A plain torch loop rather than
transformers' Trainer: on small jobs the trainer's overhead, not the maths, dominates. The data is
tokenized once into flat arrays (engine.tokencache: cached per file and tokenizer, in a worker while
the model loads), each epoch is planned once, batches are bucketed by length (CPU) or packed without
padding (CUDA), and the vocabulary projection is computed only at target tokens, a chunk at a time.
Activation memory is estimated up front: gradient checkpointing and gradient accumulation
(micro-batches) are used when a batch would not fit.
"""

from __future__ import annotations

import json
import math
import os
import random
import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import torch

from engine import packing, precision, textformat, tiny_random, tokencache
from engine.atomic import atomic_write

STATE_FILE = "training_state.pt"
STATE_SUMMARY = "state.json"
ADAPTER_FILE = "adapter_model.safetensors"
BUCKET_GROUP = 16  # batches per length-sorted group: long enough to bucket, short enough to stay random
MAX_VALIDATION_EXAMPLES = 256
DEFAULT_THREADS = torch.get_num_threads()
THREADS_ENV = "FINETUNE_ENGINE_THREADS"
FINAL_LR_FRACTION = 0.1
LOGIT_CHUNK_BYTES = 128 << 20  # float32 logits computed at once by the chunked loss
MIN_MICRO_BATCH_TOKENS = 2048  # smaller micro-batches waste a GPU: checkpoint instead


class TrainingControl(Protocol):
    """How the trainer reports to, and takes orders from, the job that runs it."""

    def stop_requested(self) -> str | None:
        """ "cancel" or "pause" when the job should stop at this step, else None."""

    def message(self, text: str, level: str = "info") -> None: ...

    def metrics(self, data: dict[str, Any]) -> None: ...

    def progress(self, step: int, total_steps: int, trained_tokens: int, seconds_per_step: float) -> None: ...

    def checkpoint(self, step: int, folder: Path, metrics: dict[str, Any]) -> None: ...


class TrainingStopped(Exception):
    """Training stopped early on request ("cancel" or "pause"); a pause saved its state first."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TrainingError(Exception):
    """A problem the user can act on (bad data for this model, a base model that can't be loaded)."""


@dataclass
class TrainingSpec:
    job_dir: Path
    method: str  # "supervised" or "dpo"
    base_model: str  # tiny-random, a local folder, or a Hugging Face model id
    training_file: Path
    validation_file: Path | None
    n_epochs: int
    batch_size: int
    learning_rate: float
    seed: int
    beta: float = 0.1
    lora_rank: int = 8
    max_length: int = 1024
    resume_from: Path | None = None
    init_adapter: Path | None = None  # a fine-tuned model's adapter to continue from
    device: str | None = None  # None: cuda when available, else cpu
    max_seq_length: int | None = None  # tokens kept per example; None: max_length
    gradient_checkpointing: bool | None = None  # None: on when the memory estimate says a batch won't fit
    cache_dir: Path | None = None  # tokenized data cache (DATA_DIR/cache/tokens); None: no cache
    packing: bool | None = None  # None: packed sequences on CUDA, length-bucketed padded batches on CPU
    max_batch_tokens: int | None = None  # activations per micro-batch; None: from the memory estimate


@dataclass
class TrainingOutcome:
    adapter_dir: Path
    trained_tokens: int
    steps: int
    final_metrics: dict[str, Any] = field(default_factory=dict)


SMALL_HIDDEN_SIZE = 256


def use_threads_for(model: Any) -> None:
    """Set this thread's CPU thread count for ``model``: one for small models, whose small matrices
    only lose time to thread hand-offs (ten times slower on a busy machine), all cores otherwise.
    ``FINETUNE_ENGINE_THREADS`` overrides."""
    if os.environ.get(THREADS_ENV, "").isdigit():
        threads = max(1, int(os.environ[THREADS_ENV]))
    else:
        hidden = int(getattr(model.config, "hidden_size", 0) or 0)
        threads = 1 if 0 < hidden <= SMALL_HIDDEN_SIZE else DEFAULT_THREADS
    torch.set_num_threads(threads)


def choose_device(requested: str | None) -> str:
    if requested:
        return requested
    return "cuda" if torch.cuda.is_available() else "cpu"


def base_folder(job_dir: Path) -> Path:
    """Where a tiny-random job keeps its own base model (weights + tokenizer)."""
    return job_dir / "base"


HUB_PATTERNS = ["*.json", "*.safetensors", "*.model", "*.txt", "*.jinja", "*.py", "*.tiktoken"]


def hub_reachable(timeout: float = 5.0) -> bool:
    from urllib.parse import urlparse

    endpoint = urlparse(os.environ.get("HF_ENDPOINT") or "https://huggingface.co")
    try:
        socket.create_connection(
            (endpoint.hostname or "huggingface.co", endpoint.port or 443), timeout
        ).close()
    except OSError:
        return False
    return True


def model_folder(source: str) -> str:
    """A local folder for ``source``: itself when it is a folder, else the Hugging Face cache's copy,
    downloaded first when the hub is reachable. Fails fast and clearly offline (no minute of retries)."""
    if Path(source).is_dir():
        return source
    from engine import hub

    cached = hub.local_snapshot(source)  # as the engine's own downloads leave it (only needed files)
    if cached is not None:
        return str(cached)
    from huggingface_hub import snapshot_download

    try:
        return str(snapshot_download(source, allow_patterns=HUB_PATTERNS, local_files_only=True))
    except Exception:  # not in the cache (the hub library raises several kinds)
        pass
    if os.environ.get("HF_HUB_OFFLINE") == "1" or not hub_reachable():
        raise TrainingError(
            f"Base model {source!r} is not on this machine and huggingface.co can't be reached to "
            "download it. Download it on a connected machine (it goes to the Hugging Face cache), or "
            "copy the model folder into the engine's data folder under models/ and use its name."
        )
    try:
        return str(snapshot_download(source, allow_patterns=HUB_PATTERNS))
    except Exception as error:
        raise TrainingError(f"Could not download base model {source!r} from Hugging Face: {error}") from error


def record_texts(paths: list[Path]) -> Iterator[str]:
    for path in paths:
        for record in tokencache.iter_records(path):
            yield textformat.record_text(record)


def resolve_source(spec: TrainingSpec) -> str:
    """The base model's folder (a tiny-random base is made once per job, from the job's data)."""
    if spec.base_model == tiny_random.TINY_RANDOM_ID:
        folder = base_folder(spec.job_dir)
        if not (folder / "config.json").exists():
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()
            files = [spec.training_file] + ([spec.validation_file] if spec.validation_file else [])
            tiny_random.create(folder, record_texts(files), spec.seed)
        return str(folder)
    return model_folder(spec.base_model)


def load_error(spec: TrainingSpec, error: Exception) -> TrainingError:
    return TrainingError(
        f"Could not load base model {spec.base_model!r}: {error}. A Hugging Face id is downloaded on "
        "first use and needs access to huggingface.co; otherwise give a local model folder."
    )


def load_tokenizer(spec: TrainingSpec, source: str) -> Any:
    from transformers import AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(source)
    except OSError as error:
        raise load_error(spec, error) from error
    prepare_tokenizer(tokenizer)
    return tokenizer


def training_dtype(spec: TrainingSpec, device: str) -> torch.dtype:
    """The base model's weights' type, as ``engine.precision`` decides it (bf16 where the hardware
    computes in it natively, float32 otherwise and for the tiny model)."""
    tiny = spec.base_model == tiny_random.TINY_RANDOM_ID
    return torch.bfloat16 if precision.trains_in_bf16(device, tiny_random=tiny) else torch.float32


def load_model(spec: TrainingSpec, source: str, device: str) -> Any:
    from transformers import AutoModelForCausalLM
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    try:
        model: Any = AutoModelForCausalLM.from_pretrained(source, dtype=training_dtype(spec, device))
    except OSError as error:
        raise load_error(spec, error) from error
    model.to(device)
    return model


def prepare_tokenizer(tokenizer: Any) -> None:
    """Give a tokenizer what training and chat need: a pad token and a chat template."""
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    if not getattr(tokenizer, "chat_template", None):
        tokenizer.chat_template = (
            "{% for message in messages %}"
            "{{ message['role'] + ': ' + message['content'] + eos_token + '\n' }}"
            "{% endfor %}{% if add_generation_prompt %}{{ 'assistant: ' }}{% endif %}"
        )


def add_lora(model: Any, rank: int, seed: int) -> Any:
    from peft import LoraConfig, get_peft_model

    torch.manual_seed(seed)
    config = LoraConfig(r=rank, lora_alpha=2 * rank, lora_dropout=0.0, target_modules="all-linear")
    return get_peft_model(model, config)


# --- data ---------------------------------------------------------------------------------------


def epoch_batches(lengths: list[int], batch_size: int, seed: int, epoch: int) -> list[list[int]]:
    """Shuffled batches of similar-length examples; the same seed and epoch give the same batches.
    Called once per epoch (O(examples)), never per step."""
    rng = random.Random(seed * 100_003 + epoch)
    order = list(range(len(lengths)))
    rng.shuffle(order)
    group_size = batch_size * BUCKET_GROUP
    batches: list[list[int]] = []
    for start in range(0, len(order), group_size):
        group = sorted(order[start : start + group_size], key=lambda index: lengths[index])
        batches.extend(group[i : i + batch_size] for i in range(0, len(group), batch_size))
    rng.shuffle(batches)
    return batches


@dataclass
class Batch:
    """Model inputs for some sequences, and where their target tokens are.

    Padded: ``ids`` is [sequences, longest] with an attention mask. Packed: ``ids`` is [1, all tokens],
    the sequences end to end with positions restarting at 0 for each and their bounds passed to the
    packed attention (engine.packing), so attention stays inside each sequence and no padding is
    computed. ``select[k]`` is the flat position of the hidden
    state that predicts target ``labels[k]``, which belongs to sequence ``rows[k]``.
    """

    ids: torch.Tensor
    attention: torch.Tensor | None
    positions: torch.Tensor | None
    select: torch.Tensor
    labels: torch.Tensor
    rows: torch.Tensor
    sequences: int
    tokens: int
    targets: int
    bounds: list[int] | None = None  # packed: where each sequence starts, and the end
    cu_seq_lens: torch.Tensor | None = None  # the same as int32, for variable-length attention
    longest: int = 0

    def attention_arguments(self) -> dict[str, Any]:
        """What the packed attention (engine.packing) needs to keep sequences apart."""
        if self.bounds is None:
            return {}
        return {
            "sequence_bounds": self.bounds,
            "cu_seq_lens": self.cu_seq_lens,
            "max_sequence_length": self.longest,
        }


def make_batch(data: tokencache.TokenizedSet, indices: list[int], pad_id: int, packed: bool) -> Batch:
    """A batch on the host, built from the flat arrays; target positions are found here, not on the
    device, so the training step needs no data-dependent shapes (no device-to-host wait)."""
    parts = [data.sequence(i) for i in indices]
    lengths = np.array([len(ids) for ids, _targets in parts], dtype=np.int64)
    if packed:
        ids = np.concatenate([p[0] for p in parts]).astype(np.int64)[None, :]
        flags = np.concatenate([p[1] for p in parts]).astype(bool)
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        flags[starts] = False  # a sequence's first token has nothing before it in its sequence
        positions = np.arange(len(flags), dtype=np.int64) - np.repeat(starts, lengths)
        where = np.flatnonzero(flags)
        select, labels = where - 1, ids[0, where]
        rows = np.searchsorted(starts, where, side="right") - 1
        attention = None
        position_tensor: torch.Tensor | None = torch.from_numpy(positions[None, :])
        bounds: list[int] | None = [0, *np.cumsum(lengths).tolist()]
    else:
        width = int(lengths.max())
        ids = np.full((len(parts), width), pad_id, dtype=np.int64)
        mask = np.zeros((len(parts), width), dtype=np.int64)
        grid = np.zeros((len(parts), width), dtype=bool)
        for row, (sequence, targets) in enumerate(parts):
            ids[row, : len(sequence)] = sequence
            mask[row, : len(sequence)] = 1
            grid[row, : len(sequence)] = targets
        grid[:, 0] = False
        rows, columns = np.nonzero(grid)
        select, labels = rows * width + columns - 1, ids[rows, columns]
        attention = torch.from_numpy(mask)
        position_tensor = None
        bounds = None
    return Batch(
        torch.from_numpy(ids),
        attention,
        position_tensor,
        torch.from_numpy(np.ascontiguousarray(select, dtype=np.int64)),
        torch.from_numpy(np.ascontiguousarray(labels, dtype=np.int64)),
        torch.from_numpy(np.ascontiguousarray(rows, dtype=np.int64)),
        len(parts),
        int(lengths.sum()),
        len(select),
        bounds,
        None if bounds is None else torch.tensor(bounds, dtype=torch.int32),
        int(lengths.max()),
    )


def to_device(batch: Batch, device: str) -> Batch:
    """The batch on ``device``: on CUDA from pinned memory without waiting for the copy."""
    if device == "cpu":
        return batch

    def move(tensor: torch.Tensor | None) -> torch.Tensor | None:
        if tensor is None:
            return None
        if device.startswith("cuda"):
            return tensor.pin_memory().to(device, non_blocking=True)
        return tensor.to(device)

    ids, select, labels, rows = move(batch.ids), move(batch.select), move(batch.labels), move(batch.rows)
    assert ids is not None and select is not None and labels is not None and rows is not None
    return Batch(
        ids,
        move(batch.attention),
        move(batch.positions),
        select,
        labels,
        rows,
        batch.sequences,
        batch.tokens,
        batch.targets,
        batch.bounds,
        move(batch.cu_seq_lens),
        batch.longest,
    )


def micro_batches(indices: list[int], lengths: list[int], max_tokens: int, packed: bool) -> list[list[int]]:
    """``indices`` split in order so that each part costs at most ``max_tokens`` tokens of activations
    (padded: rows × longest), with at least one sequence in each."""
    parts: list[list[int]] = []
    current: list[int] = []
    total = longest = 0
    for index in indices:
        length = lengths[index]
        cost = total + length if packed else max(longest, length) * (len(current) + 1)
        if current and cost > max_tokens:
            parts.append(current)
            current, total, longest = [], 0, 0
        current.append(index)
        total += length
        longest = max(longest, length)
    if current:
        parts.append(current)
    return parts


# --- the loss at target tokens --------------------------------------------------------------------


class TargetLogProbs(torch.autograd.Function):
    """Log-probabilities of the labels under ``hidden @ weight.T``, a chunk of rows at a time.

    Never more than one chunk of float32 logits exists (the full [targets, vocabulary] matrix is
    gigabytes for a 150k vocabulary), and the gradient is exact. Each row's log-probability depends
    only on that row of ``hidden``, so when ``jacobian`` is set the forward pass also keeps
    d logp / d hidden per row ((onehot - softmax) @ weight: [rows, hidden], small) while the chunk's
    logits are at hand, and backward only scales it: no logits are computed twice. A trained
    ``weight`` (never the case with LoRA) has its gradient from logits recomputed in backward.
    """

    @staticmethod
    def forward(
        ctx: Any, hidden: torch.Tensor, weight: torch.Tensor, labels: torch.Tensor, chunk: int, jacobian: bool
    ) -> tuple[torch.Tensor, torch.Tensor]:
        matrix = weight.to(hidden.dtype)
        rows = hidden.shape[0]
        logps = torch.empty(rows, dtype=torch.float32, device=hidden.device)
        correct = torch.empty(rows, dtype=torch.float32, device=hidden.device)
        normalisers = torch.empty(rows, dtype=torch.float32, device=hidden.device)
        slopes = (
            torch.empty(rows, hidden.shape[1], dtype=torch.float32, device=hidden.device)
            if jacobian
            else None
        )
        for start in range(0, rows, chunk):
            end = start + chunk
            logits = (hidden[start:end] @ matrix.T).float()
            normaliser = torch.logsumexp(logits, dim=-1)
            label = labels[start:end]
            logps[start:end] = logits.gather(1, label.unsqueeze(1)).squeeze(1) - normaliser
            correct[start:end] = (logits.argmax(dim=-1) == label).float()
            normalisers[start:end] = normaliser
            if slopes is not None:
                # d logp(label) / d logits = onehot(label) - softmax(logits)
                softmax = logits.sub_(normaliser[:, None]).exp_().neg_()
                softmax.scatter_add_(1, label[:, None], torch.ones_like(softmax[:, :1]))
                slopes[start:end] = (softmax.to(hidden.dtype) @ matrix).float()
        ctx.save_for_backward(hidden, weight, labels, normalisers, slopes)
        ctx.chunk = chunk
        ctx.mark_non_differentiable(correct)
        return logps, correct

    @staticmethod
    def backward(
        ctx: Any, grad_logps: torch.Tensor, _grad_correct: torch.Tensor | None
    ) -> tuple[torch.Tensor | None, torch.Tensor | None, None, None, None]:
        hidden, weight, labels, normalisers, slopes = ctx.saved_tensors
        matrix = weight.to(hidden.dtype)
        grad_hidden = None
        if ctx.needs_input_grad[0] and slopes is not None:
            grad_hidden = (slopes * grad_logps[:, None]).to(hidden.dtype)
        elif ctx.needs_input_grad[0]:
            grad_hidden = torch.empty_like(hidden)
        grad_weight = torch.zeros_like(weight, dtype=torch.float32) if ctx.needs_input_grad[1] else None
        if grad_weight is None and slopes is not None:
            return grad_hidden, None, None, None, None
        for start in range(0, hidden.shape[0], ctx.chunk):
            end = start + ctx.chunk
            rows = hidden[start:end]
            logits = (rows @ matrix.T).float()
            grad_logits = torch.exp(logits - normalisers[start:end, None]).mul_(-grad_logps[start:end, None])
            grad_logits.scatter_add_(1, labels[start:end, None], grad_logps[start:end, None])
            grad_logits = grad_logits.to(hidden.dtype)
            if grad_hidden is not None and slopes is None:
                grad_hidden[start:end] = grad_logits @ matrix
            if grad_weight is not None:
                grad_weight += (grad_logits.T @ rows).float()
        return grad_hidden, None if grad_weight is None else grad_weight.to(weight.dtype), None, None, None


def logit_chunk_rows(vocabulary: int) -> int:
    return max(1, LOGIT_CHUNK_BYTES // (4 * max(1, vocabulary)))


@dataclass
class TokenScores:
    """Log-probabilities of the target tokens of a batch (flattened) and which sequence each is in."""

    logps: torch.Tensor
    rows: torch.Tensor
    correct: torch.Tensor
    batch_rows: int

    def per_sequence(self) -> torch.Tensor:
        sums = torch.zeros(self.batch_rows, dtype=self.logps.dtype, device=self.logps.device)
        return sums.index_add(0, self.rows, self.logps)


def score_targets(model: Any, batch: Batch) -> TokenScores:
    """Run the model and score only the target positions (the vocabulary projection is the costly part)."""
    inner = model.get_base_model() if hasattr(model, "get_base_model") else model
    hidden = inner.get_decoder()(
        input_ids=batch.ids,
        attention_mask=batch.attention,
        position_ids=batch.positions,
        use_cache=False,
        **batch.attention_arguments(),
    ).last_hidden_state
    selected = hidden.reshape(-1, hidden.shape[-1]).index_select(0, batch.select)
    head = inner.get_output_embeddings()
    if type(head) is torch.nn.Linear and head.bias is None:
        # Only a frozen output layer (LoRA's case) lets backward reuse what forward computed.
        jacobian = torch.is_grad_enabled() and selected.requires_grad and not head.weight.requires_grad
        logps, correct = TargetLogProbs.apply(
            selected, head.weight, batch.labels, logit_chunk_rows(head.weight.shape[0]), jacobian
        )
    else:  # an unusual output layer: plain autograd, still only at target tokens
        logits = head(selected).float()
        logps = torch.log_softmax(logits, dim=-1).gather(1, batch.labels.unsqueeze(1)).squeeze(1)
        correct = (logits.argmax(dim=-1) == batch.labels).float()
    return TokenScores(logps, batch.rows, correct, batch.sequences)


# --- memory -------------------------------------------------------------------------------------


@dataclass
class MemoryPlan:
    checkpointing: bool
    max_batch_tokens: int  # activations of at most this many tokens at once (gradient accumulation beyond)
    estimated_bytes_per_token: int


def available_memory(device: str) -> int:
    """Bytes training may use for activations now, with a margin."""
    if device.startswith("cuda"):
        free, _total = torch.cuda.mem_get_info(torch.device(device))
        return int(free * 0.8)
    try:  # Linux: what can be had without swapping (free memory plus reclaimable caches)
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(int(line.split()[1]) * 1024 * 0.6)
    except OSError:
        pass
    try:
        pages = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return 8 << 30
    return int(pages * 0.6)


def activation_bytes_per_token(config: Any, element_bytes: int, checkpointing: bool) -> int:
    """A rough count of what the backward pass keeps per token: per layer the inputs of the attention
    and MLP projections and their outputs (about 12 hidden-sized and 5 MLP-sized vectors); with
    checkpointing only each layer's input plus one layer's worth, recomputed during backward."""
    hidden = int(getattr(config, "hidden_size", 0) or 1024)
    mlp = int(getattr(config, "intermediate_size", 0) or 4 * hidden)
    layers = int(getattr(config, "num_hidden_layers", 0) or 24)
    per_layer = (12 * hidden + 5 * mlp) * element_bytes
    if checkpointing:
        return layers * hidden * element_bytes + per_layer
    return layers * per_layer


def plan_memory(
    config: Any, available: int, element_bytes: int, worst_batch_tokens: int, longest: int, spec: TrainingSpec
) -> MemoryPlan:
    """Checkpointing and micro-batch size from the memory estimate; the spec's choices override.

    A batch too big for memory is first split into micro-batches (gradient accumulation: the same
    result, matrix products still large); checkpointing (a third more compute) is chosen only when
    even a micro-batch of ``MIN_MICRO_BATCH_TOKENS`` (or the longest sequence) would not fit.
    ``available``: bytes for activations (``available_memory``).
    """
    plain = activation_bytes_per_token(config, element_bytes, False)
    if spec.gradient_checkpointing is None:
        checkpointing = available // plain < min(worst_batch_tokens, max(longest, MIN_MICRO_BATCH_TOKENS))
    else:
        checkpointing = spec.gradient_checkpointing
    per_token = activation_bytes_per_token(config, element_bytes, checkpointing)
    max_tokens = spec.max_batch_tokens or max(longest, available // per_token)
    return MemoryPlan(checkpointing, max_tokens, per_token)


# --- the loop ------------------------------------------------------------------------------------


class Run:
    """One training run of a job (possibly resumed)."""

    def __init__(self, spec: TrainingSpec, control: TrainingControl) -> None:
        self.spec = spec
        self.control = control
        self.device = choose_device(spec.device)
        self.autocast = training_dtype(spec, self.device) == torch.bfloat16
        self.autocast_device = "cuda" if self.device.startswith("cuda") else "cpu"
        # On CPU, length bucketing leaves little padding and a dense block mask would cost more.
        self.packed = spec.packing if spec.packing is not None else self.device.startswith("cuda")
        # On CUDA a step's loss is read while the next step runs, so the host never waits for it.
        self.lagged = self.device.startswith("cuda")
        self.max_length = spec.max_seq_length or spec.max_length

    def tokenize_all(self, tokenizer: Any) -> tuple[tokencache.Tokenized, tokencache.TokenizedSet]:
        spec = self.spec
        cache = tokencache.TokenCache(spec.cache_dir) if spec.cache_dir is not None else None
        train = tokencache.tokenize(spec.training_file, tokenizer, spec.method, self.max_length, cache)
        if spec.validation_file is None:
            valid = tokencache.TokenizedSet(
                np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.uint8), np.zeros(1, dtype=np.int64)
            )
        else:
            valid = tokencache.tokenize(
                spec.validation_file, tokenizer, spec.method, self.max_length, cache
            ).data
        return train, valid

    def run(self) -> TrainingOutcome:
        spec = self.spec
        started = time.monotonic()
        self.control.message(f"Loading base model {spec.base_model} on {self.device}")
        source = resolve_source(spec)
        tokenizer = load_tokenizer(spec, source)
        self.tokenizer = tokenizer
        self.pad_id = int(tokenizer.pad_token_id)
        # The data is tokenized (or read from the cache) in a worker while the model loads.
        with ThreadPoolExecutor(1, thread_name_prefix="tokenize") as pool:
            tokenizing = pool.submit(self.tokenize_all, tokenizer)
            model = load_model(spec, source, self.device)
            tokenized, self.valid_set = tokenizing.result()
        self.train_set = tokenized.data
        use_threads_for(model)
        if self.packed:
            packing.use_packed_attention(model)
        model = add_lora(model, spec.lora_rank, spec.seed)
        self.model = model
        if spec.method == "dpo":
            self.lengths = self.train_set.lengths().tolist()
            self.pair_tokens = [a + b for a, b in zip(self.lengths[0::2], self.lengths[1::2], strict=True)]
            lengths = self.train_set.pair_lengths().tolist()
            what = "preference pairs"
            if not lengths:
                raise TrainingError("No preference pair has a response left to learn from after truncation.")
        else:
            self.lengths = lengths = self.train_set.lengths().tolist()
            what = "examples"
            if not lengths:
                raise TrainingError("No example has assistant tokens left to learn from after truncation.")
        if tokenized.from_cache:
            self.control.message(
                f"Tokenized data reused from the cache: {len(lengths):,} {what}, "
                f"{self.train_set.token_count:,} tokens"
            )
        else:
            self.control.message(f"Tokenized {len(lengths):,} {what}: {self.train_set.token_count:,} tokens")
        self.memory = self.plan_memory(lengths)
        if self.memory.checkpointing:
            inner = model.get_base_model()
            if hasattr(inner, "activation_checkpointing_enable"):  # transformers 5 names it so
                inner.activation_checkpointing_enable({"use_reentrant": False})
            else:
                inner.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
            self.control.message("Gradient checkpointing is on (activations are recomputed to save memory)")
        if spec.method == "dpo":
            self.reference = self.reference_logps(self.train_set, len(lengths))
            self.valid_pairs = min(self.valid_set.count // 2, MAX_VALIDATION_EXAMPLES)
            self.valid_reference = self.reference_logps(self.valid_set, self.valid_pairs)
        steps_per_epoch = math.ceil(len(lengths) / spec.batch_size)
        total_steps = steps_per_epoch * spec.n_epochs
        trainable = [p for p in model.parameters() if p.requires_grad]
        fused = self.device.startswith("cuda") and all(p.is_floating_point() for p in trainable)
        optimizer = torch.optim.AdamW(trainable, lr=spec.learning_rate, weight_decay=0.0, fused=fused or None)
        step, trained_tokens = 0, 0
        if spec.resume_from is not None:
            step, trained_tokens = self.load_state(spec.resume_from, optimizer)
            self.control.message(f"Resumed from step {step} of {total_steps}")
        elif spec.init_adapter is not None:
            self.load_adapter(spec.init_adapter)
            self.control.message(f"Starting from the adapter in {spec.init_adapter.name}")
        self.control.message(
            f"Training {sum(p.numel() for p in trainable):,} LoRA parameters on {len(lengths)} {what}: "
            f"{spec.n_epochs} epochs × {steps_per_epoch} steps (setup {time.monotonic() - started:.1f} s)"
        )
        model.train()
        loop_started, loop_first_step, loop_first_tokens = time.monotonic(), step, trained_tokens
        self.metrics: dict[str, Any] = {}
        pending: StepResult | None = None
        planned_epoch, plan = -1, []
        while step < total_steps:
            request = self.control.stop_requested()
            if request:
                self.report(pending, steps_per_epoch)
                pending = None
                if request in ("pause", "shutdown"):
                    self.save_state(spec.job_dir / "pause", optimizer, step, trained_tokens)
                raise TrainingStopped(request)
            epoch, index_in_epoch = divmod(step, steps_per_epoch)
            if epoch != planned_epoch:
                plan, planned_epoch = epoch_batches(lengths, spec.batch_size, spec.seed, epoch), epoch
            learning_rate = spec.learning_rate * (1 - (1 - FINAL_LR_FRACTION) * step / max(1, total_steps))
            for group in optimizer.param_groups:
                group["lr"] = learning_rate
            result = self.train_step(plan[index_in_epoch], optimizer, trainable)
            step += 1
            trained_tokens += result.tokens
            result.step, result.total_steps = step, total_steps
            self.report(pending, steps_per_epoch)
            pending = result
            epoch_done = step % steps_per_epoch == 0
            if epoch_done or not self.lagged or step == total_steps:
                self.report(pending, steps_per_epoch)
                pending = None
            seconds_per_step = (time.monotonic() - loop_started) / (step - loop_first_step)
            self.control.progress(step, total_steps, trained_tokens, seconds_per_step)
            if epoch_done:
                folder = spec.job_dir / "checkpoints" / f"step-{step}"
                self.save_state(folder, optimizer, step, trained_tokens)
                self.control.checkpoint(step, folder, self.metrics)
        final = spec.job_dir / "model"
        model.save_pretrained(final)
        seconds = time.monotonic() - loop_started
        if step > loop_first_step and seconds > 0:
            self.control.message(
                f"Trained {trained_tokens - loop_first_tokens:,} tokens in {seconds:.1f} s "
                f"({(trained_tokens - loop_first_tokens) / seconds:,.0f} tokens/s)"
            )
        return TrainingOutcome(final, trained_tokens, step, self.metrics)

    def plan_memory(self, lengths: list[int]) -> MemoryPlan:
        spec = self.spec
        longest = max(lengths) * (2 if spec.method == "dpo" else 1)
        if self.packed:
            worst = sum(sorted(lengths)[-spec.batch_size :]) * (2 if spec.method == "dpo" else 1)
        else:
            worst = longest * min(spec.batch_size, len(lengths)) * (2 if spec.method == "dpo" else 1)
        element_bytes = 2 if self.autocast else 4
        available = available_memory(self.device)
        return plan_memory(self.model.config, available, element_bytes, worst, longest, spec)

    def report(self, result: StepResult | None, steps_per_epoch: int) -> None:
        """Hand a finished step's metrics to the job (reading the loss waits for that step only)."""
        if result is None:
            return
        self.metrics = {
            "step": result.step,
            "total_steps": result.total_steps,
            "train_loss": float(result.loss),
            "train_mean_token_accuracy": float(result.accuracy),
        }
        epoch_done = result.step % steps_per_epoch == 0
        if epoch_done:
            self.metrics.update(self.validate())
        if epoch_done or self.should_report(result.step, result.total_steps):
            self.control.metrics(self.metrics)

    @staticmethod
    def should_report(step: int, total_steps: int) -> bool:
        return total_steps <= 1000 or step % max(1, total_steps // 500) == 0 or step == total_steps

    def forward(self, data: tokencache.TokenizedSet, indices: list[int]) -> TokenScores:
        batch = to_device(make_batch(data, indices, self.pad_id, self.packed), self.device)
        if self.autocast:
            with torch.autocast(self.autocast_device, dtype=torch.bfloat16):
                return score_targets(self.model, batch)
        return score_targets(self.model, batch)

    def train_step(
        self, batch: list[int], optimizer: torch.optim.Optimizer, trainable: list[torch.Tensor]
    ) -> StepResult:
        """One optimizer step over ``batch``, in micro-batches when its activations would not fit."""
        optimizer.zero_grad(set_to_none=True)
        if self.spec.method == "dpo":
            pair_tokens = self.pair_tokens
            parts = micro_batches(batch, pair_tokens, self.memory.max_batch_tokens, packed=True)
            loss_sum = accuracy_sum = None
            for part in parts:
                losses, wins = self.dpo_losses(part, self.reference[part])
                loss = losses.sum() / len(batch)
                loss.backward()
                loss_sum = loss.detach() if loss_sum is None else loss_sum + loss.detach()
                accuracy_sum = wins.sum() if accuracy_sum is None else accuracy_sum + wins.sum()
            tokens = sum(pair_tokens[i] for i in batch)
            assert loss_sum is not None and accuracy_sum is not None
            accuracy = accuracy_sum / len(batch)
        else:
            targets = sum(self.target_count(i) for i in batch)
            parts = micro_batches(batch, self.lengths, self.memory.max_batch_tokens, self.packed)
            loss_sum = accuracy_sum = None
            for part in parts:
                scores = self.forward(self.train_set, part)
                loss = -scores.logps.sum() / targets
                loss.backward()
                loss_sum = loss.detach() if loss_sum is None else loss_sum + loss.detach()
                correct = scores.correct.sum()
                accuracy_sum = correct if accuracy_sum is None else accuracy_sum + correct
            tokens = sum(self.lengths[i] for i in batch)
            assert loss_sum is not None and accuracy_sum is not None
            accuracy = accuracy_sum / targets
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        return StepResult(loss_sum, accuracy, tokens)

    def target_count(self, index: int) -> int:
        """Targets of training sequence ``index`` (its first token is never predicted)."""
        start, end = int(self.train_set.offsets[index]), int(self.train_set.offsets[index + 1])
        return int(self.train_set.targets[start + 1 : end].sum())

    def pair_logps(self, data: tokencache.TokenizedSet, pairs: list[int]) -> torch.Tensor:
        """Summed log-probabilities, chosen responses in the first column and rejected in the second."""
        indices = [2 * i for i in pairs] + [2 * i + 1 for i in pairs]
        sums = self.forward(data, indices).per_sequence()
        return torch.stack([sums[: len(pairs)], sums[len(pairs) :]], dim=1)

    def reference_logps(self, data: tokencache.TokenizedSet, pairs: int) -> torch.Tensor:
        """The frozen base model's log-probabilities (the DPO reference), computed once."""
        if not pairs:
            return torch.zeros((0, 2), device=self.device)
        results = []
        with torch.no_grad(), self.model.disable_adapter():
            for start in range(0, pairs, 16):
                results.append(self.pair_logps(data, list(range(start, min(pairs, start + 16)))))
        return torch.cat(results)

    def dpo_losses(
        self, pairs: list[int], reference: torch.Tensor, data: tokencache.TokenizedSet | None = None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Each pair's DPO loss, and whether the policy prefers the chosen response more than the
        reference does."""
        policy = self.pair_logps(self.train_set if data is None else data, pairs)
        margins = self.spec.beta * ((policy[:, 0] - reference[:, 0]) - (policy[:, 1] - reference[:, 1]))
        return -torch.nn.functional.logsigmoid(margins), (margins > 0).float()

    def validate(self) -> dict[str, Any]:
        if self.spec.method == "dpo":
            count = self.valid_pairs
        else:
            count = min(self.valid_set.count, MAX_VALIDATION_EXAMPLES)
        if not count:
            return {}
        self.model.eval()
        losses: list[float] = []
        accuracies: list[float] = []
        with torch.no_grad():
            for start in range(0, count, 16):
                chunk = list(range(start, min(count, start + 16)))
                if self.spec.method == "dpo":
                    pair_losses, wins = self.dpo_losses(chunk, self.valid_reference[chunk], self.valid_set)
                    losses.append(float(pair_losses.mean()))
                    accuracies.append(float(wins.mean()))
                else:
                    scores = self.forward(self.valid_set, chunk)
                    losses.append(float(-scores.logps.mean()))
                    accuracies.append(float(scores.correct.mean()))
        self.model.train()
        valid_loss = sum(losses) / len(losses)
        return {
            "valid_loss": valid_loss,
            "full_valid_loss": valid_loss,
            "valid_mean_token_accuracy": sum(accuracies) / len(accuracies),
        }

    def save_state(
        self, folder: Path, optimizer: torch.optim.Optimizer, step: int, trained_tokens: int
    ) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / STATE_SUMMARY).unlink(missing_ok=True)
        self.model.save_pretrained(folder)
        torch.save(
            {"optimizer": optimizer.state_dict(), "step": step, "trained_tokens": trained_tokens},
            folder / STATE_FILE,
        )
        # Written last, so that a state cut short by a crash is never taken for a complete one.
        atomic_write(folder / STATE_SUMMARY, json.dumps({"step": step, "trained_tokens": trained_tokens}))

    def load_adapter(self, folder: Path) -> None:
        from peft import set_peft_model_state_dict
        from safetensors.torch import load_file

        set_peft_model_state_dict(self.model, load_file(str(folder / ADAPTER_FILE), device=self.device))

    def load_state(self, folder: Path, optimizer: torch.optim.Optimizer) -> tuple[int, int]:
        self.load_adapter(folder)
        state = torch.load(folder / STATE_FILE, map_location=self.device, weights_only=True)
        optimizer.load_state_dict(state["optimizer"])
        return int(state["step"]), int(state["trained_tokens"])


@dataclass
class StepResult:
    """A step's loss and accuracy, still on the device until reported."""

    loss: torch.Tensor
    accuracy: torch.Tensor
    tokens: int
    step: int = 0
    total_steps: int = 0


def train(spec: TrainingSpec, control: TrainingControl) -> TrainingOutcome:
    return Run(spec, control).run()
