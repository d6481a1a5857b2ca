"""Will LoRA training of a model fit on this machine, and how long will it take? No torch needed.

The device is the one the trainer will use: CUDA (its free memory), otherwise the CPU (the
system's available RAM); Apple's MPS is reported where the trainer uses it. The memory needed for
LoRA training is estimated from the model's shape (its config.json when the engine has it, else
the shape derived from its parameter count) as the sum of:

- **weights**: parameters × bytes per value: 2 where the trainer trains in bf16, 4 in float32
  (``engine.precision`` decides for both: bf16 on GPUs and on CPUs with bf16 units);
- **LoRA state**: the adapter's parameters (rank r on all seven linear layers of each block:
  r × (in + out) each) × 16 bytes (float32 value, gradient and Adam's two moments);
- **activations** kept for the backward pass, per token and layer ACTIVATION_FACTOR ×
  ``(5h + 2q + 3kv + 4i + 7r)`` values (norms, projections, rotary copies, attention output, the MLP's
  four intermediates, LoRA's inner products; h hidden, q/kv the query and key/value widths, i the MLP
  width; the factor, 2.2, is measured) for batch × length tokens; with gradient checkpointing only
  each layer's input (h) plus one layer's full set;
- **logits**: the vocabulary projection at the target tokens only (half the tokens assumed), as
  float32 logits, softmax and gradient, at most one chunk of LOGIT_CHUNK_BYTES at a time (the
  trainer's chunked loss);
- **runtime**: the libraries' own memory (measured: CPU_RUNTIME_BYTES for torch + transformers +
  peft in the engine's process; CUDA_RUNTIME_BYTES for the CUDA context and allocator slack).

Verdict: "ok" when the need is at most 85% of the available memory, "tight" up to 100%, else "no".
docs/benchmarks.md compares these estimates with measured peak memory.

Time: training costs about 4 × parameters floating-point operations per token (forward 2P, backward
through the frozen weights 2P; 6P with checkpointing, which recomputes the forward), at the rate a
short matrix-multiplication probe measures on this device times PROBE_EFFICIENCY, plus a fixed cost
per step and the time to load the weights.
"""

from __future__ import annotations

import json
import logging
import math
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine import precision

log = logging.getLogger("engine.fit")

CPU_RUNTIME_BYTES = 380 * 1024 * 1024  # measured: tiny-random training peaks at 0.39-0.42 GB
CUDA_RUNTIME_BYTES = 600 * 1024 * 1024
OK_FRACTION = 0.85
# Autograd keeps about 2.2 times the tensors the count below names (copies around norms, rotary
# embeddings and attention): measured with bench/engine_memory.py on a 0.5B-shaped model (CPU).
ACTIVATION_FACTOR = 2.2
LOGIT_CHUNK_BYTES = 128 << 20  # as engine/trainer.py's chunked loss
TARGET_FRACTION = 0.5  # share of tokens that are targets (answers), for the logits
ASSUMED_LAYERS = 28  # for a shape derived from a parameter count alone (typical of 0.5B to 8B models)
PROBE_EFFICIENCY = 0.3  # training kernels reach about this share of a plain matmul's rate
STEP_OVERHEAD_SECONDS = {"cpu": 0.02, "cuda": 0.05, "mps": 0.05}
LOAD_BYTES_PER_SECOND = 400e6
DEFAULT_BATCH = 4
DEFAULT_LENGTH = 512  # a typical spreadsheet row with its answer fits in 512 tokens


