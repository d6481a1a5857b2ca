"""The precision a base model is trained in, decided in one place.

The trainer loads the base weights in this type (``engine/trainer.py``'s ``training_dtype``) and
``engine/fit.py`` sizes its memory estimate by it, so the two cannot disagree. bf16 where the
hardware multiplies bf16 matrices natively (GPUs that support it; CPUs with AVX512-BF16 or AMX),
float32 elsewhere, and always float32 for tiny-random, whose seed-set recipe was tuned there.

torch is imported only to ask a GPU, so the estimate still works where torch is not installed.
"""

from __future__ import annotations

import os

CPU_BF16_ENV = "FINETUNE_ENGINE_CPU_BF16"  # "0" keeps float32 on CPUs with bf16 units, "1" forces bf16


def cpu_has_bf16_units() -> bool:
    """Whether this CPU multiplies bf16 matrices natively (AVX512-BF16 or AMX): there, bf16 matrix
    products run about twice as fast as float32 (measured on the project's build box). Elsewhere
    bf16 is emulated and slower than float32."""
    override = os.environ.get(CPU_BF16_ENV, "")
    if override in ("0", "1"):
        return override == "1"
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    return bool(flags & {"avx512_bf16", "amx_bf16"})
    except OSError:
        pass
    return False


def cuda_has_bf16() -> bool:
    """Whether the GPU computes in bf16; True when no GPU can be asked (an estimate for a GPU
    elsewhere: those the engine targets, Ampere and newer, all do)."""
    try:
        import torch
    except ImportError:
        return True
    if not torch.cuda.is_available():
        return True
    return bool(torch.cuda.is_bf16_supported())


def trains_in_bf16(device: str, *, tiny_random: bool = False) -> bool:
    """Whether the trainer keeps a base model's weights in bf16 (with autocast) on ``device``
    ("cuda", "cuda:N", "cpu", "mps"). LoRA weights and the loss stay float32 either way."""
    if tiny_random:
        return False
    if device.startswith("cuda"):
        return cuda_has_bf16()
    if device == "cpu":
        return cpu_has_bf16_units()
    return False


def bytes_per_value(device: str, *, tiny_random: bool = False) -> int:
    """Bytes of one weight or activation value as the trainer trains on ``device``."""
    return 2 if trains_in_bf16(device, tiny_random=tiny_random) else 4
