"""What the wizard needs from the rest of the app (:class:`WizardServices`, passed in explicitly so
that it also runs alone), and the functions that turn core and provider results into the rows and
texts its pages show.

The workbench builds one WizardServices from the app's provider services (:func:`wizard_services_for`);
tests build one from a local engine's client. The provider calls themselves (model lists, uploads,
the job) are in :mod:`desktop.providers.finetune`; the slow ones run on a worker thread through
:func:`desktop.ui.background.run_in_background`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from desktop.core.cancel import CancelSignal
from desktop.core.catalog import (
    Catalog,
    CatalogModel,
    compatibility,
    load_catalog,
    local_models,
    method_for_kind,
    retirement_warning,
)
from desktop.core.dataset import Dataset, Example, ExampleKind, Split
from desktop.core.findings import Analysis, Finding, FixId, Summary, sort_findings
from desktop.core.i18n import current_language
from desktop.core.model_ids import IdForm, parse_model_id
from desktop.providers.finetune import LiveModel
from desktop.providers.profiles import Profile
from desktop.ui.wizard.choice import ChosenModel
from desktop.ui.wizard.findings_model import MAX_ROWS_SHOWN, FindingRow, Level
from desktop.ui.wizard.fix_dialogs import PreviewRow, preview_text
from desktop.ui.wizard.histogram import HistogramBin
from desktop.ui.wizard.models_model import ModelRow

if TYPE_CHECKING:
    import openai

    from desktop.core.checks import Analyzer, ProgressFn
    from desktop.core.fixes import Fix
    from desktop.providers.uploads import UploadLedger
    from desktop.ui.services import ProviderServices


class HubTokens(Protocol):
    """Where the Hugging Face token is kept (ProviderServices: the keyring, or this session)."""

    def hf_token(self) -> str | None: ...

    def set_hf_token(self, token: str, *, session_only: bool = False) -> None: ...


@dataclass(frozen=True)
class WizardServices:
    """Dependencies of the wizard.

    - ``profiles``: the provider profiles to choose from; ``active_profile_id``: the one it starts on.
    - ``make_client``: an ``openai.OpenAI`` for a profile. Called on a worker thread (reading a key
      from the keyring or starting the local engine may be slow); may raise a ProviderError.
    - ``jump_to_row``: shows a document row in the editor (None: no editor to show it in).
    - ``upload_ledger``: remembers finished uploads, so a file is not sent twice (None: the wizard
      keeps its own for as long as it is open).
    - ``hub_tokens``: keeps the Hugging Face token for gated models (None: asked for each time).
    """

    profiles: Sequence[Profile]
    make_client: Callable[[Profile], openai.OpenAI]
    active_profile_id: str | None = None
    jump_to_row: Callable[[int], None] | None = None
    upload_ledger: UploadLedger | None = None
    hub_tokens: HubTokens | None = None

    def active_profile(self) -> Profile | None:
        """The profile named active (None: none is, or it is not among the profiles)."""
        return next((p for p in self.profiles if p.id == self.active_profile_id), None)

    def starting_profile(self) -> Profile | None:
        """The profile the model page starts on: the active one, else the first (None: no profiles)."""
        active = self.active_profile()
        if active is not None:
            return active
        return self.profiles[0] if self.profiles else None


def wizard_services_for(
    services: ProviderServices, jump_to_row: Callable[[int], None] | None = None
) -> WizardServices:
    """The wizard's dependencies from the app's provider services (profiles, keyring, engine, ledger)."""
    return WizardServices(
        profiles=tuple(services.profiles.profiles()),
        make_client=services.client_for,
        active_profile_id=services.profiles.active_id,
        jump_to_row=jump_to_row,
        upload_ledger=services.uploads,
        hub_tokens=services,
    )


def catalog_provider(profile: Profile | None) -> str:
    """The catalog's provider key for a profile ("openai", "azure", "compatible", "local"; "" for none)."""
    return profile.kind.value if profile is not None else ""


@lru_cache(maxsize=1)
def bundled_catalog() -> Catalog:
    return load_catalog()


