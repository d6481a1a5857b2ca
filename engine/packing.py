"""Attention for packed batches: several sequences end to end in one row, each attending only to itself.

Registered with transformers' AttentionInterface under ``ATTENTION``; the trainer switches a model
to it and passes the sequences' bounds with each packed forward pass (``sequence_bounds``: offsets on
the host, ``cu_seq_lens``: the same on the device). With bounds given, no attention mask is built
(transformers builds none for an implementation it has no mask function for) and nothing waits
for the device:

- on CUDA in bf16/fp16, PyTorch's variable-length flash attention (``torch.nn.attention.varlen``)
  takes the whole packed row at once, causal within each sequence;
- elsewhere (CPU, float32, older PyTorch), each sequence's slice goes through
  ``scaled_dot_product_attention`` with a causal mask: the same result, no padding computed and
  no [tokens, tokens] mask.

Without bounds (generation, padded batches) it is ordinary SDPA attention.
"""

from __future__ import annotations

import itertools
from typing import Any

import torch

ATTENTION = "finetune_packed"
_registered = False


def register() -> None:
    global _registered
    if _registered:
        return
    from transformers import AttentionInterface

    AttentionInterface.register(ATTENTION, packed_attention_forward)
    _registered = True


def use_packed_attention(model: Any) -> None:
    """Switch ``model`` (a transformers model, possibly inside peft) to the packed attention."""
    register()
    inner = model.get_base_model() if hasattr(model, "get_base_model") else model
    inner.set_attn_implementation(ATTENTION)


_varlen_works: dict[str, bool] = {}


def _varlen() -> Any:
    try:
        from torch.nn.attention.varlen import varlen_attn
    except ImportError:
        return None
    return varlen_attn


def varlen_works(device: torch.device, dtype: torch.dtype) -> bool:
    """Whether variable-length flash attention runs forward and backward on this device (checked
    once on a small input: some GPUs and builds lack the kernel; the per-sequence path then serves)."""
    name = f"{device}:{dtype}"
    if name not in _varlen_works:
        varlen_attn = _varlen()
        works = False
        if varlen_attn is not None and device.type == "cuda":
            try:
                query = torch.randn(12, 4, 64, device=device, dtype=dtype, requires_grad=True)
                key = torch.randn(12, 2, 64, device=device, dtype=dtype)
                bounds = torch.tensor([0, 5, 12], device=device, dtype=torch.int32)
                output = varlen_attn(
                    query, key, key, bounds, bounds, 7, 7, window_size=(-1, 0), enable_gqa=True
                )
                output.float().sum().backward()
                expected = torch.nn.functional.scaled_dot_product_attention(
                    query[:5].transpose(0, 1).float(),
                    key[:5].transpose(0, 1).float(),
                    key[:5].transpose(0, 1).float(),
                    is_causal=True,
                    enable_gqa=True,
                ).transpose(0, 1)
                works = bool(torch.allclose(output[:5].float(), expected, atol=3e-2))
            except Exception:  # no kernel for this GPU or build: the other path is correct too
                works = False
        _varlen_works[name] = works
    return _varlen_works[name]


def packed_attention_forward(
    module: torch.nn.Module,
    query: torch.Tensor,
    key: torch.Tensor,
    value: torch.Tensor,
    attention_mask: torch.Tensor | None,
    dropout: float = 0.0,
    scaling: float | None = None,
    sequence_bounds: list[int] | None = None,
    cu_seq_lens: torch.Tensor | None = None,
    max_sequence_length: int | None = None,
    **kwargs: Any,
) -> tuple[torch.Tensor, None]:
    """Attention output as transformers expects it: [batch, tokens, heads, head size]."""
    if sequence_bounds is None:
        from transformers.integrations.sdpa_attention import sdpa_attention_forward

        output, weights = sdpa_attention_forward(
            module, query, key, value, attention_mask, dropout=dropout, scaling=scaling, **kwargs
        )
        return output, weights
    # query: [1, heads, tokens, head size]; key and value: [1, key-value heads, tokens, head size].
    grouped = query.shape[1] != key.shape[1]
    if (
        query.is_cuda
        and query.dtype in (torch.bfloat16, torch.float16)
        and cu_seq_lens is not None
        and max_sequence_length is not None
        and varlen_works(query.device, query.dtype)
    ):
        output = _varlen()(
            query[0].transpose(0, 1),
            key[0].transpose(0, 1),
            value[0].transpose(0, 1),
            cu_seq_lens,
            cu_seq_lens,
            max_sequence_length,
            max_sequence_length,
            scale=scaling,
            window_size=(-1, 0),
            enable_gqa=grouped,
        )
        assert isinstance(output, torch.Tensor)
        return output.unsqueeze(0), None
    parts = []
    for start, end in itertools.pairwise(sequence_bounds):
        parts.append(
            torch.nn.functional.scaled_dot_product_attention(
                query[:, :, start:end],
                key[:, :, start:end],
                value[:, :, start:end],
                is_causal=True,
                scale=scaling,
                enable_gqa=grouped,
            )
        )
    return torch.cat(parts, dim=2).transpose(1, 2).contiguous(), None
