# ruff: noqa: E501  (the messages below read better as whole lines)
"""The analysis of a whole data set, and the incremental one for edited rows (:class:`Analyzer`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date

from desktop.core.cancel import CancelSignal
from desktop.core.catalog import CatalogModel
from desktop.core.checks.counting import count_tokens, encoding_for
from desktop.core.checks.dataset_checks import (
    chat_role_findings,
    count_findings,
    duplicate_findings,
    empty_findings,
    line_ending_findings,
    model_findings,
    split_findings,
    token_findings,
)
from desktop.core.checks.legacy import LEGACY_ADVICE, legacy_findings
from desktop.core.checks.messages import finding, row_findings
from desktop.core.checks.rows import Prepared, RowFacts, prepare_rows, scan_hygiene
from desktop.core.cost import CostEstimate, estimate_cost
from desktop.core.dataset import Dataset, Example, ExampleKind, Split
from desktop.core.findings import Analysis, Finding, HistogramBin, Severity, Summary, sort_findings
from desktop.core.gcpause import gc_paused
from desktop.core.text_hygiene import join_texts
from desktop.core.tokens import (
    ParallelCount,
    cached_counter,
)

ProgressFn = Callable[[float], None]


# --- Summary ----------------------------------------------------------------------------------


def histogram(values: Sequence[int], bins: int = 20) -> list[HistogramBin]:
    """Equal-width bins from 0 to the largest value (the last bin includes the maximum)."""
    if not values:
        return []
    top = max(values)
    width = max(1, -(-(top + 1) // bins))
    counts = [0] * bins
    for v in values:
        counts[min(v // width, bins - 1)] += 1
    return [HistogramBin(i * width, (i + 1) * width, c) for i, c in enumerate(counts)]


def _summary(
    examples: Sequence[Example],
    facts: Sequence[RowFacts],
    encoding: str,
    limit: int | None,
    model: CatalogModel | None,
    epochs: int | str | None,
) -> Summary:
    tokens = [f.tokens for f in facts]
    ordered = sorted(tokens)
    n = len(tokens)
    validation = sum(1 for e in examples if e.split is Split.VALIDATION)
    train_tokens = [f.tokens for e, f in zip(examples, facts, strict=True) if e.split is not Split.VALIDATION]
    return Summary(
        examples=n,
        train_examples=n - validation,
        validation_examples=validation,
        encoding=encoding,
        total_tokens=sum(tokens),
        min_tokens=ordered[0] if n else 0,
        max_tokens=ordered[-1] if n else 0,
        mean_tokens=sum(tokens) / n if n else 0.0,
        median_tokens=ordered[n // 2] if n else 0,
        p90_tokens=ordered[min(n - 1, int(n * 0.9))] if n else 0,
        histogram=histogram(tokens),
        token_limit=limit,
        over_limit=sum(1 for t in tokens if limit is not None and t > limit),
        tokens_per_example=tokens,
        estimate=estimate_cost(train_tokens, model, epochs, token_limit=limit),
    )


# --- The analysis -----------------------------------------------------------------------------


class Analyzer:
    """Keeps per-example facts so that edits re-check only the edited rows.

    Facts are kept per Example object, so inserted, removed or moved rows are handled too: rows
    whose Example is new, or that are named in ``changed_rows``, are checked again; all data-set
    level checks (duplicates, system prompts, prefixes, counts) are then redone from the facts.
    """

    def __init__(
        self,
        model: CatalogModel | None = None,
        *,
        epochs: int | str | None = None,
        today: date | None = None,
        parallel: bool = True,
    ) -> None:
        self.model = model
        self.epochs = epochs
        self.today = today
        self.parallel = parallel
        self._facts: dict[int, tuple[Example, RowFacts]] = {}
        # A whole check's rows and facts, indexed into _facts only when an edit needs them (the
        # index of 100k rows costs a tenth of a second that the first check need not wait for).
        self._unindexed: tuple[list[Example], list[RowFacts]] | None = None
        self._kind: ExampleKind | None = None
        self._encoding: str | None = None

    def analyze(
        self, dataset: Dataset, *, cancel: CancelSignal | None = None, progress: ProgressFn | None = None
    ) -> Analysis:
        """Check every example (the first run, or after the model or kind changed)."""
        self._forget()
        return self.update(dataset, None, cancel=cancel, progress=progress)

    def update(
        self,
        dataset: Dataset,
        changed_rows: Iterable[int] | None = None,
        *,
        cancel: CancelSignal | None = None,
        progress: ProgressFn | None = None,
    ) -> Analysis:
        """Re-check the rows in ``changed_rows`` (and rows not seen before); None re-checks all."""
        with gc_paused():  # facts for every row, and no reference cycles (see gcpause)
            return self._update(dataset, changed_rows, cancel, progress)

    def _forget(self) -> None:
        self._facts.clear()
        self._unindexed = None

    def _index(self) -> dict[int, tuple[Example, RowFacts]]:
        """The facts kept per Example object (see ``_unindexed``)."""
        if self._unindexed is not None:
            examples, facts = self._unindexed
            self._facts = {
                id(example): (example, fact) for example, fact in zip(examples, facts, strict=True)
            }
            self._unindexed = None
        return self._facts

    def _update(
        self,
        dataset: Dataset,
        changed_rows: Iterable[int] | None,
        cancel: CancelSignal | None,
        progress: ProgressFn | None,
    ) -> Analysis:
        encoding = encoding_for(self.model, dataset.kind)
        if dataset.kind is not self._kind or encoding != self._encoding or changed_rows is None:
            self._forget()
        self._kind, self._encoding = dataset.kind, encoding
        examples = dataset.examples
        changed = set(changed_rows or ())
        known = self._index()
        if known:
            todo = [
                i
                for i, example in enumerate(examples)
                if i in changed or id(example) not in known or known[id(example)][0] is not example
            ]
        else:
            todo = list(range(len(examples)))
        if progress is not None:
            progress(0.0)
        pending, records = self._check_rows(dataset, todo, encoding, cancel, progress)
        fresh = [fact for prepared, _ in pending for fact in prepared.facts]
        if len(todo) == len(examples):
            facts_now = fresh
            self._facts, self._unindexed = {}, (list(examples), fresh)
        else:
            facts_now = []
            kept = {}
            fresh_iter = iter(fresh)
            todo_set = set(todo)
            for i, example in enumerate(examples):
                fact = next(fresh_iter) if i in todo_set else known[id(example)][1]
                facts_now.append(fact)
                kept[id(example)] = (example, fact)
            self._facts = kept
        if cancel is not None:
            cancel.raise_if_cancelled()
        # The checks that need no token counts run while the helper process is still counting.
        if records is None or len(records) != len(examples):
            records = [e.peek() for e in examples] if dataset.kind is ExampleKind.PROMPT_COMPLETION else []
        findings = self._format_checks(dataset, facts_now, records)
        del records
        check = cancel.raise_if_cancelled if cancel is not None else None
        counted = ParallelCount.results([helper for _, helper in pending], check)
        for (prepared, _), text_counts in zip(pending, counted, strict=True):
            if check is not None:
                check()
            count_tokens(prepared, encoding, text_counts)
        analysis = self._token_checks(dataset, facts_now, encoding, findings)
        if progress is not None:
            progress(1.0)
        return analysis

    def _check_rows(
        self,
        dataset: Dataset,
        rows: list[int],
        encoding: str,
        cancel: CancelSignal | None,
        progress: ProgressFn | None,
    ) -> tuple[list[tuple[Prepared, ParallelCount | None]], list[object] | None]:
        """Per-example facts of ``rows`` (tokens still pending), and their records for the
        prompt/completion checks when every row was read anyway."""
        pending: list[tuple[Prepared, ParallelCount | None]] = []
        if not rows:
            return pending, None
        examples = dataset.examples
        kind = dataset.kind
        count = cached_counter(encoding)
        keep_records = kind is ExampleKind.PROMPT_COMPLETION and len(rows) == len(examples)
        kept: list[object] = []
        block = 25_000
        for start in range(0, len(rows), block):
            if cancel is not None:
                cancel.raise_if_cancelled()
            part = rows[start : start + block]
            records = [examples[i].peek() for i in part]
            prepared = prepare_rows(records, kind, count)
            if keep_records:
                kept.extend(records)
            del records
            # The texts go to a helper process as one UTF-8 buffer (cheap to send) and are counted
            # there while this process runs the other checks.
            prepared.buffer = join_texts(prepared.texts)
            helper = None
            if self.parallel and kind is not ExampleKind.PREFERENCE and prepared.buffer is not None:
                helper = ParallelCount.start_buffer(prepared.buffer, len(prepared.texts), encoding)
            scan_hygiene(prepared, kind)
            prepared.buffer = None
            pending.append((prepared, helper))
            if progress is not None:
                progress(min(0.9, (start + len(part)) / len(rows) * 0.9))
        return pending, kept if keep_records else None

    def _format_checks(
        self, dataset: Dataset, facts: list[RowFacts], records: Sequence[object]
    ) -> list[Finding]:
        kind = dataset.kind
        examples = dataset.examples
        findings = row_findings(facts)
        findings += line_ending_findings(facts)
        findings += count_findings(len(examples), kind)
        findings += empty_findings(facts, kind)
        findings += duplicate_findings(facts, kind)
        findings += chat_role_findings(facts, kind)
        if kind is ExampleKind.PROMPT_COMPLETION:
            legacy = legacy_findings(records, facts)
            if self.model is not None and ExampleKind.PROMPT_COMPLETION not in self.model.formats:
                # A chat model is chosen: the data will be converted, the legacy advice is noise.
                legacy = [f for f in legacy if f.code not in LEGACY_ADVICE]
            findings += legacy
            if dataset.extra_columns:
                columns = ", ".join(dataset.extra_columns)
                findings.append(
                    finding(
                        "extra_columns",
                        Severity.INFO,
                        f"The file has more columns than prompt and completion ({columns}). They stay in the "
                        "editor but are not part of the training file.",
                        f"文件中除了 prompt 和 completion 还有其他列（{columns}）。它们会保留在编辑器中，但不会写入训练文件。",
                        columns=list(dataset.extra_columns),
                    )
                )
        if self.model is not None:
            findings += model_findings(self.model, kind, self.today)
        findings += split_findings(examples)
        return findings

    def _token_checks(
        self, dataset: Dataset, facts: list[RowFacts], encoding: str, findings: list[Finding]
    ) -> Analysis:
        found, limit = token_findings(facts, self.model, dataset.kind)
        summary = _summary(dataset.examples, facts, encoding, limit, self.model, self.epochs)
        return Analysis(sort_findings(findings + found), summary)


def analyze(
    dataset: Dataset,
    model: CatalogModel | None = None,
    *,
    epochs: int | str | None = None,
    today: date | None = None,
    cancel: CancelSignal | None = None,
    progress: ProgressFn | None = None,
    parallel: bool = True,
) -> Analysis:
    """Every check on the whole data set, with exact token counts for ``model``'s encoding."""
    return Analyzer(model, epochs=epochs, today=today, parallel=parallel).analyze(
        dataset, cancel=cancel, progress=progress
    )


def estimate_for(
    analysis: Analysis,
    dataset: Dataset,
    model: CatalogModel | None,
    epochs: int | str | None = None,
    *,
    tokens_per_second: float | None = None,
) -> CostEstimate:
    """The cost estimate for another model or number of epochs, without checking the data again.

    Only training examples count (the validation split is not billed for training).
    """
    tokens = analysis.summary.tokens_per_example
    if len(tokens) != len(dataset.examples):
        raise ValueError("the analysis is not of this data set (row counts differ)")
    train = [t for t, e in zip(tokens, dataset.examples, strict=True) if e.split is not Split.VALIDATION]
    limit = model.max_example_tokens if model is not None else None
    return estimate_cost(train, model, epochs, token_limit=limit, tokens_per_second=tokens_per_second)