@dataclass(frozen=True)
class ModelShape:
    parameters: int
    hidden_size: int
    layers: int
    intermediate_size: int
    vocab_size: int
    query_width: int
    kv_width: int
    exact: bool  # from a config.json; False when derived from the parameter count

    @classmethod
    def from_config(cls, config: dict[str, Any], parameters: int | None = None) -> ModelShape:
        text = config.get("text_config") if isinstance(config.get("text_config"), dict) else None
        config = text or config
        hidden = int(config["hidden_size"])
        layers = int(config["num_hidden_layers"])
        heads = int(config.get("num_attention_heads") or max(1, hidden // 64))
        head_dim = int(config.get("head_dim") or hidden // heads)
        kv_heads = int(config.get("num_key_value_heads") or heads)
        intermediate = int(config.get("intermediate_size") or 4 * hidden)
        vocab = int(config.get("vocab_size") or 32000)
        if parameters is None:
            query, kv = heads * head_dim, kv_heads * head_dim
            per_layer = hidden * (2 * query + 2 * kv) + 3 * hidden * intermediate + 2 * hidden
            embeddings = vocab * hidden * (1 if config.get("tie_word_embeddings", True) else 2)
            parameters = layers * per_layer + embeddings + hidden
        return cls(
            parameters, hidden, layers, intermediate, vocab, heads * head_dim, kv_heads * head_dim, True
        )

    @classmethod
    def from_folder(cls, folder: Path, parameters: int | None = None) -> ModelShape | None:
        try:
            config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
            return cls.from_config(config, parameters)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    @classmethod
    def from_parameters(cls, parameters: int) -> ModelShape:
        """A typical dense decoder of this size: P ≈ 12·L·h² with ASSUMED_LAYERS layers, MLP 4h,
        full multi-head attention (an overestimate of activations for grouped-query models)."""
        hidden = max(64, int(math.sqrt(parameters / (12 * ASSUMED_LAYERS))))
        return cls(parameters, hidden, ASSUMED_LAYERS, 4 * hidden, 32000, hidden, hidden, False)


@dataclass(frozen=True)
class Device:
    kind: str  # "cuda", "mps" or "cpu"
    name: str
    memory_bytes: int  # available for training now


@dataclass(frozen=True)
class Need:
    weights: int
    lora: int
    activations: int
    logits: int
    runtime: int

    @property
    def total(self) -> int:
        return self.weights + self.lora + self.activations + self.logits + self.runtime


def lora_parameters(shape: ModelShape, rank: int) -> int:
    h, q, kv, i = shape.hidden_size, shape.query_width, shape.kv_width, shape.intermediate_size
    per_layer = (h + q) + (h + kv) + (h + kv) + (q + h) + (h + i) + (h + i) + (i + h)
    return shape.layers * rank * per_layer


def memory_needed(
    shape: ModelShape,
    device: str,
    batch_size: int = DEFAULT_BATCH,
    length: int = DEFAULT_LENGTH,
    rank: int = 8,
    checkpointing: bool = False,
    float32: bool | None = None,
) -> Need:
    """The estimate of peak memory for LoRA training (see the module docstring). ``float32``: None
    for the precision the trainer will use for a (non-tiny) model on ``device``."""
    value = precision.bytes_per_value(device) if float32 is None else (4 if float32 else 2)
    h, q, kv, i = shape.hidden_size, shape.query_width, shape.kv_width, shape.intermediate_size
    tokens = batch_size * length
    per_layer = ACTIVATION_FACTOR * (5 * h + 2 * q + 3 * kv + 4 * i + 7 * rank)
    if checkpointing:
        activations = int(tokens * (shape.layers * h + per_layer) * value)
    else:
        activations = int(tokens * shape.layers * per_layer * value)
    # The trainer's chunked loss holds at most one chunk of float32 logits (its LOGIT_CHUNK_BYTES),
    # with the chunk's softmax and gradient beside it.
    logits = 3 * min(int(tokens * TARGET_FRACTION) * shape.vocab_size * 4, LOGIT_CHUNK_BYTES)
    runtime = CUDA_RUNTIME_BYTES if device == "cuda" else CPU_RUNTIME_BYTES
    return Need(shape.parameters * value, lora_parameters(shape, rank) * 16, activations, logits, runtime)


def verdict(needed: int, available: int) -> str:
    if needed <= OK_FRACTION * available:
        return "ok"
    return "tight" if needed <= available else "no"


def fits(
    shape: ModelShape,
    batch_size: int = DEFAULT_BATCH,
    length: int = DEFAULT_LENGTH,
    rank: int = 8,
    checkpointing: bool = False,
    float32: bool | None = None,
) -> dict[str, Any]:
    """The API's ``fits`` object for training ``shape`` on this machine."""
    device = current_device()
    needed = memory_needed(shape, device.kind, batch_size, length, rank, checkpointing, float32).total
    return {
        "device": device.kind,
        "device_name": device.name,
        "memory_bytes": device.memory_bytes,
        "needed_bytes": needed,
        "verdict": verdict(needed, device.memory_bytes),
    }


# --- the device ------------------------------------------------------------------------------------

_device_lock = threading.Lock()
_probe_rate: dict[str, float] = {}


def current_device() -> Device:
    kind = training_device()
    if kind == "cuda":
        import torch

        free, _total = torch.cuda.mem_get_info()
        return Device("cuda", torch.cuda.get_device_name(), int(free + torch.cuda.memory_reserved()))
    if kind == "mps":
        return Device("mps", "Apple GPU (MPS)", available_ram())
    return Device("cpu", cpu_name(), available_ram())


def training_device() -> str:
    """The device the trainer picks; "cpu" when torch is not installed."""
    try:
        from engine.trainer import choose_device
    except ImportError:
        return "cpu"
    kind = choose_device(None)
    return "cuda" if kind.startswith("cuda") else kind


def available_ram() -> int:
    """Memory the system can give a new allocation now (Linux: MemAvailable), else all of it."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    if sys.platform == "win32":
        import ctypes

        class MemoryStatus(ctypes.Structure):
            _fields_ = [
                ("dwLength", ctypes.c_ulong),
                ("dwMemoryLoad", ctypes.c_ulong),
                ("ullTotalPhys", ctypes.c_ulonglong),
                ("ullAvailPhys", ctypes.c_ulonglong),
                ("ullTotalPageFile", ctypes.c_ulonglong),
                ("ullAvailPageFile", ctypes.c_ulonglong),
                ("ullTotalVirtual", ctypes.c_ulonglong),
                ("ullAvailVirtual", ctypes.c_ulonglong),
                ("ullAvailExtendedVirtual", ctypes.c_ulonglong),
            ]

        status = MemoryStatus()
        status.dwLength = ctypes.sizeof(MemoryStatus)
        ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status))  # type: ignore[attr-defined]
        return int(status.ullAvailPhys)
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):
        return 8 * 1024**3


def cpu_name() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return f"{line.split(':', 1)[1].strip()} ({os.cpu_count()} threads)"
    except OSError:
        pass
    import platform

    return f"{platform.processor() or platform.machine()} ({os.cpu_count()} threads)"


def probe_rate(kind: str) -> float:
    """Floating-point operations per second of a plain matrix multiplication on ``kind`` (measured
    once per process, in a fraction of a second)."""
    with _device_lock:
        if kind in _probe_rate:
            return _probe_rate[kind]
        try:
            import torch

            size, dtype = (4096, torch.bfloat16) if kind == "cuda" else (512, torch.float32)
            device = "cuda" if kind == "cuda" else ("mps" if kind == "mps" else "cpu")
            a = torch.randn(size, size, dtype=dtype, device=device)
            b = torch.randn(size, size, dtype=dtype, device=device)
            (a @ b).sum().item()
            repeats = 10 if kind == "cuda" else 4
            started = time.perf_counter()
            for _ in range(repeats):
                c = a @ b
            c.sum().item()
            seconds = max(time.perf_counter() - started, 1e-6)
            rate = 2 * size**3 * repeats / seconds
        except Exception as error:  # no torch, or a device that refuses: a modest CPU's rate
            log.info("matmul probe failed (%s); assuming 20 GFLOP/s", error)
            rate = 20e9
        _probe_rate[kind] = rate
        return rate


def seconds_needed(
    shape: ModelShape, tokens: int, steps: int, checkpointing: bool, kind: str | None = None
) -> int:
    """The estimated wall time of a training run of ``tokens`` tokens in ``steps`` steps."""
    kind = kind or training_device()
    flops = (6 if checkpointing else 4) * shape.parameters * tokens
    compute = flops / (probe_rate(kind) * PROBE_EFFICIENCY)
    value = precision.bytes_per_value(kind)
    load = shape.parameters * value / LOAD_BYTES_PER_SECOND
    return math.ceil(compute + steps * STEP_OVERHEAD_SECONDS.get(kind, 0.05) + load)
