""" "Test connection": can we reach the provider, with this key, and fine-tune there? On which models?

:func:`test_connection` never raises: it returns a :class:`ConnectionReport` that either lists the
models (and which of them can be fine-tuned there, from the model catalog and the local engine's own
list) or says exactly what is wrong: bad key, no network, proxy refused, wrong base URL, or an
organisation blocked from training.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop.core.i18n import pick
from desktop.core.model_ids import is_fine_tuned
from desktop.providers.client import make_client
from desktop.providers.errors import (
    ErrorKind,
    ProviderError,
    translate_error,
    with_retries,
    wrong_base_url_error,
)
from desktop.providers.profiles import Profile, ProviderKind

if TYPE_CHECKING:
    import openai

    from desktop.core.catalog import Catalog

log = logging.getLogger(__name__)

# A file id that cannot exist: creating a job with it costs nothing and no job is made, but an
# organisation that may not train is refused (403 training_not_available) before the file is checked.
PROBE_TRAINING_FILE_ID = "file-finetune-desk-connection-probe"
# The probe creates a job on a model that still trains today, picked from the catalog (preferring
# these, cheapest first); a fixed id would go stale with the next retirement (gpt-4.1-mini: 2027-01-14).
PROBE_MODEL_PREFERENCE = ("gpt-4o-mini-2024-07-18", "gpt-4.1-mini-2025-04-14", "gpt-4.1-2025-04-14")
# Error codes with which OpenAI refuses the model named in a job (not the training file).
_MODEL_REFUSAL_CODES = frozenset({"model_not_found", "model_not_available", "invalid_model"})

_CATALOG_PROVIDER = {
    ProviderKind.OPENAI: "openai",
    ProviderKind.AZURE: "azure",
    ProviderKind.LOCAL: "local",
}


@dataclass(frozen=True)
class ModelInfo:
    id: str
    owned_by: str = ""
    can_fine_tune: bool | None = None  # None: this provider does not say
    fine_tuned: bool = False  # a fine-tuned model (the result of a job)
    reason_en: str = ""  # why it cannot be fine-tuned, when it cannot
    reason_zh: str = ""

    @property
    def reason(self) -> str:
        return pick(self.reason_en, self.reason_zh)


@dataclass
class ConnectionReport:
    profile_id: str
    base_url: str
    error: ProviderError | None = None  # set when the provider could not be used at all
    models: list[ModelInfo] = field(default_factory=list)
    fine_tuning_available: bool | None = None  # None: could not tell
    fine_tuning_error: ProviderError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def trainable_models(self) -> list[ModelInfo]:
        return [m for m in self.models if m.can_fine_tune]

    @property
    def summary_en(self) -> str:
        if self.error is not None:
            return self.error.message_en
        trainable = len(self.trainable_models)
        text = f"Connected. {len(self.models)} models available, {trainable} can be fine-tuned here."
        if self.fine_tuning_error is not None:
            text += " " + self.fine_tuning_error.message_en
        return text

    @property
    def summary_zh(self) -> str:
        if self.error is not None:
            return self.error.message_zh
        trainable = len(self.trainable_models)
        text = f"连接成功。共有 {len(self.models)} 个模型可用，其中 {trainable} 个可在此微调。"
        if self.fine_tuning_error is not None:
            text += self.fine_tuning_error.message_zh
        return text

    @property
    def summary(self) -> str:
        return pick(self.summary_en, self.summary_zh)


def _model_items(raw: Any, base_url: str) -> list[dict[str, Any]]:
    """The /models list from a raw response; a page that is not one means a wrong base URL."""
    response = raw.http_response
    try:
        body = response.json() if "json" in response.headers.get("content-type", "") else None
    except ValueError:
        body = None
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        raise wrong_base_url_error(base_url, status_code=response.status_code)
    return [dict(item) for item in body["data"] if isinstance(item, dict)]


def classify_models(
    profile: Profile, items: list[dict[str, Any]], catalog: Catalog, today: date
) -> list[ModelInfo]:
    """Which of the listed models can be fine-tuned on this profile's provider, and why not."""
    from desktop.core.catalog import local_models

    provider = _CATALOG_PROVIDER.get(profile.kind)
    local_entries = {m.id: m for m in local_models(items)} if profile.kind is ProviderKind.LOCAL else {}
    found: list[ModelInfo] = []
    for item in items:
        model_id = str(item.get("id", ""))
        if not model_id:
            continue
        owned_by = str(item.get("owned_by") or "")
        fine_tuned = is_fine_tuned(model_id) or bool(item.get("fine_tuned"))
        if profile.kind is ProviderKind.LOCAL:
            # The engine trains its base models (owned by "system"), not the results of its jobs.
            trainable = item.get("trainable")
            if trainable is not None:
                can: bool | None = bool(trainable)
            else:
                can = model_id in local_entries and not fine_tuned
            found.append(ModelInfo(model_id, owned_by, can, fine_tuned))
            continue
        entry = catalog.find(model_id, provider) if provider else catalog.find(model_id)
        if entry is None:
            if provider is None:
                found.append(ModelInfo(model_id, owned_by, None, fine_tuned))
            else:
                found.append(
                    ModelInfo(
                        model_id,
                        owned_by,
                        False,
                        fine_tuned,
                        "Not a model this provider fine-tunes (per the model catalog).",
                        "按模型目录，此服务商不微调该模型。",
                    )
                )
            continue
        status = entry.status
        stop = status.new_jobs_stop
        if status.is_shut_down(today):
            when = status.shutdown.isoformat() if status.shutdown else ""
            found.append(
                ModelInfo(
                    model_id,
                    owned_by,
                    False,
                    fine_tuned,
                    f"Shut down{' on ' + when if when else ''}"
                    + (": this fine-tuned model no longer answers." if fine_tuned else "."),
                    f"已{'于 ' + when + ' ' if when else ''}下线"
                    + ("：此微调模型不再应答。" if fine_tuned else "。"),
                )
            )
        elif stop is not None and today >= stop and not status.new_jobs_stop_not_before:
            found.append(
                ModelInfo(
                    model_id,
                    owned_by,
                    False,
                    fine_tuned,
                    f"No new fine-tuning jobs since {stop.isoformat()}.",
                    f"自 {stop.isoformat()} 起不再接受新的微调任务。",
                )
            )
        else:
            found.append(ModelInfo(model_id, owned_by, provider is not None or None, fine_tuned))
    return sorted(found, key=lambda m: (m.can_fine_tune is not True, m.fine_tuned, m.id))