def today() -> date:
    return date.today()


# --- Fix titles -----------------------------------------------------------------------------------


def fix_title(fix_id: str) -> str:
    """The short name of a fix, as the findings table and the checklist show it."""
    from desktop.core.fixes import fix_spec

    try:
        return fix_spec(fix_id).name(current_language())
    except ValueError:
        return fix_id


# --- Findings and the summary ---------------------------------------------------------------------


def analysis_key(model: ChosenModel | None) -> CatalogModel | None:
    """What a data check depends on for ``model``: its catalog entry (encoding, limits), or None."""
    return model.catalog_entry if model is not None else None


def new_analyzer(model: ChosenModel | None) -> Analyzer:
    """An analyzer for the base model's encoding and limits (generic ones while no model is chosen)."""
    from desktop.core.checks import Analyzer

    return Analyzer(analysis_key(model), today=today())


def run_analysis(
    analyzer: Analyzer, dataset: Dataset, cancel: CancelSignal, progress: ProgressFn | None
) -> Analysis:
    """Check the data; rows whose Example is unchanged since the analyzer's last run are not redone."""
    return analyzer.update(dataset, [], cancel=cancel, progress=progress)


def _row_label(dataset: Dataset, row: int) -> str:
    if 0 <= row < len(dataset.examples):
        source = dataset.examples[row].source_row
        return str(source if source is not None else row + 1)
    return str(row + 1)


def finding_row(finding: Finding, dataset: Dataset) -> FindingRow:
    fix_id = finding.fix.value if finding.fix is not None else None
    return FindingRow(
        level=Level.of(finding.severity),
        message=finding.message(current_language()),
        rows=tuple(finding.rows),
        row_labels=tuple(_row_label(dataset, r) for r in finding.rows[:MAX_ROWS_SHOWN]),
        fix_id=fix_id,
        fix_title=fix_title(fix_id) if fix_id else "",
        finding=finding,
    )


def legacy_advice_applies(profile: Profile | None, model: ChosenModel | None) -> bool:
    """Whether advice for babbage-002/davinci-002 (separators, endings, …) concerns this target.

    It does for an OpenAI or Azure model that trains on prompt/completion pairs, and before a model
    is chosen on those providers; never for the local engine or a chat model (the data is then
    converted or trained as it is).
    """
    if catalog_provider(profile) not in ("openai", "azure", ""):
        return False
    if model is None:
        return True
    entry = model.catalog_entry
    return entry is not None and ExampleKind.PROMPT_COMPLETION in entry.formats


def finding_rows(analysis: Analysis, dataset: Dataset, *, legacy_advice: bool = True) -> list[FindingRow]:
    """The findings as the page lists them; those whose fix "Apply all recommended" applies say so.

    ``legacy_advice``: include the babbage-002/davinci-002 formatting advice (see legacy_advice_applies).
    """
    from desktop.core.checks.legacy import LEGACY_ADVICE

    recommended_ids = {str(fix.id) for fix in recommended(analysis)}
    shown = [
        f
        for f in sort_findings(analysis.findings)
        if legacy_advice or (f.code not in LEGACY_ADVICE and f.code != "few_examples_legacy")
    ]
    rows = [finding_row(f, dataset) for f in shown]
    return [replace(row, recommended=row.fix_id in recommended_ids) for row in rows]


@dataclass(frozen=True)
class SummaryView:
    examples: int
    validation_examples: int
    total_tokens: int
    min_tokens: int
    median_tokens: int
    max_tokens: int
    encoding: str
    token_limit: int | None
    over_limit: int
    bins: list[HistogramBin]


def summary_view(analysis: Analysis) -> SummaryView:
    summary: Summary = analysis.summary
    limit = summary.token_limit
    histogram = list(summary.histogram)
    # Leading and trailing empty bins only squeeze the bars that matter.
    while len(histogram) > 1 and histogram[0].count == 0:
        histogram.pop(0)
    while len(histogram) > 1 and histogram[-1].count == 0:
        histogram.pop()
    bins = [HistogramBin(b.start, b.end, b.count, limit is not None and b.start >= limit) for b in histogram]
    return SummaryView(
        summary.examples,
        summary.validation_examples,
        summary.total_tokens,
        summary.min_tokens,
        summary.median_tokens,
        summary.max_tokens,
        summary.encoding,
        limit,
        summary.over_limit,
        bins,
    )


