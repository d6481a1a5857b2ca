"""Token counting glue: the encoding each data set is counted in, and the counts put on the row facts."""

from __future__ import annotations

import operator

from desktop.core.catalog import CatalogModel
from desktop.core.checks.rows import Prepared
from desktop.core.dataset import ExampleKind
from desktop.core.tokens import (
    cached_counter,
    count_many,
)


def count_tokens(out: Prepared, encoding: str, text_counts: list[int] | None) -> None:
    """Token counts onto the facts; ``text_counts``: those of ``out.texts`` where a helper process
    counted them (see ``ParallelCount.results``), else None."""
    if text_counts is None or len(text_counts) != len(out.texts):
        text_counts = count_many(out.texts, encoding)
    if out.pc_rows is not None:
        rows = out.pc_rows
        pairs = map(operator.add, text_counts[:rows], text_counts[rows:])
        for facts, total in zip(out.facts, pairs, strict=True):
            facts.tokens = total
        return
    totals = list(out.const_tokens)
    for row, n in zip(out.text_rows, text_counts, strict=True):
        totals[row] += n
    if out.pieces:
        count = cached_counter(encoding)
        for row, piece in zip(out.piece_rows, out.pieces, strict=True):
            totals[row] += count(piece)
    for row, n in out.direct_tokens.items():
        totals[row] = n
    for facts, total in zip(out.facts, totals, strict=True):
        facts.tokens = total


def encoding_for(model: CatalogModel | None, kind: ExampleKind) -> str:
    if model is not None:
        return model.encoding
    # Prompt/completion data trains only babbage-002/davinci-002, which count in cl100k_base.
    return "cl100k_base" if kind is ExampleKind.PROMPT_COMPLETION else "o200k_base"