def probe_model(catalog: Catalog, today: date) -> str | None:
    """The OpenAI model the probe names: one that takes new jobs today (None: none does)."""
    provider = catalog.providers.get("openai")
    if provider is not None and provider.new_jobs_stop is not None and today >= provider.new_jobs_stop:
        return None
    trainable = [
        m.id
        for m in catalog.for_provider("openai")
        if not m.status.is_shut_down(today)
        and (m.status.new_jobs_stop is None or today < m.status.new_jobs_stop)
        and "supervised" in m.methods
    ]
    for model_id in PROBE_MODEL_PREFERENCE:
        if model_id in trainable:
            return model_id
    return trainable[0] if trainable else None


def _refuses_the_model(exc: BaseException, model: str) -> bool:
    """Whether a 400/404 from the probe is about the model it named, not the (absent) file."""
    param = getattr(exc, "param", None)
    code = getattr(exc, "code", None)
    message = str(getattr(exc, "message", "") or exc)
    return param == "model" or code in _MODEL_REFUSAL_CODES or model in message


def _no_openai_training(stop: date | None) -> ProviderError:
    when = stop.isoformat() if stop else ""
    return ProviderError(
        ErrorKind.TRAINING_NOT_AVAILABLE,
        f"OpenAI takes no new fine-tuning jobs (none after {when}). Your files and fine-tuned models stay "
        "usable until their models shut down. Train on the local engine (this computer) or on Azure OpenAI.",
        f"OpenAI 已不再接受新的微调任务（{when} 之后不再接受）。你的文件和微调模型在其模型下线前仍可使用。"
        "请改用本地引擎（本机）或 Azure OpenAI 训练。",
        retryable=False,
    )


