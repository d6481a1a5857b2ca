"""The keep page's table models, checked with qtmodeltester, and their urgency colours."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from desktop.core.catalog import load_catalog
from desktop.providers.jobs import JobInfo
from desktop.providers.keep.inventory import build_inventory
from desktop.providers.keep.retrain import map_hyperparameters
from desktop.providers.profiles import ProviderKind
from desktop.ui.keep.hyperparameters_model import HyperparameterTableModel
from desktop.ui.keep.inventory_model import (
    OVERDUE_BACKGROUND,
    SOON_BACKGROUND,
    URGENT_BACKGROUND,
    Column,
    InventoryTableModel,
    ItemRole,
)


def job(job_id: str, model: str, created: int, **extra: object) -> JobInfo:
    return JobInfo.from_api(
        {
            "id": job_id,
            "status": "succeeded",
            "model": model,
            "created_at": created,
            "suffix": job_id,
            **extra,
        }
    )


def test_inventory_model_shows_days_left_with_urgency_colours(qtmodeltester: ModelTester) -> None:
    catalog = load_catalog()
    jobs = [
        job(
            "mini",
            "gpt-4o-mini-2024-07-18",
            1_764_000_000,
            fine_tuned_model="ft:gpt-4o-mini-2024-07-18:o:mini:1",
            trained_tokens=12345,
        ),
        job("local", "tiny-random", 1_764_000_100),
    ]
    model = InventoryTableModel()
    qtmodeltester.check(model)
    for today, colour in (
        (date(2026, 11, 25), SOON_BACKGROUND),  # 42 days before new jobs stop
        (date(2026, 12, 20), URGENT_BACKGROUND),  # 17 days
        (date(2027, 1, 10), OVERDUE_BACKGROUND),  # already stopped
    ):
        model.set_items(build_inventory(jobs, [], catalog, "openai", today))
        qtmodeltester.check(model)
        first = model.index(0, Column.NEW_JOBS_STOP)
        assert model.data(model.index(0, 0), ItemRole).job_id == "mini"
        assert model.data(first, Qt.ItemDataRole.BackgroundRole).color() == colour
    model.set_items(build_inventory(jobs, [], catalog, "openai", date(2026, 11, 25)))
    assert model.data(model.index(0, Column.NEW_JOBS_STOP)) == "2027-01-06 (42 days left)"
    assert model.data(model.index(0, Column.RETIRES)) == "2027-01-14 (50 days left)"
    assert model.data(model.index(0, Column.TRAINED_TOKENS)) == "12,345"
    assert model.data(model.index(0, Column.MODEL)) == "ft:gpt-4o-mini-2024-07-18:o:mini:1"
    assert model.data(model.index(1, Column.RETIRES)) == "—"
    assert model.data(model.index(1, Column.RETIRES), Qt.ItemDataRole.BackgroundRole) is None
    local_only = build_inventory(jobs[1:], [], catalog, "local", date(2026, 11, 25))
    model.set_items(local_only)
    assert model.data(model.index(0, Column.NEW_JOBS_STOP)) == "—"


def test_hyperparameter_model_shows_what_is_sent_and_why(qtmodeltester: ModelTester) -> None:
    model = HyperparameterTableModel()
    qtmodeltester.check(model)
    model.set_rows(
        map_hyperparameters(
            {"n_epochs": 80, "batch_size": 2, "learning_rate_multiplier": 1.8, "extra": 1},
            "supervised",
            ProviderKind.OPENAI,
        )
    )
    qtmodeltester.check(model)
    rows = {
        model.data(model.index(r, 0)): [model.data(model.index(r, c)) for c in range(4)]
        for r in range(model.rowCount())
    }
    assert rows["n_epochs"][1:3] == ["80", "50"] and "range" in rows["n_epochs"][3]
    assert rows["learning_rate_multiplier"][1:3] == ["1.8", "1.8"]
    assert rows["extra"][2] == "not sent"


def test_a_typed_target_value_overrides_the_mapping(qtmodeltester: ModelTester) -> None:
    model = HyperparameterTableModel()
    model.set_rows(
        map_hyperparameters(
            {"n_epochs": 3, "learning_rate_multiplier": 25.0}, "supervised", ProviderKind.LOCAL
        )
    )
    qtmodeltester.check(model)
    rows = {model.data(model.index(r, 0)): r for r in range(model.rowCount())}
    rate = model.index(rows["learning_rate_multiplier"], 2)
    epochs = model.index(rows["n_epochs"], 2)
    assert model.flags(rate) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(epochs, "2.5")  # epochs are whole numbers
    assert not model.setData(rate, "-1")
    assert model.setData(rate, "1")
    assert (
        model.data(rate) == "1"
        and model.data(model.index(rows["learning_rate_multiplier"], 3)) == "Changed by you."
    )
    assert model.overrides() == {"learning_rate_multiplier": 1.0}
    assert model.setData(rate, "25")  # back to the mapped value: no longer an override
    assert model.overrides() == {}
