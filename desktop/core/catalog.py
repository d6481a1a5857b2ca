"""The model catalog: which base models can be fine-tuned where, on what data, at what price.

All facts live in ONE data file, ``resources/catalog.json``, that users can update: a copy named
``catalog.json`` in the config folder (its path is passed in; core knows no Qt) replaces bundled
entries with the same provider and id and may add new ones. Every fact carries the date it was
checked. Local engine models are merged in at run time from the engine's ``/v1/models`` by the
provider layer (:func:`model_from_dict`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from desktop.core.dataset import ExampleKind
from desktop.core.tokens import EncodingName, base_model_id, encoding_for_model

BUNDLED_CATALOG = Path(__file__).resolve().parents[2] / "resources" / "catalog.json"
USER_CATALOG_NAME = "catalog.json"

METHOD_SUPERVISED = "supervised"
METHOD_DPO = "dpo"
METHOD_REINFORCEMENT = "reinforcement"

_SNAPSHOT_SUFFIX = re.compile(r"-\d{4}(-\d{2}-\d{2})?$")

# What the local engine trains on every base model (it formats each kind itself).
LOCAL_ENGINE_FORMATS = frozenset({ExampleKind.CHAT, ExampleKind.PROMPT_COMPLETION, ExampleKind.PREFERENCE})
LOCAL_ENGINE_METHODS = frozenset({METHOD_SUPERVISED, METHOD_DPO})

# Warn this many days before a model stops taking new jobs or shuts down.
RETIREMENT_WARNING_DAYS = 90

_METHOD_NAMES = {
    METHOD_SUPERVISED: ("supervised fine-tuning (SFT)", "监督微调（SFT）"),
    METHOD_DPO: ("preference tuning (DPO)", "偏好微调（DPO）"),
    METHOD_REINFORCEMENT: ("reinforcement fine-tuning", "强化微调"),
}
_KIND_NAMES = {
    ExampleKind.PROMPT_COMPLETION: ("prompt/completion pairs", "提示/补全对"),
    ExampleKind.CHAT: ("chat conversations", "对话"),
    ExampleKind.PREFERENCE: ("preference pairs", "偏好对"),
}


@dataclass(frozen=True)
class InferencePrice:
    """US dollars per 1M tokens when calling the fine-tuned model."""

    input: float | None = None
    cached_input: float | None = None
    output: float | None = None


@dataclass(frozen=True)
class ModelStatus:
    state: str = "available"  # available | winding_down | deprecated | retired
    new_jobs_stop: date | None = None
    deprecation: date | None = None
    shutdown: date | None = None
    # Azure publishes "no earlier than" dates: the day is the earliest it can happen, not a promise.
    new_jobs_stop_not_before: bool = False
    shutdown_not_before: bool = False

    def is_shut_down(self, today: date) -> bool:
        """Whether the model is gone (fine-tunes on it answer no more): never offered for training."""
        if self.state == "retired":
            return True
        return self.shutdown is not None and not self.shutdown_not_before and today >= self.shutdown


@dataclass(frozen=True)
class CatalogModel:
    provider: str  # "openai", "azure", "local" or a custom provider's name
    id: str
    display_name: str = ""
    aliases: tuple[str, ...] = ()
    encoding: EncodingName = "o200k_base"
    formats: frozenset[ExampleKind] = frozenset({ExampleKind.CHAT})
    methods: frozenset[str] = frozenset({METHOD_SUPERVISED})
    max_example_tokens: int | None = None
    training_price_per_1m: float | None = None
    inference_price: InferencePrice = field(default_factory=InferencePrice)
    status: ModelStatus = field(default_factory=ModelStatus)
    notes_en: str = ""
    notes_zh: str = ""
    checked: Mapping[str, str] = field(default_factory=dict)  # fact name -> ISO date checked
    sources: Mapping[str, str] = field(default_factory=dict)  # fact name -> where it came from

    @property
    def key(self) -> tuple[str, str]:
        return (self.provider, self.id)

    @property
    def name(self) -> str:
        return self.display_name or self.id

    def notes(self, lang: str) -> str:
        return self.notes_zh if lang.startswith("zh") and self.notes_zh else self.notes_en

    def matches(self, model_id: str) -> bool:
        wanted = base_model_id(model_id)
        return wanted == self.id.lower() or wanted in (a.lower() for a in self.aliases)


@dataclass(frozen=True)
class ProviderInfo:
    id: str
    name: str
    new_jobs_stop: date | None = None
    notes_en: str = ""
    notes_zh: str = ""

    def notes(self, lang: str) -> str:
        return self.notes_zh if lang.startswith("zh") and self.notes_zh else self.notes_en


@dataclass
class Catalog:
    models: list[CatalogModel]
    providers: dict[str, ProviderInfo]
    updated: str = ""
    problems: list[str] = field(default_factory=list)  # e.g. a broken user file that was ignored

    def for_provider(self, provider: str) -> list[CatalogModel]:
        return [m for m in self.models if m.provider == provider]

    def find(self, model_id: str, provider: str | None = None) -> CatalogModel | None:
        """The entry for a model id, an alias or a fine-tuned model's base (``ft:...``)."""
        for model in self.models:
            if (provider is None or model.provider == provider) and model.matches(model_id):
                return model
        # A dated snapshot of an undated entry ("my-model-2099-01-01" -> "my-model"). Never an entry that
        # is itself a dated snapshot (or aliased by one): gpt-4o-2024-05-13 is not gpt-4o-2024-08-06, and
        # treating one as the other would offer a shut-down model or hide a retirement.
        wanted = base_model_id(model_id)
        for model in self.models:
            if provider is not None and model.provider != provider:
                continue
            if _SNAPSHOT_SUFFIX.search(model.id.lower()):
                continue
            for name in (model.id.lower(), *(a.lower() for a in model.aliases)):
                if wanted.startswith(name) and _SNAPSHOT_SUFFIX.fullmatch(wanted[len(name) :]):
                    return model
        return None

    def with_models(self, extra: Iterable[CatalogModel]) -> Catalog:
        """This catalog with ``extra`` added, replacing entries with the same provider and id."""
        merged = {m.key: m for m in self.models}
        for model in extra:
            merged[model.key] = model
        return Catalog(list(merged.values()), dict(self.providers), self.updated, list(self.problems))