# --- Fixes -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FixPreviewView:
    title: str
    explanation: str
    rows_touched: int
    rows: list[PreviewRow]


def fix_for(finding: FindingRow, analysis: Analysis | None) -> Fix | None:
    """The core Fix a finding points at, with the finding's parameters (or None)."""
    from desktop.core.fixes import fix_for_finding

    encoding = analysis.summary.encoding if isinstance(analysis, Analysis) else None
    if not isinstance(finding.finding, Finding):
        return None
    return fix_for_finding(finding.finding, encoding=encoding)


def alternative_for(finding: FindingRow, analysis: Analysis | None) -> Fix | None:
    """The other fix a finding offers (truncate instead of drop for over-long examples), or None."""
    from desktop.core.fixes import alternative_fix

    encoding = analysis.summary.encoding if isinstance(analysis, Analysis) else None
    if not isinstance(finding.finding, Finding):
        return None
    return alternative_fix(finding.finding, encoding=encoding)


def validation_fraction(percent_text: str, default: float = 0.1) -> float:
    """The validation share from what the user typed ("15", "15%"), kept between 1% and 50%."""
    try:
        percent = float(percent_text.strip().rstrip("%").strip())
    except ValueError:
        return default
    return min(0.5, max(0.01, percent / 100))


def split_fix(fraction: float | None = None, seed: int | None = None) -> Fix:
    from desktop.core.fixes import DEFAULT_SEED, DEFAULT_VALIDATION_FRACTION, get_fix

    return get_fix(
        FixId.SPLIT_VALIDATION,
        fraction=DEFAULT_VALIDATION_FRACTION if fraction is None else fraction,
        seed=DEFAULT_SEED if seed is None else seed,
    )


def to_chat_fix(system_prompt: str = "") -> Fix:
    from desktop.core.fixes import get_fix

    return get_fix(FixId.TO_CHAT, system_prompt=system_prompt.strip() or None)


def to_prompt_completion_fix() -> Fix:
    from desktop.core.fixes import get_fix

    return get_fix(FixId.TO_PROMPT_COMPLETION)


def conversion_target(dataset: Dataset, rows: Sequence[ModelRow]) -> ExampleKind | None:
    """The kind the data could be converted to so that a greyed model becomes usable, if any."""
    for row in rows:
        entry = row.catalog_entry
        if row.usable or not isinstance(entry, CatalogModel) or dataset.kind in entry.formats:
            continue
        if dataset.kind is ExampleKind.PROMPT_COMPLETION and ExampleKind.CHAT in entry.formats:
            return ExampleKind.CHAT
        if dataset.kind is ExampleKind.CHAT and ExampleKind.PROMPT_COMPLETION in entry.formats:
            return ExampleKind.PROMPT_COMPLETION
    return None


def fix_name(fix: Fix) -> str:
    return fix.title(current_language())


def _split_label(example: Example) -> str:
    from PySide6.QtCore import QCoreApplication

    if example.split is Split.VALIDATION:
        return QCoreApplication.translate("FixPreview", "[validation] ")
    return QCoreApplication.translate("FixPreview", "[training] ")


def _before_and_after(before: Example, after: Example | None) -> tuple[str, str]:
    """The two texts of a preview row; a fix that moves a row between sets shows the set it is in."""
    before_text = preview_text(before)
    after_text = preview_text(after) if after is not None else ""
    if after is not None and before.split is not after.split:
        return _split_label(before) + before_text, _split_label(after) + after_text
    return before_text, after_text


