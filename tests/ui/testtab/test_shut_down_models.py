"""The test tab's model list says when a model's base was shut down, and never picks it by default."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.providers.inference import ModelChoice, ModelKind
from desktop.ui.testtab.models import ModelListModel


def test_a_shut_down_fine_tune_is_labelled_and_not_picked(qtbot: QtBot) -> None:
    model = ModelListModel(checkable=True)
    gone = ModelChoice("ft:gpt-4.1-nano-2025-04-14:acme::n1", ModelKind.FINE_TUNED, shut_down="2026-10-23")
    alive = ModelChoice("ft:gpt-4o-mini-2024-07-18:acme::m1", ModelKind.FINE_TUNED)
    model.set_choices([gone, alive])
    label = model.data(model.index(0), Qt.ItemDataRole.DisplayRole)
    assert "shut down on 2026-10-23" in label
    assert "2026-10-23" in model.data(model.index(0), Qt.ItemDataRole.ToolTipRole)
    assert "shut down" not in model.data(model.index(1), Qt.ItemDataRole.DisplayRole)
    assert model.default_models(3) == [alive.id]