def _probe_fine_tuning(
    profile: Profile, client: openai.OpenAI, catalog: Catalog, today: date
) -> tuple[bool | None, ProviderError | None]:
    """Whether this key may use fine-tuning here (without creating anything)."""
    model = probe_model(catalog, today) if profile.kind is ProviderKind.OPENAI else None
    if profile.kind is ProviderKind.OPENAI and model is None:
        stop = catalog.providers["openai"].new_jobs_stop if "openai" in catalog.providers else None
        return False, _no_openai_training(stop)
    try:
        if model is not None:
            client.fine_tuning.jobs.create(model=model, training_file=PROBE_TRAINING_FILE_ID)
            return True, None  # cannot happen with a file that does not exist; harmless if it did
        client.fine_tuning.jobs.list(limit=1)
        return True, None
    except Exception as exc:
        error = translate_error(exc)
        if model is not None and error.kind in (ErrorKind.BAD_REQUEST, ErrorKind.NOT_FOUND):
            if _refuses_the_model(exc, model):
                # A refusal of the probe's own model says nothing about training: do not claim it works.
                log.info("connection probe: the probe model %s was refused (%s)", model, error.detail)
                return None, ProviderError(
                    ErrorKind.BAD_REQUEST,
                    f"Could not tell whether this key may fine-tune: OpenAI refused the model used to check "
                    f"({model}). Update the model catalog, or start a job to find out.",
                    f"无法确定此密钥能否微调：OpenAI 拒绝了用于检查的模型（{model}）。"
                    "请更新模型目录，或直接创建任务来确认。",
                    status_code=error.status_code,
                    code=error.code,
                    detail=error.detail,
                    retryable=False,
                )
            return True, None  # refused over the file, so training itself is allowed
        if error.kind in (ErrorKind.TRAINING_NOT_AVAILABLE, ErrorKind.PERMISSION, ErrorKind.AUTH):
            return False, error
        if error.kind is ErrorKind.NOT_FOUND:
            return False, ProviderError(
                ErrorKind.NOT_FOUND,
                "This server answers, but has no fine-tuning API (no /fine_tuning/jobs). "
                "You can still test models here, but train elsewhere.",
                "此服务器有应答，但没有微调 API（没有 /fine_tuning/jobs）。"
                "你仍可在此测试模型，但需在别处训练。",
                status_code=error.status_code,
                retryable=False,
            )
        return None, error


def test_connection(
    profile: Profile,
    secret: str | None,
    *,
    catalog: Catalog | None = None,
    today: date | None = None,
) -> ConnectionReport:
    """Reach the provider with ``profile`` and ``secret``; report models or what is wrong."""
    report = ConnectionReport(profile.id, profile.effective_base_url)
    problems = profile.problem_messages()
    if problems:
        report.error = ProviderError(
            ErrorKind.BAD_REQUEST,
            " ".join(english for english, _ in problems),
            "".join(chinese for _, chinese in problems),
            retryable=False,
        )
        return report
    try:
        client = make_client(profile, secret)
        raw = with_retries(lambda: client.models.with_raw_response.list(), attempts=1)
        items = _model_items(raw, profile.effective_base_url)
    except ProviderError as error:
        report.error = error
        return report
    except Exception as exc:  # translate anything the SDK raised that with_retries did not see
        report.error = translate_error(exc)
        return report
    if catalog is None:
        from desktop.core.catalog import load_catalog

        catalog = load_catalog()
    today = today or date.today()
    report.models = classify_models(profile, items, catalog, today)
    report.fine_tuning_available, report.fine_tuning_error = _probe_fine_tuning(
        profile, client, catalog, today
    )
    if report.fine_tuning_available is False:
        report.models = [
            ModelInfo(
                m.id,
                m.owned_by,
                False,
                m.fine_tuned,
                "Fine-tuning is not available with this key.",
                "此密钥无法使用微调。",
            )
            if m.can_fine_tune
            else m
            for m in report.models
        ]
    log.info(
        "connection test for profile %s: %d models, fine-tuning %s",
        profile.id,
        len(report.models),
        report.fine_tuning_available,
    )
    return report


# Not a pytest test, whatever its name (tests import it).
test_connection.__test__ = False  # type: ignore[attr-defined]