def preview_fix(fix: Fix, dataset: Dataset, limit: int) -> FixPreviewView:
    """What ``fix`` would do to ``dataset``: rows touched and a few rows before and after."""
    from PySide6.QtCore import QCoreApplication

    lang = current_language()
    preview = fix.preview(dataset, limit)
    row_text = QCoreApplication.translate("FixPreview", "Row %1")
    rows = [
        PreviewRow(
            row_text.replace("%1", _row_label(dataset, row)),
            *_before_and_after(before, after),
        )
        for row, before, after in zip(preview.rows, preview.before, preview.after, strict=True)
    ]
    explanation = " ".join(t for t in (fix.description(lang), preview.summary(lang)) if t)
    return FixPreviewView(fix_name(fix), explanation, preview.rows_touched, rows)


def recommended(analysis: Analysis) -> list[Fix]:
    from desktop.core.fixes import recommended_fixes

    return list(recommended_fixes(analysis))


def apply_fixes(fixes: Sequence[Fix], dataset: Dataset) -> tuple[ExampleKind, list[Example]]:
    """The data after each fix in turn, as (kind, examples), for one undoable step."""
    from desktop.core.fixes import apply_fixes as apply_all

    result = apply_all(dataset, fixes)
    return result.kind, list(result.examples)


# --- Base models ---------------------------------------------------------------------------------


def provider_note(profile: Profile) -> str:
    """What the user should know about training on this profile's provider (e.g. OpenAI's wind-down)."""
    from desktop.providers.finetune import provider_note as note

    return note(catalog_provider(profile), bundled_catalog(), today())


def short_status(model: CatalogModel) -> str:
    """The model's dates in a few words, for the table (the full warning is below it)."""
    from PySide6.QtCore import QCoreApplication

    translate = QCoreApplication.translate
    status = model.status
    parts = []
    if status.new_jobs_stop is not None:
        days = (status.new_jobs_stop - today()).days
        if days > 0:
            parts.append(
                translate("ModelStatus", "new jobs stop %1 (%2 days left)")
                .replace("%1", status.new_jobs_stop.isoformat())
                .replace("%2", str(days))
            )
        else:
            parts.append(
                translate("ModelStatus", "no new jobs since %1").replace(
                    "%1", status.new_jobs_stop.isoformat()
                )
            )
    if status.shutdown is not None:
        parts.append(translate("ModelStatus", "retires %1").replace("%1", status.shutdown.isoformat()))
    elif status.deprecation is not None:
        parts.append(translate("ModelStatus", "deprecated %1").replace("%1", status.deprecation.isoformat()))
    return "; ".join(parts)


def _formats_text(model: CatalogModel) -> str:
    from PySide6.QtCore import QCoreApplication

    translate = QCoreApplication.translate
    names = {
        ExampleKind.CHAT: translate("ModelRows", "chat"),
        ExampleKind.PROMPT_COMPLETION: translate("ModelRows", "prompt/completion"),
        ExampleKind.PREFERENCE: translate("ModelRows", "preference pairs"),
    }
    separator = translate("ModelRows", ", ", "between data formats")
    return separator.join(names[k] for k in sorted(model.formats, key=lambda k: k.value))


def longest_example_tokens(analysis: Analysis | None) -> int | None:
    return analysis.summary.max_tokens if analysis is not None else None


def _row(
    model: CatalogModel, dataset: Dataset, analysis: Analysis | None, *, in_catalog: bool, is_live: bool
) -> ModelRow:
    lang = current_language()
    verdict = compatibility(
        model,
        dataset.kind,
        method_for_kind(dataset.kind),
        today=today(),
        longest_example_tokens=longest_example_tokens(analysis),
    )
    warning = retirement_warning(model, today())
    return ModelRow(
        model_id=model.id,
        display_name=model.name,
        in_catalog=in_catalog,
        is_live=is_live,
        formats=_formats_text(model),
        methods=tuple(sorted(model.methods)),
        token_limit=model.max_example_tokens,
        price_per_million=model.training_price_per_1m,
        incompatibility=None if verdict.ok else verdict.reason(lang),
        warning=None if warning is None else (warning[1] if lang == "zh_CN" else warning[0]),
        short_warning=short_status(model) if warning is not None else None,
        description=model.notes(lang),
        catalog_entry=model,
    )