# --- Loading ----------------------------------------------------------------------------------


def _fact(entry: Mapping[str, Any], name: str) -> tuple[Any, str, str]:
    """A fact's value, checked date and source; a bare value is accepted too (hand edits)."""
    raw = entry.get(name)
    if isinstance(raw, Mapping) and "value" in raw:
        return raw.get("value"), str(raw.get("checked") or ""), str(raw.get("source") or "")
    return raw, "", ""


def _date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        return date.fromisoformat(value[:10])
    return None


def _price(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def _kinds(values: Iterable[str]) -> frozenset[ExampleKind]:
    kinds = set()
    for value in values:
        normalised = str(value).replace("-", "_").lower()
        if normalised in ("prompt_completion", "completion"):
            kinds.add(ExampleKind.PROMPT_COMPLETION)
        elif normalised in ("chat", "messages"):
            kinds.add(ExampleKind.CHAT)
        elif normalised in ("preference", "dpo"):
            kinds.add(ExampleKind.PREFERENCE)
    return frozenset(kinds)


def model_from_dict(entry: Mapping[str, Any], provider: str | None = None) -> CatalogModel:
    """A catalog entry from a plain dict: a catalog.json entry or a local engine's /v1/models item.

    An engine item looks like ``{"id": "tiny-llama", "owned_by": "local", "context_length": 2048}``;
    missing facts get defaults: for the local engine every data kind with SFT or DPO and no price,
    elsewhere the conservative chat data with SFT.
    """
    model_id = str(entry["id"])
    provider_name = str(entry.get("provider") or provider or entry.get("owned_by") or "local")
    checked: dict[str, str] = {}
    sources: dict[str, str] = {}

    def fact(name: str) -> Any:
        value, when, source = _fact(entry, name)
        if when:
            checked[name] = when
        if source:
            sources[name] = source
        return value

    formats_value = fact("formats")
    methods_value = fact("methods")
    limit = fact("max_example_tokens")
    if limit is None:
        limit = entry.get("context_length") or entry.get("max_model_len")
    training_price = fact("training_price_per_1m")
    inference = fact("inference_price_per_1m")
    status_value = fact("status")
    notes = entry.get("notes")
    encoding = entry.get("encoding")
    if encoding not in ("o200k_base", "cl100k_base"):
        encoding = encoding_for_model(model_id)

    status = ModelStatus()
    if isinstance(status_value, Mapping):
        status = ModelStatus(
            state=str(status_value.get("state") or "available"),
            new_jobs_stop=_date(status_value.get("new_jobs_stop")),
            deprecation=_date(status_value.get("deprecation")),
            shutdown=_date(status_value.get("shutdown")),
            new_jobs_stop_not_before=bool(status_value.get("new_jobs_stop_not_before")),
            shutdown_not_before=bool(status_value.get("shutdown_not_before")),
        )
    inference_price = InferencePrice()
    if isinstance(inference, Mapping):
        inference_price = InferencePrice(
            _price(inference.get("input")),
            _price(inference.get("cached_input")),
            _price(inference.get("output")),
        )
    is_local = provider_name == "local"
    if is_local and training_price is None:
        training_price = 0.0  # training on this computer costs nothing but time
    # The local engine trains every base model on chat, prompt/completion (formatted as it is) and
    # preference pairs, with SFT or DPO: an engine item that does not say otherwise takes all of them.
    default_formats = LOCAL_ENGINE_FORMATS if is_local else frozenset({ExampleKind.CHAT})
    default_methods = LOCAL_ENGINE_METHODS if is_local else frozenset({METHOD_SUPERVISED})
    return CatalogModel(
        provider=provider_name,
        id=model_id,
        display_name=str(entry.get("display_name") or ""),
        aliases=tuple(str(a) for a in entry.get("aliases") or ()),
        encoding=encoding,
        formats=_kinds(formats_value) if formats_value else default_formats,
        methods=frozenset(str(m) for m in methods_value) if methods_value else default_methods,
        max_example_tokens=int(limit) if limit else None,
        training_price_per_1m=_price(training_price),
        inference_price=inference_price,
        status=status,
        notes_en=str(notes.get("en") or "") if isinstance(notes, Mapping) else str(notes or ""),
        notes_zh=str(notes.get("zh") or "") if isinstance(notes, Mapping) else "",
        checked=checked,
        sources=sources,
    )


def _providers_from(data: Mapping[str, Any]) -> dict[str, ProviderInfo]:
    providers = {}
    for key, entry in (data.get("providers") or {}).items():
        stop, _, _ = _fact(entry, "new_jobs_stop")
        notes = entry.get("notes") or {}
        providers[key] = ProviderInfo(
            id=key,
            name=str(entry.get("name") or key),
            new_jobs_stop=_date(stop),
            notes_en=str(notes.get("en") or ""),
            notes_zh=str(notes.get("zh") or ""),
        )
    return providers


def _entries(data: Mapping[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(str(e.get("provider") or "local"), str(e["id"])): dict(e) for e in data.get("models") or []}


def load_catalog(user_path: Path | None = None, bundled_path: Path = BUNDLED_CATALOG) -> Catalog:
    """The bundled catalog, updated by the user's copy at ``user_path`` when there is one.

    ``user_path`` is a file, or the config folder holding ``catalog.json``. A user file that cannot be
    read is ignored and named in ``Catalog.problems`` (the app shows it) instead of failing.
    """
    data = json.loads(bundled_path.read_text(encoding="utf-8"))
    entries = _entries(data)
    catalog = Catalog(
        [model_from_dict(e) for e in entries.values()], _providers_from(data), str(data.get("updated") or "")
    )
    if user_path is None:
        return catalog
    if user_path.is_dir():
        user_path = user_path / USER_CATALOG_NAME
    if not user_path.is_file():
        return catalog
    try:
        user_data = json.loads(user_path.read_text(encoding="utf-8"))
        # A user entry updates the facts it names; the bundled entry keeps the others.
        for key, user_entry in _entries(user_data).items():
            entries[key] = {**entries.get(key, {}), **user_entry}
        models = [model_from_dict(e) for e in entries.values()]
        providers = {**catalog.providers, **_providers_from(user_data)}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        catalog.problems.append(f"{user_path}: {exc}")
        return catalog
    return Catalog(models, providers, max(catalog.updated, str(user_data.get("updated") or "")))


# --- Decisions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Compatibility:
    ok: bool
    reason_en: str = ""
    reason_zh: str = ""

    def reason(self, lang: str) -> str:
        return self.reason_zh if lang.startswith("zh") else self.reason_en

    def __iter__(self):  # type: ignore[no-untyped-def]
        # Lets callers write ``ok, reason_en, reason_zh = compatibility(...)``.
        return iter((self.ok, self.reason_en, self.reason_zh))


def method_for_kind(kind: ExampleKind) -> str:
    return METHOD_DPO if kind is ExampleKind.PREFERENCE else METHOD_SUPERVISED


def compatibility(
    model: CatalogModel,
    dataset_kind: ExampleKind,
    method: str | None = None,
    *,
    today: date | None = None,
    longest_example_tokens: int | None = None,
) -> Compatibility:
    """Whether ``model`` can be trained on data of ``dataset_kind`` with ``method``, and why not."""
    method = method or method_for_kind(dataset_kind)
    if today is not None:
        stop = model.status.new_jobs_stop
        if model.status.is_shut_down(today):
            when = model.status.shutdown
            return Compatibility(
                False,
                f"{model.name} was shut down" + (f" on {when.isoformat()}." if when else "."),
                f"{model.name} 已" + (f"于 {when.isoformat()} " if when else "") + "下线。",
            )
        if stop is not None and today >= stop and not model.status.new_jobs_stop_not_before:
            return Compatibility(
                False,
                f"{model.name} no longer accepts new fine-tuning jobs (since {stop.isoformat()}).",
                f"{model.name} 自 {stop.isoformat()} 起不再接受新的微调任务。",
            )
    if method not in model.methods:
        en, zh = _METHOD_NAMES.get(method, (method, method))
        return Compatibility(
            False,
            f"{model.name} does not support {en}.",
            f"{model.name} 不支持{zh}。",
        )
    if method == METHOD_DPO and dataset_kind is not ExampleKind.PREFERENCE:
        return Compatibility(
            False,
            "Preference tuning (DPO) needs preference pairs (a preferred and a non-preferred answer).",
            "偏好微调（DPO）需要偏好对数据（一个更好的回答和一个较差的回答）。",
        )
    if method == METHOD_SUPERVISED and dataset_kind is ExampleKind.PREFERENCE:
        return Compatibility(
            False,
            "Preference pairs train with DPO, not supervised fine-tuning.",
            "偏好对数据应使用 DPO 训练，而不是监督微调。",
        )
    if dataset_kind not in model.formats and not (
        method == METHOD_DPO and ExampleKind.PREFERENCE in model.formats
    ):
        kind_en, kind_zh = _KIND_NAMES[dataset_kind]
        wants = sorted(model.formats, key=lambda k: k.value)
        wants_en = " or ".join(_KIND_NAMES[k][0] for k in wants)
        wants_zh = "或".join(_KIND_NAMES[k][1] for k in wants)
        return Compatibility(
            False,
            f"{model.name} trains on {wants_en}, not {kind_en}; a fix can convert the data.",
            f"{model.name} 使用{wants_zh}训练，而不是{kind_zh}；可以用修复功能转换数据。",
        )
    limit = model.max_example_tokens
    if longest_example_tokens is not None and limit is not None and longest_example_tokens > limit:
        return Compatibility(
            False,
            f"The longest example has {longest_example_tokens:,} tokens; "
            f"{model.name} takes at most {limit:,}.",
            f"最长的样本有 {longest_example_tokens:,} 个词元，而 {model.name} 最多接受 {limit:,} 个。",
        )
    return Compatibility(True)


def retirement_warning(model: CatalogModel, today: date) -> tuple[str, str] | None:
    """A warning (English, Chinese) when the model stops training or shuts down soon, or already has."""
    status = model.status
    if status.new_jobs_stop_not_before or status.shutdown_not_before:
        return _not_before_warning(model, today)
    if status.shutdown is not None and today >= status.shutdown:
        return (
            f"{model.name} was shut down on {status.shutdown.isoformat()}.",
            f"{model.name} 已于 {status.shutdown.isoformat()} 下线。",
        )
    if status.new_jobs_stop is not None:
        stop = status.new_jobs_stop
        days = (stop - today).days
        if days <= 0:
            return (
                f"{model.name} no longer accepts new fine-tuning jobs (since {stop.isoformat()}).",
                f"{model.name} 自 {stop.isoformat()} 起不再接受新的微调任务。",
            )
        if days <= RETIREMENT_WARNING_DAYS:
            shutdown_en = shutdown_zh = ""
            if status.shutdown is not None:
                shutdown_en = f" The base model is reported to retire on {status.shutdown.isoformat()}."
                shutdown_zh = f"据报道，其基础模型将于 {status.shutdown.isoformat()} 下线。"
            return (
                f"New fine-tuning jobs on {model.name} stop on {stop.isoformat()} ({days} days left). "
                f"Keep your data and files so you can train elsewhere.{shutdown_en}",
                f"{model.name} 将于 {stop.isoformat()} 停止接受新的微调任务（还剩 {days} 天）。"
                f"请保留数据和文件，以便在其他地方继续训练。{shutdown_zh}",
            )
    if status.shutdown is not None and (status.shutdown - today).days <= RETIREMENT_WARNING_DAYS:
        return (
            f"{model.name} retires on {status.shutdown.isoformat()}.",
            f"{model.name} 将于 {status.shutdown.isoformat()} 下线。",
        )
    if status.deprecation is not None and today >= status.deprecation:
        return (
            f"{model.name} is deprecated since {status.deprecation.isoformat()}.",
            f"{model.name} 自 {status.deprecation.isoformat()} 起已弃用。",
        )
    return None


def _not_before_warning(model: CatalogModel, today: date) -> tuple[str, str] | None:
    """Azure's "no earlier than" schedule: say when training may end, and until when fine-tunes answer."""
    status = model.status
    stop, shutdown = status.new_jobs_stop, status.shutdown
    if shutdown is not None and today >= shutdown:
        return (
            f"Deployed fine-tunes of {model.name} were due to stop answering on {shutdown.isoformat()}.",
            f"{model.name} 的已部署微调模型原定于 {shutdown.isoformat()} 停止应答。",
        )
    if stop is None or (stop - today).days > RETIREMENT_WARNING_DAYS:
        return None
    until_en = f"; deployed fine-tunes answer until {shutdown.isoformat()}" if shutdown else ""
    until_zh = f"；已部署的微调模型可调用至 {shutdown.isoformat()}" if shutdown else ""
    if today >= stop:
        return (
            f"Training on {model.name} may end any day now (no earlier than {stop.isoformat()}){until_en}.",
            f"{model.name} 的训练随时可能结束（最早 {stop.isoformat()}）{until_zh}。",
        )
    return (
        f"Training on {model.name} ends no earlier than {stop.isoformat()} "
        f"({(stop - today).days} days left){until_en}.",
        f"{model.name} 的训练最早于 {stop.isoformat()} 结束（还剩 {(stop - today).days} 天）{until_zh}。",
    )


def local_models(items: Iterable[Mapping[str, Any]]) -> list[CatalogModel]:
    """Catalog entries for the local engine's ``/v1/models`` items (already plain dicts)."""
    return [model_from_dict(item, provider="local") for item in items]
