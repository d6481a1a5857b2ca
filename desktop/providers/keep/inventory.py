"""The inventory: every fine-tuned model and job of a profile, most urgent first."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from desktop.core.catalog import Catalog
from desktop.core.model_ids import parse_model_id
from desktop.providers.jobs import JobInfo, JobService
from desktop.providers.profiles import ProviderKind

# The catalog's provider names for each kind of profile (a compatible server has none of its own).
CATALOG_PROVIDER = {
    ProviderKind.OPENAI: "openai",
    ProviderKind.AZURE: "azure",
    ProviderKind.LOCAL: "local",
}


def catalog_provider_for(kind: ProviderKind | str) -> str | None:
    if isinstance(kind, str):
        try:
            kind = ProviderKind(kind)
        except ValueError:
            return None
    return CATALOG_PROVIDER.get(kind)


@dataclass(frozen=True)
class InventoryItem:
    """One fine-tuning job (with the model it made, if any) or a fine-tuned model without a job."""

    base_model: str
    today: date
    job_id: str | None = None
    status: str = ""
    fine_tuned_model: str | None = None
    created_at: int | None = None
    suffix: str | None = None
    trained_tokens: int | None = None
    new_jobs_stop: date | None = None  # the provider stops new fine-tuning jobs on this base
    retires: date | None = None  # the base model (and so the fine-tuned model) shuts down
    job: JobInfo | None = field(default=None, compare=False)

    @property
    def key(self) -> str:
        return self.job_id or self.fine_tuned_model or self.base_model

    @property
    def created(self) -> datetime | None:
        return datetime.fromtimestamp(self.created_at, UTC) if self.created_at else None

    @property
    def days_until_new_jobs_stop(self) -> int | None:
        return (self.new_jobs_stop - self.today).days if self.new_jobs_stop else None

    @property
    def days_until_retirement(self) -> int | None:
        return (self.retires - self.today).days if self.retires else None

    @property
    def urgency_days(self) -> float:
        """The fewer days are left before anything stops, the more urgent (infinite: no date known)."""
        known = [d for d in (self.days_until_new_jobs_stop, self.days_until_retirement) if d is not None]
        return float(min(known)) if known else math.inf

    @property
    def urgency(self) -> tuple[float, float]:
        """Sort key: the nearest date first; of two equally near, the one that also retires sooner."""
        known = sorted(
            d for d in (self.days_until_new_jobs_stop, self.days_until_retirement) if d is not None
        )
        return (float(known[0]) if known else math.inf, float(known[1]) if len(known) > 1 else math.inf)

    def row(self) -> tuple[Any, ...]:
        return (
            self.job_id,
            self.status,
            self.fine_tuned_model,
            self.base_model,
            self.created_at,
            self.suffix,
            self.trained_tokens,
            self.new_jobs_stop,
            self.retires,
        )


def _dates_for(base_model: str, catalog: Catalog, provider: str | None) -> tuple[date | None, date | None]:
    model = catalog.find(base_model, provider) if provider else None
    stop = model.status.new_jobs_stop if model else None
    retires = model.status.shutdown if model else None
    info = catalog.providers.get(provider) if provider else None
    if stop is None and info is not None:
        # The provider stops every new job on that day, whatever the base model (OpenAI's wind-down).
        stop = info.new_jobs_stop
    return stop, retires


def urgency_order(items: Iterable[InventoryItem]) -> list[InventoryItem]:
    """Fewest days left first; then newest first; then by id, so the order is stable."""
    return sorted(items, key=lambda item: (*item.urgency, -(item.created_at or 0), item.key))


def build_inventory(
    jobs: Iterable[JobInfo],
    fine_tuned_models: Iterable[Mapping[str, Any]],
    catalog: Catalog,
    provider: str | None,
    today: date,
) -> list[InventoryItem]:
    """The inventory of ``jobs`` plus the listed fine-tuned models no job accounts for."""
    items: list[InventoryItem] = []
    made_by_jobs: set[str] = set()
    for job in jobs:
        stop, retires = _dates_for(job.model, catalog, provider)
        if job.fine_tuned_model:
            made_by_jobs.add(job.fine_tuned_model)
        items.append(
            InventoryItem(
                base_model=job.model,
                today=today,
                job_id=job.id,
                status=job.status,
                fine_tuned_model=job.fine_tuned_model,
                created_at=job.created_at,
                suffix=job.suffix,
                trained_tokens=job.trained_tokens,
                new_jobs_stop=stop,
                retires=retires,
                job=job,
            )
        )
    for model in fine_tuned_models:
        model_id = str(model.get("id") or "")
        if not model_id or model_id in made_by_jobs or parse_model_id(model_id).is_checkpoint:
            continue
        base = parse_model_id(model_id).base or model_id
        stop, retires = _dates_for(base, catalog, provider)
        created = model.get("created")
        items.append(
            InventoryItem(
                base_model=base,
                today=today,
                fine_tuned_model=model_id,
                created_at=int(created) if isinstance(created, int | float) else None,
                suffix=parse_model_id(model_id).suffix or None,
                new_jobs_stop=stop,
                retires=retires,
            )
        )
    return urgency_order(items)


def fetch_fine_tuned_models(client: Any) -> list[dict[str, Any]]:
    """The provider's listed fine-tuned models as plain dicts (id, created, owned_by)."""
    from desktop.providers.errors import translate_error, with_retries

    def fetch() -> list[dict[str, Any]]:
        try:
            listed = list(client.models.list())
        except Exception as error:
            raise translate_error(error) from error
        return [
            {
                "id": str(m.id),
                "created": getattr(m, "created", None),
                "owned_by": getattr(m, "owned_by", None),
            }
            for m in listed
            # Checkpoints are listed with their job (checkpoints.json), not as models of their own.
            if (parsed := parse_model_id(str(m.id))).fine_tuned and not parsed.is_checkpoint
        ]

    return with_retries(fetch, attempts=3)


def live_inventory(client: Any, catalog: Catalog, provider: str | None, today: date) -> list[InventoryItem]:
    """The inventory of a profile, asked of the provider now (blocks: call on a worker thread)."""
    from desktop.providers.errors import ErrorKind, ProviderError

    try:
        jobs = JobService(client).list_jobs()
    except ProviderError as error:
        if error.kind is not ErrorKind.NOT_FOUND:
            raise
        jobs = []  # a compatible server without the fine-tuning API: its fine-tuned models only
    return build_inventory(jobs, fetch_fine_tuned_models(client), catalog, provider, today)