def model_rows(
    profile: Profile,
    dataset: Dataset,
    analysis: Analysis | None,
    live: Sequence[LiveModel] | None,
    catalog: Catalog | None = None,
) -> list[ModelRow]:
    """The catalog's models for the profile merged with the provider's live list.

    Catalog models the provider does not list are kept (the list may be loading or failed), live
    models the catalog does not know are added: the local engine describes its own, fine-tuned
    models inherit their base's facts, and any other model is offered with unknown limits.
    """
    catalog = catalog or bundled_catalog()
    provider = catalog_provider(profile)
    live_ids = {m.id for m in live or ()}
    rows: list[ModelRow] = []
    seen: set[str] = set()
    if provider == "local" and live is not None:
        for live_model in live:
            seen.add(live_model.id)
            if parse_model_id(live_model.id).fine_tuned:
                continue  # the engine trains its base models; fine-tuned ones are for the test tab
            known = catalog.find(live_model.id, "local")
            model = known or local_models([dict(live_model.raw, id=live_model.id)])[0]
            row = _row(model, dataset, analysis, in_catalog=known is not None, is_live=True)
            if not row.description and live_model.raw.get("description"):
                row = replace(row, description=str(live_model.raw["description"]))
            rows.append(row)
    for model in catalog.for_provider(provider):
        if model.id in seen:
            continue
        if model.status.is_shut_down(today()):
            continue  # kept in the catalog to flag models built on it, never offered for training
        is_live = model.id in live_ids or any(a in live_ids for a in model.aliases)
        rows.append(_row(model, dataset, analysis, in_catalog=True, is_live=is_live))
        seen.add(model.id)
        seen.update(model.aliases)
    for live_model in live or ():
        if live_model.id in seen:
            continue
        base = catalog.find(live_model.id, provider) if provider in ("openai", "azure") else None
        if base is not None and parse_model_id(live_model.id).form is IdForm.OPENAI:
            # A fine-tuned model can be trained further, with its base model's facts.
            entry = replace(base, id=live_model.id, display_name=live_model.id, aliases=())
            rows.append(_row(entry, dataset, analysis, in_catalog=False, is_live=True))
        elif provider in ("compatible", "local"):
            entry = local_models([dict(live_model.raw, id=live_model.id)])[0]
            row = _row(entry, dataset, analysis, in_catalog=False, is_live=True)
            if provider == "compatible":
                row = replace(
                    row,
                    price_per_million=None,
                    description=_not_in_catalog_text(),
                )
            rows.append(row)
        seen.add(live_model.id)
    return rows


def _not_in_catalog_text() -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(
        "ModelRows", "Not in the catalog: its formats, limits and price are not known here."
    )


def no_model_trains(profile: Profile | None, dataset: Dataset, analysis: Analysis | None) -> str | None:
    """Why no model of ``profile``'s provider can train on this data, or None when one can.

    Judged from the catalog for the profile the model page starts on. The local engine trains every
    data kind on every base model, so only a provider whose catalog refuses all its models is named.
    """
    from PySide6.QtCore import QCoreApplication

    if profile is None or catalog_provider(profile) in ("local", "compatible"):
        return None
    rows = model_rows(profile, dataset, analysis, None)
    if not rows or any(row.usable for row in rows):
        return None
    name = profile.name or catalog_provider(profile)
    reason = rows[0].incompatibility or ""
    text = QCoreApplication.translate(
        "ModelRows",
        "No errors in the data, but no model of %1 can train on it (%2). Convert the data with a fix, "
        "or choose the local engine on the next page: it trains every data format.",
    )
    return _fill(text, name, reason)


def _fill(text: str, *values: str) -> str:
    """``text`` with %1, %2, … replaced in one pass (a value that holds "%2" stays as it is)."""

    def value(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        return values[index] if 0 <= index < len(values) else match.group(0)

    return re.sub(r"%(\d)", value, text)
